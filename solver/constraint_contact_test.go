package solver_test

import (
	"strings"
	"testing"

	"github.com/probation/rota/model/plan"
)

// contactCases are the TestRules cases of contact time (constraint_contact.go).
var contactCases = []ruleCase{
	{
		name:  "contact share net of reduction hours",
		rules: []string{"staff.contact"},
		world: func() world {
			// p1: 37 hours less 7 of reduction, a contact share of 0.1:
			// 3 face-to-face hours, four 45-minute appointments of six due.
			return newWorld().set("contact_share.PO", "0.1").
				add(fPracs, "id=p1 reduction_hours=7").
				users(6, "u", "case_manager=p1", appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Appointments); n != 4 {
				t.Errorf("%d appointments, want 4", n)
			}
			for _, u := range p.Unmet {
				if !strings.Contains(u.Reason, "contact hours") {
					t.Errorf("%s unmet: %q, want the contact hours named", u.ServiceUser, u.Reason)
				}
			}
		},
	},
	{
		name:  "facilitating counts as contact",
		rules: []string{"staff.contact"},
		world: func() world {
			// f1, a PSO, facilitates (2 hours) and holds u1's case; with a
			// share of 2.5 of 37 hours (0.0676) they cannot do both.
			return newWorld().set("contact_share", "0.0676").
				add(fIvs, "id=g facilitators=1 skill=g").
				add(fPracs, "id=f1 grade=PSO skills=g").
				add(fUsers, "id=u1 case_manager=f1").add(fReqs, "service_user=u1 "+appt).
				users(2, "v", "", "kind=intervention intervention=g sessions=1")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Sessions); n != 1 {
				t.Errorf("%d sessions, want 1", n)
			}
			wantUnmet(t, p, "u1", "appointment", 1, "contact hours")
		},
	},
}
