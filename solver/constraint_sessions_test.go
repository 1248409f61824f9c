package solver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/probation/rota/model/plan"
)

// sessionCases are the TestRules cases of group sessions and facilitators (constraint_sessions.go).
var sessionCases = []ruleCase{
	{
		name:  "a women-only site hosts only women's sessions",
		rules: []string{"session.women-only"},
		world: func() world {
			// a is women-only; c, 6.5 km west, is not. g is for anyone, h
			// for women, and only women need them; w3 lives 19.6 km east
			// of a, beyond 25 km of c.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a women_only=true").add(fSites, "id=c lon=-1.1").
				add(fIvs, "id=g").add(fIvs, "id=h gender=female").
				users(2, "w", "gender=female", "kind=intervention intervention=g").
				add(fUsers, "id=w3 gender=female lon=-0.7").add(fReqs, "service_user=w3 kind=intervention intervention=g").
				add(fUsers, "id=w4 gender=female").add(fReqs, "service_user=w4 kind=intervention intervention=h")
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, s := range sessionsOf(p, plan.KindSession) {
				if s.Site == "a" && s.Intervention != "h" {
					t.Errorf("session %s of %s at women-only a", s.ID, s.Intervention)
				}
			}
			wantMet(t, p, "w1", "intervention")
			wantMet(t, p, "w2", "intervention")
			wantMet(t, p, "w4", "intervention")
			wantUnmet(t, p, "w3", "intervention", 1, "no site that may run g within 25 km")
		},
	},
	{
		name:  "intervention's sites",
		rules: []string{"session.site-allowed"},
		world: func() world {
			// g may run only at c, 6.5 km away, not at a where u1 lives.
			return newWorld().add(fSites, "id=c lon=-1.1").add(fIvs, "id=g sites=c").
				users(1, "u", "", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "intervention")
			for _, s := range p.Sessions {
				if s.Site != "c" {
					t.Errorf("g at %s, allowed only at c", s.Site)
				}
			}
		},
	},
	{
		name:  "session fits the slot",
		rules: []string{"session.slot-length"},
		world: func() world {
			// A 2-hour group; u1 can come only in a 90-minute evening slot.
			return newWorld().set("slots", "morning:09:00-12:30 evening:17:30-19:00").add(fIvs, "id=g").
				users(1, "u", "available=mon:evening", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Sessions) != 0 {
				t.Errorf("a 2-hour session in a 90-minute slot: %+v", p.Sessions)
			}
			wantUnmet(t, p, "u1", "intervention", 1, "")
		},
	},
	{
		name:  "group rooms",
		rules: []string{"session.group-rooms"},
		world: func() world {
			// One slot, one group room; groups of exactly two; four people.
			return newWorld().set("slots", "morning:09:00-12:30").
				add(fIvs, "id=g min_group=2 max_group=2").
				users(2, "u", "", "kind=intervention intervention=g priority=1").
				users(2, "v", "", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Sessions); n != 1 {
				t.Errorf("%d sessions, want 1 (one room, one slot)", n)
			}
			wantMet(t, p, "u1", "intervention")
			wantUnmet(t, p, "v1", "intervention", 1, "full")
			wantUnmet(t, p, "v2", "intervention", 1, "full")
		},
	},
	{
		name:  "seats per room",
		rules: []string{"session.seats"},
		world: func() world {
			// Two rooms of three seats, one slot, seven people.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a group_rooms=2 seats_per_room=3").set("slots", "morning:09:00-12:30").
				add(fIvs, "id=g max_group=12").
				users(7, "u", "", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, s := range p.Sessions {
				if s.Size > 3 {
					t.Errorf("session %s has %d attendees in a room of 3 seats", s.ID, s.Size)
				}
			}
			if got := totalUnmet(p, "sessions"); got != 1 {
				t.Errorf("%g sessions unmet, want 1", got)
			}
		},
	},
	{
		name:  "group maximum",
		rules: []string{"session.group-size"},
		world: func() world {
			// Thirteen eligible people for a group of at most twelve.
			return newWorld().set("slots", "morning:09:00-12:30").
				add(fIvs, "id=g max_group=12").
				users(13, "u", "", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Unmet) != 1 {
				t.Fatalf("%d unmet rows, want 1: %+v", len(p.Unmet), p.Unmet)
			}
			if u := p.Unmet[0]; u.Unmet != 1 || !strings.Contains(u.Reason, "full") {
				t.Errorf("unmet %+v: want 1 session unmet, the group being full", u)
			}
			for _, s := range p.Sessions {
				if s.Size > 12 {
					t.Errorf("session %s has %d attendees, max 12", s.ID, s.Size)
				}
			}
		},
	},
	{
		name:  "group minimum",
		rules: []string{"session.group-size"},
		world: func() world {
			return newWorld().add(fIvs, "id=g min_group=4").
				users(3, "u", "", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Sessions); n != 0 {
				t.Errorf("%d sessions of fewer than 4", n)
			}
			for i := 1; i <= 3; i++ {
				wantUnmet(t, p, fmt.Sprintf("u%d", i), "intervention", 1, "the g group is below its minimum: at most 3 eligible people could join a session when they could attend, 4 needed")
			}
		},
	},
	{
		name:     "facilitators: count and skill",
		rules:    []string{"session.facilitators", "session.skill"},
		warnings: []string{`practitioners.csv:3: skills: "other" is no intervention's skill (nor unpaid_work); ignored`},
		world: func() world {
			// g needs two facilitators holding skill g; only f1 has it.
			return newWorld().add(fIvs, "id=g facilitators=2").
				add(fPracs, "id=f1 grade=facilitator skills=g").add(fPracs, "id=f2 grade=facilitator skills=other").
				users(4, "u", "", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Sessions); n != 0 {
				t.Errorf("%d sessions run without two skilled facilitators: %+v", n, p.Sessions)
			}
			wantUnmet(t, p, "u1", "intervention", 1, "facilitator")
		},
	},
	{
		name:  "facilitators: exactly the number needed",
		rules: []string{"session.facilitators"},
		world: func() world {
			return newWorld().add(fIvs, "id=g facilitators=1").
				add(fPracs, "id=f1 grade=facilitator skills=g").add(fPracs, "id=f2 grade=facilitator skills=g").
				users(4, "u", "", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, s := range p.Sessions {
				if n := len(strings.Fields(s.Staff)); n != 1 {
					t.Errorf("session %s has %d facilitators, want 1", s.ID, n)
				}
			}
			if n := len(p.Unmet); n != 0 {
				t.Errorf("unmet %+v", p.Unmet)
			}
		},
	},
	{
		name:  "facilitator weekly maximum",
		rules: []string{"session.max-sessions"},
		world: func() world {
			// f1 may run one session a week; pairs can come Monday or Tuesday.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a open_days=mon;tue").
				add(fIvs, "id=g facilitators=1 min_group=2 max_group=2").
				add(fPracs, "id=f1 grade=facilitator skills=g days=mon;tue max_sessions=1").
				users(2, "u", "available=mon", "kind=intervention intervention=g priority=1").
				users(2, "v", "available=tue", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Sessions); n != 1 {
				t.Errorf("%d sessions, want 1 (max_sessions 1)", n)
			}
			wantMet(t, p, "u1", "intervention")
			wantUnmet(t, p, "v1", "intervention", 1, "")
		},
	},
}
