package solver_test

import (
	"testing"

	"github.com/probation/rota/solver"
)

// orderClockWorld: one work party of two places on Monday, three people
// due 7 hours with 70 hours owed. u1 lives 1 km further away; with clock,
// u1's order ends in 4 weeks (needs 17.5 h a week), the others' in a year.
func orderClockWorld(clock bool) world {
	end := map[string]string{"u1": "2019-05-31", "u2": "2019-05-31", "u3": "2019-05-31"}
	if clock {
		end["u1"] = "2018-07-01"
	}
	w := newWorld().add(fProjects, "id=j1 places=2").
		add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
		add(fUsers, "id=u1 lat=54.01").add(fReqs, "service_user=u1 kind=unpaid_work hours=7").
		add(fUsers, "id=u2").add(fReqs, "service_user=u2 kind=unpaid_work hours=7").
		add(fUsers, "id=u3").add(fReqs, "service_user=u3 kind=unpaid_work hours=7")
	return w.column(fReqs, "hours_outstanding", "70", nil).column(fReqs, "order_end", "", end)
}

// TestOrderClock: when places are short, the order near its end gets its
// hours before orders with plenty of time, though it is further away;
// without the clock the nearer people go.
func TestOrderClock(t *testing.T) {
	for _, tc := range []struct {
		name    string
		clock   bool
		in, out string
	}{
		{"u1's order ends in 4 weeks", true, "u1", "u3"},
		{"every order ends in a year", false, "u2", "u1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := load(t, orderClockWorld(tc.clock).fs())
			if q, got := 0, solver.OrderUrgency(r, 0); tc.clock && got != 2.5 {
				t.Errorf("OrderUrgency(%s) = %g, want 2.5 (70 h ÷ 4 weeks ÷ 7 h)", r.Requirements[q].ServiceUser, got)
			}
			res := solveAndCheck(t, r, solver.Options{Seed: 1, Gap: 1e-9})
			p := res.Plan
			if len(attendanceOf(p, tc.in)) == 0 {
				t.Errorf("%s has no work party; attendance %+v", tc.in, p.Attendance)
			}
			if len(attendanceOf(p, tc.out)) != 0 {
				t.Errorf("%s has a work party, want it unmet; attendance %+v", tc.out, p.Attendance)
			}
		})
	}
}
