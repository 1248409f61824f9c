package solver_test

import (
	"testing"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/coin"
)

// TestBaselineKeepsThePlan: re-planning the same week against its own rota
// with a change penalty gives that rota back, row for row.
func TestBaselineKeepsThePlan(t *testing.T) {
	if !coin.Available() {
		t.Skip("built without cgo")
	}
	r, err := model.Load(fixtures.Stockton)
	if err != nil {
		t.Fatal(err)
	}
	base := solveAndCheck(t, r, solver.Options{Seed: 1})
	again := solveAndCheck(t, r, solver.Options{Seed: 7, Gap: 1e-9, Baseline: base.Plan, ChangePenalty: 1})
	if got, want := len(again.Plan.Appointments), len(base.Plan.Appointments); got != want {
		t.Fatalf("appointments: got %d, want %d", got, want)
	}
	for i := range base.Plan.Appointments {
		if got, want := again.Plan.Appointments[i], base.Plan.Appointments[i]; got != want {
			t.Errorf("appointment %d: got %+v, want %+v", i, got, want)
		}
	}
	if got, want := len(again.Plan.Attendance), len(base.Plan.Attendance); got != want {
		t.Fatalf("attendance: got %d, want %d", got, want)
	}
	for i := range base.Plan.Attendance {
		if got, want := again.Plan.Attendance[i], base.Plan.Attendance[i]; got != want {
			t.Errorf("attendance %d: got %+v, want %+v", i, got, want)
		}
	}
	if got, want := again.Objective, base.Objective; got != want {
		t.Errorf("objective: got %g, want %g", got, want)
	}
}
