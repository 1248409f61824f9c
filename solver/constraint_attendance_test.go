package solver_test

import (
	"testing"

	"github.com/probation/rota/model/plan"
)

// attendanceCases are the TestRules cases of who attends which session (constraint_attendance.go).
var attendanceCases = []ruleCase{
	{
		name:  "eligibility: gender and age",
		rules: []string{"attendance.gender", "attendance.age"},
		world: func() world {
			return newWorld().add(fIvs, "id=m gender=male").add(fIvs, "id=y min_age=18 max_age=24").
				add(fUsers, "id=u1 gender=female").add(fReqs, "service_user=u1 kind=intervention intervention=m").
				add(fUsers, "id=u2").add(fReqs, "service_user=u2 kind=intervention intervention=y")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "intervention", 1, "not eligible: m is for men only")
			wantUnmet(t, p, "u2", "intervention", 1, "not eligible: y is for ages 18–24")
			if len(p.Attendance) != 0 {
				t.Errorf("attendance %+v", p.Attendance)
			}
		},
	},
	{
		name:  "eligibility: women-only and step-free sites",
		rules: []string{"attendance.women-only", "attendance.step-free"},
		world: func() world {
			// a is women-only and not step-free; c, 6.5 km away, is neither.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a women_only=true step_free=false").add(fSites, "id=c lon=-1.1").
				add(fIvs, "id=g").
				add(fUsers, "id=m1").add(fReqs, "service_user=m1 kind=intervention intervention=g").
				add(fUsers, "id=w1 gender=female step_free=true").add(fReqs, "service_user=w1 kind=intervention intervention=g").
				add(fUsers, "id=w2 gender=female").add(fReqs, "service_user=w2 kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, who := range []string{"m1", "w1"} {
				for _, a := range attendanceOf(p, who) {
					if a.Site == "a" {
						t.Errorf("%s attends at a (women-only, not step-free)", who)
					}
				}
				wantMet(t, p, who, "intervention")
			}
		},
	},
	{
		name:  "one session a day",
		rules: []string{"attendance.one-session-a-day"},
		world: func() world {
			// u1 is due two sessions of g (twice a week) and one of h, and can come only on Monday.
			return newWorld().add(fIvs, "id=g").add(fIvs, "id=h").column(fIvs, "sessions_per_week", "", map[string]string{"g": "2"}).
				add(fUsers, "id=u1").
				add(fReqs, "service_user=u1 kind=intervention intervention=g sessions=2").
				add(fReqs, "service_user=u1 kind=intervention intervention=h")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(attendanceOf(p, "u1")); n != 1 {
				t.Errorf("u1 attends %d sessions on Monday, want 1", n)
			}
			if got := totalUnmet(p, "sessions"); got != 2 {
				t.Errorf("%g sessions unmet, want 2", got)
			}
		},
	},
	{
		name:  "one cohort: no more sessions of a programme a week than it meets",
		rules: []string{"attendance.one-cohort"},
		world: func() world {
			// u1 is due two sessions of g, which meets once a week: a
			// second session would be a second group's.
			return newWorld().set("one_session_per_day", "false").add(fIvs, "id=g").
				add(fUsers, "id=u1").
				add(fReqs, "service_user=u1 kind=intervention intervention=g sessions=2")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(attendanceOf(p, "u1")); n != 1 {
				t.Errorf("u1 attends %d sessions of g, want 1", n)
			}
			wantUnmet(t, p, "u1", "intervention", 1, "g meets once a week")
		},
		warnings: []string{"requirements.csv:2: sessions: 2 sessions due a week, but g meets 1 a week (sessions_per_week): the rest stay unmet"},
	},
	{
		name:  "one_session_per_day false allows more",
		rules: []string{"attendance.one-session-a-day"},
		world: func() world {
			return newWorld().set("one_session_per_day", "false").add(fIvs, "id=g").add(fIvs, "id=h").column(fIvs, "sessions_per_week", "", map[string]string{"g": "2"}).
				add(fUsers, "id=u1").
				add(fReqs, "service_user=u1 kind=intervention intervention=g sessions=2").
				add(fReqs, "service_user=u1 kind=intervention intervention=h")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(attendanceOf(p, "u1")); n != 3 {
				t.Errorf("u1 attends %d sessions, want 3 (one a slot)", n)
			}
		},
	},
	{
		name:  "non-association",
		rules: []string{"attendance.non-association"},
		world: func() world {
			// One group (minimum 2) in one slot; u1 and u2 must not meet.
			// A work party (minimum 2): w1 and w2 must not meet.
			return newWorld().set("slots", "morning:09:00-12:30").
				add(fIvs, "id=g min_group=2").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").add(fProjects, "id=j1").
				add(fUsers, "id=u1").add(fReqs, "service_user=u1 kind=intervention intervention=g priority=1").
				add(fUsers, "id=u2").add(fReqs, "service_user=u2 kind=intervention intervention=g").
				add(fUsers, "id=u3").add(fReqs, "service_user=u3 kind=intervention intervention=g").
				add(fNAs, "service_user_a=u1 service_user_b=u2").
				users(3, "w", "", "kind=unpaid_work hours=7").
				add(fNAs, "service_user_a=w2 service_user_b=w1")
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, s := range p.Sessions {
				if together(s, "u1", "u2") || together(s, "w1", "w2") {
					t.Errorf("non-associated people together in %s: %s", s.ID, s.Attendees)
				}
			}
			wantMet(t, p, "u1", "intervention")
			wantMet(t, p, "u3", "intervention")
			wantUnmet(t, p, "u2", "intervention", 1, "")
			if got := totalUnmet(p, "hours"); got != 7 {
				t.Errorf("%g hours unmet, want 7", got)
			}
		},
	},
	{
		name:  "never more than due",
		rules: []string{"attendance.due", "party.hours-due"},
		world: func() world {
			// u2, due one session, could make a pair on both days if
			// allowed a second; the same for w2 and work parties.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a open_days=mon;tue").set("slots", "morning:09:00-12:30").
				add(fIvs, "id=g min_group=2").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work days=mon;tue").add(fProjects, "id=j1 days=mon;tue").
				add(fUsers, "id=u1 available=mon").add(fReqs, "service_user=u1 kind=intervention intervention=g").
				add(fUsers, "id=u2").add(fReqs, "service_user=u2 kind=intervention intervention=g").
				add(fUsers, "id=u3 available=tue").add(fReqs, "service_user=u3 kind=intervention intervention=g").
				add(fUsers, "id=w1 available=mon").add(fReqs, "service_user=w1 kind=unpaid_work hours=7").
				add(fUsers, "id=w2").add(fReqs, "service_user=w2 kind=unpaid_work hours=7").
				add(fUsers, "id=w3 available=tue").add(fReqs, "service_user=w3 kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(attendanceOf(p, "u2")); n > 1 {
				t.Errorf("u2 attends %d sessions, due 1", n)
			}
			if n := len(attendanceOf(p, "w2")); n > 1 {
				t.Errorf("w2 works %d days, due 7 hours", n)
			}
			if got := totalUnmet(p, "sessions"); got != 1 {
				t.Errorf("%g sessions unmet, want 1", got)
			}
			if got := totalUnmet(p, "hours"); got != 7 {
				t.Errorf("%g hours unmet, want 7", got)
			}
		},
	},
	{
		name:  "attendance only with a requirement",
		rules: []string{"attendance.requirement"},
		world: func() world {
			// Groups of at least two: u1 is due g, u2 h; either group
			// would run if the other joined it.
			return newWorld().add(fIvs, "id=g min_group=2").add(fIvs, "id=h min_group=2").
				add(fUsers, "id=u1").add(fReqs, "service_user=u1 kind=intervention intervention=g").
				add(fUsers, "id=u2").add(fReqs, "service_user=u2 kind=intervention intervention=h")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Sessions)+len(p.Attendance) != 0 {
				t.Errorf("someone attends without a requirement: %+v", p.Attendance)
			}
			wantUnmet(t, p, "u1", "intervention", 1, "the g group is below its minimum: at most 1 eligible people could join a session when they could attend, 2 needed")
			wantUnmet(t, p, "u2", "intervention", 1, "the h group is below its minimum: at most 1 eligible people could join a session when they could attend, 2 needed")
		},
	},
	{
		name:  "an unmet session names the one cause that binds, with its figures",
		rules: []string{"attendance.due"},
		world: func() world {
			// g needs a facilitator with skill g and nobody has it; h needs
			// three people and only two are due it.
			return newWorld().add(fIvs, "id=g facilitators=1 skill=g").add(fIvs, "id=h min_group=3").
				add(fUsers, "id=u1").add(fReqs, "service_user=u1 kind=intervention intervention=g").
				add(fUsers, "id=u2").add(fReqs, "service_user=u2 kind=intervention intervention=h").
				add(fUsers, "id=u3").add(fReqs, "service_user=u3 kind=intervention intervention=h")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "intervention", 1, "no facilitator with skill `g` works at the sites that may run g on the days they are open (1 needed)")
			wantUnmet(t, p, "u2", "intervention", 1, "the h group is below its minimum: at most 2 eligible people could join a session when they could attend, 3 needed")
		},
	},
}
