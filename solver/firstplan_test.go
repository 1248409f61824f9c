package solver

import (
	"context"
	"testing"

	"github.com/probation/rota/solver/mip"
)

// TestFirstPlanBeforeRelaxation: a large part (here every part, the
// threshold lowered) has a plan, handed to the week, before its class
// relaxation's LP starts, so a cancel or the time limit during that LP
// still writes it, with the bound the LP proved.
func TestFirstPlanBeforeRelaxation(t *testing.T) {
	defer func(n int) { firstPlanMinCols = n }(firstPlanMinCols)
	firstPlanMinCols = 0
	b, _ := builtGeneratedPart(t, 300, 3)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var planned []float64
	var keptBound float64
	b.onPlan = func(x []float64, obj, bound float64) { planned, keptBound = x, bound }
	lpCalled := false
	const proved = 1.5 // a bound the stopped LP's duals proved
	b.lp = func(ctx context.Context, p *mip.Problem, o mip.Options) (*mip.Result, error) {
		lpCalled = true
		if planned == nil {
			t.Error("the relaxation's LP started before the part had a plan")
		}
		cancel() // as a Ctrl-C during the LP
		return &mip.Result{Status: mip.NoSolution, Stop: mip.StopCancelled, Bound: proved}, nil
	}
	res, err := b.solve(ctx, defaultSolve, mip.Options{Gap: 0.005, SolverArgs: cbcArgs})
	if err != nil {
		t.Fatal(err)
	}
	if !lpCalled {
		t.Fatal("the relaxation's LP was not called")
	}
	if planned == nil {
		t.Fatal("no plan handed to the week")
	}
	if err := b.p.Check(planned, 1e-6); err != nil {
		t.Errorf("the first plan breaks the model: %v", err)
	}
	if keptBound < proved-1e-6 {
		t.Errorf("the week keeps the first plan with bound %v, not the %v the LP proved", keptBound, proved)
	}
	if res.Stop != mip.StopCancelled {
		t.Errorf("Stop %v, want cancelled", res.Stop)
	}
}
