//go:build cgo

package coin

import (
	"math"
	"testing"

	"github.com/probation/rota/solver/mip"
)

// An LP stopped on its iteration limit stops at the same point on any
// machine, and its last duals still prove a bound (mip.Problem.DualBound):
// below the optimum, finite, and equal to it when the LP is solved.
func TestLPIterationLimitBound(t *testing.T) {
	skipWithoutSolver(t)
	p := assignment(40, 400, 9, 0.8, false)
	full := mustSolve(t, SolveLP, p, mip.Options{})
	if full.Status != mip.Optimal {
		t.Fatalf("status %v, want optimal", full.Status)
	}
	if got := p.DualBound(full.Duals); math.Abs(got-full.Objective) > 1e-6*math.Max(1, math.Abs(full.Objective)) {
		t.Errorf("bound of the optimal duals %v, want the optimum %v", got, full.Objective)
	}
	for _, n := range []int{5, 50} {
		r := mustSolve(t, SolveLP, p, mip.Options{Iterations: n})
		if r.Status != mip.NoSolution || r.Stop != mip.StopWorkLimit {
			t.Fatalf("%d iterations: status %v, stop %v, want no solution, work limit", n, r.Status, r.Stop)
		}
		sense := 1.0
		if p.Sense == mip.Maximize {
			sense = -1
		}
		if math.IsInf(r.Bound, 0) || math.IsNaN(r.Bound) || sense*(r.Bound-full.Objective) > 1e-6*math.Max(1, math.Abs(full.Objective)) {
			t.Errorf("%d iterations: bound %v, want a finite bound no better than the optimum %v", n, r.Bound, full.Objective)
		}
		again := mustSolve(t, SolveLP, p, mip.Options{Iterations: n})
		if again.Bound != r.Bound {
			t.Errorf("%d iterations: bound %v then %v, want the same", n, r.Bound, again.Bound)
		}
	}
}
