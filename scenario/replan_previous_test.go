package scenario

import (
	"testing"

	"github.com/probation/rota/model/plan"
)

// TestReplanPrevious: the reference a re-plan is planned after: last
// week's rota when given, else the rota's own regular.csv and staff, and
// none for a rota planned without last week's.
func TestReplanPrevious(t *testing.T) {
	last := &plan.Plan{Appointments: []plan.Appointment{{ServiceUser: "u1"}}}
	reg := []plan.RegularRow{{ServiceUser: "u2", Weekday: "wed", Slot: "afternoon", Site: "a"}}
	staff := []plan.StaffRow{{Practitioner: "p1", Site: "a"}}
	for _, tc := range []struct {
		name string
		past Past
		want func(*plan.Plan) bool
	}{
		{"last week's rota given", Past{Plan: &plan.Plan{Regular: reg}, Previous: last}, func(p *plan.Plan) bool { return p == last }},
		{"the rota's regular.csv", Past{Plan: &plan.Plan{Regular: reg, Staff: staff}}, func(p *plan.Plan) bool {
			return p != nil && len(p.Regular) == 1 && p.Regular[0] == reg[0] && len(p.Staff) == 1 && len(p.Appointments) == 0
		}},
		{"a rota planned without last week's", Past{Plan: &plan.Plan{Staff: staff}}, func(p *plan.Plan) bool { return p == nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.past.previousPlan(); !tc.want(got) {
				t.Errorf("previousPlan() = %+v", got)
			}
		})
	}
}
