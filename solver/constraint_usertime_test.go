package solver_test

import (
	"testing"

	"github.com/probation/rota/model/plan"
)

// userTimeCases are the TestRules cases of a service user's slots (constraint_usertime.go).
var userTimeCases = []ruleCase{
	{
		name:  "one activity a slot: service user",
		rules: []string{"attendance.one-activity-a-slot"},
		world: func() world {
			return newWorld().set("slots", "morning:09:00-12:30").add(fIvs, "id=g").
				add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt).
				add(fReqs, "service_user=u1 kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantUnmet(t, p, "u1", "intervention", 1, "")
		},
	},
}
