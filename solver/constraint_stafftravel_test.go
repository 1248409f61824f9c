package solver_test

import (
	"math"
	"testing"

	"github.com/probation/rota/model/plan"
)

// staffTravelCases are the TestRules cases of staff travel and idle days
// (constraint_stafftravel.go).
var staffTravelCases = []ruleCase{
	{
		name:  "idle day only where the pattern fixes it",
		rules: []string{"staff.idle-day"},
		world: func() world {
			// Site b is 32.7 km east of a. p1's usual pattern puts them
			// at b on Monday, with nothing to do: an idle day, listed.
			// p2 could be at b (their case u1 lives there) but u1 comes
			// only on Tuesday: p2 stays at base a.
			return newWorld().add(fSites, "id=b lon=-0.5").
				add(fPracs, "id=p1 pattern=mon:b").
				add(fPracs, "id=p2").
				add(fUsers, "id=u1 case_manager=p2 lon=-0.5 available=tue:morning").add(fReqs, "service_user=u1 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, s := range p.Staff {
				want := map[string]string{"p1": "b", "p2": "a"}[s.Practitioner]
				if s.Site != want {
					t.Errorf("staff row %+v: at %s, want %s", s, s.Site, want)
				}
			}
			if got, want := p.Summary.IdleDays, []string{"p1 2018-06-04 b"}; len(got) != 1 || got[0] != want[0] {
				t.Errorf("idle days %q, want %q", got, want)
			}
			if got := p.Summary.Terms.StaffTravel; math.Abs(got-0.327) > 0.01 {
				t.Errorf("staff_travel = %g, want about 0.01 × 32.7 km", got)
			}
		},
	},
}
