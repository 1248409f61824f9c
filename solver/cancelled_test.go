package solver_test

import (
	"context"
	"testing"

	"github.com/probation/rota/fixtures/synth"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/mip"
)

// TestCancelledBeforeStart: a solve whose context is already done returns
// the empty week, checked, without splitting the region into parts (which
// takes seconds at 25,000 cases): a Ctrl-C during balancing reaches the
// rota's writing at once.
func TestCancelledBeforeStart(t *testing.T) {
	files, err := synth.Generate(synth.Options{Cases: 300, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	r := load(t, files.FS())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := solver.Solve(ctx, r, solver.Options{Seed: 1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Parts != 0 || res.Rows != 0 {
		t.Errorf("%d parts, %d rows: the region was split and built after the cancel", res.Parts, res.Rows)
	}
	if res.Stop != mip.StopCancelled {
		t.Errorf("Stop %v, want cancelled", res.Stop)
	}
	p := verify(t, r, res)
	if p.Summary.Status != "cancelled" || len(p.Appointments) != 0 {
		t.Errorf("status %s with %d appointments, want the empty week, cancelled", p.Summary.Status, len(p.Appointments))
	}
}
