package solver_test

import (
	"testing"

	"github.com/probation/rota/model/plan"
)

// practitionerTimeCases are the TestRules cases of a practitioner's slots and hours (constraint_practitionertime.go).
var practitionerTimeCases = []ruleCase{
	{
		name:  "one activity a slot: practitioner",
		rules: []string{"staff.one-activity-a-slot"},
		world: func() world {
			// p1 is u1's case manager and g's only facilitator; one slot.
			return newWorld().set("slots", "morning:09:00-12:30").
				add(fIvs, "id=g facilitators=1").
				add(fPracs, "id=p1 skills=g").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt).
				users(1, "v", "", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantUnmet(t, p, "v1", "intervention", 1, "")
			if len(p.Sessions) != 0 {
				t.Errorf("p1 facilitates while seeing u1: %+v", p.Sessions)
			}
		},
	},
	{
		name:  "hours of the day",
		rules: []string{"staff.hours"},
		world: func() world {
			// p1 works 10 h over five days: 2 h a day, two 45-minute
			// appointments. f1 likewise cannot run a 2.5-hour session.
			return newWorld().add(fIvs, "id=g session_hours=2.5 facilitators=1").
				add(fPracs, "id=p1 contracted_hours=10 days=mon;tue;wed;thu;fri").
				add(fPracs, "id=f1 grade=facilitator contracted_hours=10 days=mon;tue;wed;thu;fri skills=g").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt+" priority=1").
				add(fUsers, "id=u2 case_manager=p1").add(fReqs, "service_user=u2 "+appt+" priority=2").
				add(fUsers, "id=u3 case_manager=p1").add(fReqs, "service_user=u3 "+appt).
				users(2, "v", "", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantMet(t, p, "u2", "appointment")
			wantUnmet(t, p, "u3", "appointment", 1, "")
			if len(p.Sessions) != 0 {
				t.Errorf("a 2.5-hour session by a facilitator of 2 hours a day: %+v", p.Sessions)
			}
		},
	},
}
