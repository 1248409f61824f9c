package solver_test

import (
	"testing"

	"github.com/probation/rota/model/plan"
)

// shiftCases are the TestRules cases of shifts and late days (constraint_shifts.go).
var shiftCases = []ruleCase{
	{
		name:  "one shift a day",
		rules: []string{"staff.shift"},
		world: func() world {
			// p1 works Monday; u1 can come only in the morning, u2 only
			// in the evening: seeing both would be a 09:00–20:00 day.
			return newWorld().add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1 available=mon:morning").add(fReqs, "service_user=u1 "+appt+" priority=1").
				add(fUsers, "id=u2 case_manager=p1 available=mon:evening").add(fReqs, "service_user=u2 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantUnmet(t, p, "u2", "appointment", 1, "case manager works a day shift on the days they can be seen in the evening")
		},
	},
	{
		name:  "a late shift: afternoon and evening",
		rules: []string{"staff.shift"},
		world: func() world {
			// The afternoon and the evening are one late shift.
			return newWorld().add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1 available=mon:afternoon").add(fReqs, "service_user=u1 "+appt).
				add(fUsers, "id=u2 case_manager=p1 available=mon:evening").add(fReqs, "service_user=u2 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantMet(t, p, "u2", "appointment")
		},
	},
	{
		name:  "at most max_late_days evenings",
		rules: []string{"staff.late-days"},
		world: func() world {
			// p1 works Monday and Tuesday; u1 and u2 can come only in the
			// evening, one each day; one late shift a week (the default).
			return newWorld().add(fSites, "id=a2 open_days=tue").
				add(fPracs, "id=p1 days=mon;tue").
				add(fUsers, "id=u1 case_manager=p1 available=mon:evening").add(fReqs, "service_user=u1 "+appt+" priority=1").
				add(fUsers, "id=u2 case_manager=p1 available=tue:evening").add(fReqs, "service_user=u2 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantUnmet(t, p, "u2", "appointment", 1, "case manager already works the most late shifts a week (1)")
		},
	},
	{
		name:  "evenings on the late_days given",
		rules: []string{"staff.late-days"},
		world: func() world {
			// p1's late day is Tuesday: u1, free only on Monday evening,
			// cannot be seen; u2 on Tuesday evening can.
			return newWorld().add(fSites, "id=a2 open_days=tue").
				add(fPracs, "id=p1 days=mon;tue late_days=tue").
				add(fUsers, "id=u1 case_manager=p1 available=mon:evening").add(fReqs, "service_user=u1 "+appt+" priority=1").
				add(fUsers, "id=u2 case_manager=p1 available=tue:evening").add(fReqs, "service_user=u2 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "case manager does not work late on the days they can be seen in the evening")
			wantMet(t, p, "u2", "appointment")
		},
	},
}
