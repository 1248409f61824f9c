package solver_test

import (
	"testing"

	"github.com/probation/rota/model/plan"
)

// staffCases are the TestRules cases of where practitioners are each day (constraint_staff.go).
var staffCases = []ruleCase{
	{
		name:  "one site a day",
		rules: []string{"staff.one-site-a-day", "staff.activity-site", "appointment.case-manager"},
		world: func() world {
			// p1 works Monday only; u1 can reach only site a, u2 only site b.
			return newWorld().add(fSites, "id=b lon=-0.5").
				add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt+" priority=1").
				add(fUsers, "id=u2 case_manager=p1 lon=-0.5").add(fReqs, "service_user=u2 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantUnmet(t, p, "u2", "appointment", 1, "case manager")
			if n := len(p.Appointments); n != 1 {
				t.Errorf("%d appointments, want 1", n)
			}
		},
	},
	{
		name:  "usual pattern kept",
		rules: []string{"staff.pattern", "staff.activity-site"},
		world: func() world {
			// p1's pattern puts them at a on Monday; u1 can reach only b.
			return newWorld().add(fSites, "id=b lon=-0.5").
				add(fPracs, "id=p1 pattern=mon:a").
				add(fUsers, "id=u1 case_manager=p1 lon=-0.5").add(fReqs, "service_user=u1 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "")
			for _, s := range p.Staff {
				if s.Site != "a" {
					t.Errorf("staff row %+v: at %s, want the pattern's site a", s, s.Site)
				}
			}
		},
	},
	{
		name:  "usual pattern left at pattern_change_penalty",
		rules: []string{"staff.pattern"},
		world: func() world {
			return newWorld().add(fSites, "id=b lon=-0.5").set("pattern_change_penalty", "2").
				add(fPracs, "id=p1 pattern=mon:a").
				add(fUsers, "id=u1 case_manager=p1 lon=-0.5").add(fReqs, "service_user=u1 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			if got := p.Summary.Terms.PatternChanges; got != 2 {
				t.Errorf("pattern_changes = %g, want 2", got)
			}
		},
	},
	{
		name:  "bank holiday",
		rules: []string{"staff.working-day", "appointment.site-open", "session.site-open"},
		world: func() world {
			return newWorld().set("bank_holidays", "2018-06-04").add(fIvs, "id=g").
				add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt).
				add(fUsers, "id=u2").add(fReqs, "service_user=u2 kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "")
			wantUnmet(t, p, "u2", "intervention", 1, "")
			for _, s := range p.Staff {
				if s.Date == "2018-06-04" {
					t.Errorf("staff row on the bank holiday: %+v", s)
				}
			}
		},
	},
	{
		name:  "sites reserved to another area",
		rules: []string{"staff.site-area", "appointment.site-area", "attendance.site-area", "party.site-area"},
		world: func() world {
			// Team t (area x) has only site a, with no rooms; b, 1 km
			// away, has every room and the project, but is reserved to
			// area y (team t2).
			w := newWorld()
			w[fSites], w[fTeams] = nil, nil
			return w.add(fSites, "id=a interview_rooms=0 group_rooms=0").add(fSites, "id=b lat=54.01 area=y").
				add(fTeams, "id=t area=x").add(fTeams, "id=t2 base=b area=y").
				add(fIvs, "id=g").add(fIvs, "id=uw kind=unpaid_work session_hours=7").
				add(fPracs, "id=p1 skills=g").add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				add(fProjects, "id=j1 site=b").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt).
				users(2, "v", "", "kind=intervention intervention=g").
				users(2, "w", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, s := range p.Staff {
				if s.Site == "b" {
					t.Errorf("staff row at b, reserved to another area: %+v", s)
				}
			}
			if len(p.Appointments)+len(p.Sessions)+len(p.Attendance) != 0 {
				t.Errorf("something planned at b: %+v %+v", p.Appointments, p.Sessions)
			}
			wantUnmet(t, p, "u1", "appointment", 1, "")
			wantUnmet(t, p, "v1", "intervention", 1, "")
			wantUnmet(t, p, "w1", "unpaid_work", 7, "")
		},
	},
}
