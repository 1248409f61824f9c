package solver_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/probation/rota/model/check"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
)

const fPins = "pins.csv"

// pinCases: pinned decisions kept where the plan would otherwise do
// better without them.
var pinCases = []ruleCase{
	{
		name:  "a pinned site and appointment kept against travel",
		rules: []string{"pins.kept"},
		world: func() world {
			// u1 lives at site a, p1's base; site b is 6.5 km east. Left
			// alone, u1 is seen at a. The pins put p1 at b on Monday and
			// u1's appointment there in the afternoon.
			w := newWorld().add(fSites, "id=b lon=-0.9").
				add(fPracs, "id=p1").
				users(1, "u", "case_manager=p1", appt)
			w[fPins] = []string{"kind,practitioner,service_user,date,slot,site",
				"staff,p1,,2018-06-04,,b", "appointment,,u1,2018-06-04,afternoon,b"}
			return w
		},
		check: func(t *testing.T, p *plan.Plan) {
			got := appointmentsOf(p, "u1")
			if len(got) != 1 || got[0].Site != "b" || got[0].Slot != "afternoon" {
				t.Errorf("u1's appointments %+v, want one at b in the afternoon", got)
			}
		},
	},
	{
		name:  "a pinned facilitator and member kept",
		rules: []string{"pins.kept"},
		world: func() world {
			// Two facilitators could run the group; the pins choose f2,
			// and the morning, where the afternoon would serve as well.
			return pinWorld(newWorld().
				add(fIvs, "id=g facilitators=1 min_group=1").
				add(fPracs, "id=f1 grade=facilitator skills=g").
				add(fPracs, "id=f2 grade=facilitator skills=g").
				users(1, "u", "", "kind=intervention intervention=g"),
				"group,f2,,2018-06-04,morning,a,g", "group,,u1,2018-06-04,morning,a,g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Sessions) != 1 || p.Sessions[0].Staff != "f2" || p.Sessions[0].Slot != "morning" {
				t.Errorf("sessions %+v, want one in the morning run by f2", p.Sessions)
			}
		},
	},
	{
		name:  "a running group's member pinned to its session on another day",
		rules: []string{"pins.kept", "group.session", "group.closed"},
		world: func() world {
			// G meets at a on Tuesday afternoon; the pin puts its member
			// u1 in a session of g at a on Monday afternoon, which only
			// G's own session can be (u1 may join no new group).
			return pinWorld(groupWorld("closed", "u1 u2"), "group,,u1,2018-06-04,afternoon,a,g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			gs := groupOf(t, p, "G")
			if !strings.HasPrefix(gs.Session, "g-a-2018-06-04-afternoon-") {
				t.Errorf("G's session %+v, want at a on Monday afternoon", gs)
			}
		},
	},
	{
		name:  "a facilitator pinned to a running group's session",
		rules: []string{"pins.kept", "group.session"},
		world: func() world {
			// G's facilitator is f1; the pin puts f2 in its session.
			return pinWorld(groupWorld("closed", "u1 u2"), "group,f2,,2018-06-05,afternoon,a,g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			gs := groupOf(t, p, "G")
			if !strings.HasPrefix(gs.Session, "g-a-2018-06-05-afternoon-") {
				t.Errorf("G's session %+v, want kept at a on Tuesday afternoon", gs)
			}
			for _, s := range p.Sessions {
				if s.Kind == plan.KindSession && s.Staff != "f2" {
					t.Errorf("session %s run by %q, want f2", s.ID, s.Staff)
				}
			}
		},
	},
}

func pinWorld(w world, rows ...string) world {
	w[fPins] = append([]string{"kind,practitioner,service_user,date,slot,site,intervention"}, rows...)
	return w
}

// TestPinsNotKept: pins each valid alone that no plan keeps together (two
// appointments of one person on one day) are named after the solve, by
// rule pins.kept, rather than the plan coming back empty.
func TestPinsNotKept(t *testing.T) {
	needCbc(t)
	w := newWorld().add(fPracs, "id=p1").users(1, "u", "case_manager=p1", "kind=appointment sessions=2")
	w.add(fSites, "id=b lon=-0.9")
	w.add(fPracs, "id=p2 days=tue")
	w[fPins] = []string{"kind,service_user,date,slot,site",
		"appointment,u1,2018-06-04,morning,a", "appointment,u1,2018-06-04,afternoon,a"}
	r := load(t, w.fs())
	res, err := solver.Solve(context.Background(), r, solver.Options{TimeLimit: 20 * time.Second, Gap: 1e-9, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Plan.Appointments); n != 1 {
		t.Errorf("%d appointments, want the one a day", n)
	}
	vs := check.Pins(r, res.Plan)
	if len(vs) != 1 || vs[0].Rule != "pins.kept" || (vs[0].Where != "pins.csv:2" && vs[0].Where != "pins.csv:3") {
		t.Fatalf("violations %v, want one pins.kept naming one of the two pins", vs)
	}
}
