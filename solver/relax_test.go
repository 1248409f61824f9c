package solver

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/fixtures/synth"
	"github.com/probation/rota/model"
	"github.com/probation/rota/solver/coin"
	"github.com/probation/rota/solver/mip"
)

func loadRegion(t testing.TB, fsys fs.FS) *model.Region {
	t.Helper()
	r, err := model.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func builtParts(t testing.TB, r *model.Region) []*builder {
	t.Helper()
	var bs []*builder
	for _, pt := range Parts(r) {
		b := newBuilder(r, pt.Pracs, pt.Users)
		if err := b.build(); err != nil {
			t.Fatal(err)
		}
		bs = append(bs, b)
	}
	return bs
}

// TestRelaxationValid: every plan of the weekly model maps to a point of
// the class relaxation that meets every row at no greater cost, and the
// relaxation's LP is no higher than the weekly model's: its optimum is a
// true lower bound.
func TestRelaxationValid(t *testing.T) {
	if !coin.Available() {
		t.Skip("built without cgo")
	}
	gen := func(n int) fs.FS {
		f, err := synth.Generate(synth.Options{Cases: n, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		return f.FS()
	}
	for _, tc := range []struct {
		name string
		fsys fs.FS
	}{
		{"stockton", fixtures.Stockton},
		{"generated-300", gen(300)},
		{"generated-800", gen(800)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, b := range builtParts(t, loadRegion(t, tc.fsys)) {
				rl := b.relax()
				if rl.p.NumCols() >= b.p.NumCols() {
					t.Errorf("relaxation has %d columns, the model %d: nothing merged", rl.p.NumCols(), b.p.NumCols())
				}
				ctx := context.Background()
				res, err := b.solve(ctx, defaultSolve, mip.Options{Gap: 0.005, SolverArgs: cbcArgs})
				if err != nil {
					t.Fatal(err)
				}
				y := rl.lift(res.X)
				if err := rl.p.Check(y, 1e-6); err != nil {
					t.Fatalf("a plan of the model breaks the relaxation: %v", err)
				}
				if got, want := rl.p.Evaluate(y), b.p.Evaluate(res.X); got > want+1e-6 {
					t.Errorf("the relaxation prices the plan at %.3f, more than the model's %.3f", got, want)
				}
				lpFull, err := solveLP(ctx, b.p, mip.Options{})
				if err != nil {
					t.Fatal(err)
				}
				lpRel, err := solveLP(ctx, rl.p, mip.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if lpRel.Objective > lpFull.Objective+1e-6*math.Max(1, lpFull.Objective) {
					t.Errorf("relaxation LP %.3f above the model's LP %.3f", lpRel.Objective, lpFull.Objective)
				}
				t.Logf("%d→%d rows, %d→%d cols; LP %.1f (%.2fs) vs relaxation %.1f (%.2fs); plan %.1f",
					b.p.NumRows(), rl.p.NumRows(), b.p.NumCols(), rl.p.NumCols(),
					lpFull.Objective, lpFull.Elapsed.Seconds(), lpRel.Objective, lpRel.Elapsed.Seconds(), res.Objective)
			}
		})
	}
}

// TestRelaxationFigures prints the relaxation's size and LP bound for each
// part of a larger region, the figures of docs/model.md and
// benchmarks/README.md: ROTA_RELAX_CASES=N generated cases (0 = the
// embedded sample); ROTA_RELAX_FULL=1 also solves the model's own LP,
// ROTA_RELAX_MIP=1 the relaxation as a MIP (30 s), and ROTA_RELAX_MPS=DIR
// writes the relaxations as MPS instead of solving them.
func TestRelaxationFigures(t *testing.T) {
	v, ok := os.LookupEnv("ROTA_RELAX_CASES")
	if !ok || !coin.Available() {
		t.Skip("set ROTA_RELAX_CASES")
	}
	n, _ := strconv.Atoi(v)
	fsys := fixtures.Leicestershire
	if n > 0 {
		f, err := synth.Generate(synth.Options{Cases: n, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		fsys = f.FS()
	}
	for _, b := range builtParts(t, loadRegion(t, fsys)) {
		t0 := time.Now()
		rl := b.relax()
		tr := time.Since(t0)
		if dir := os.Getenv("ROTA_RELAX_MPS"); dir != "" {
			f, err := os.Create(fmt.Sprintf("%s/relax-%d.mps", dir, rl.p.NumRows()))
			if err != nil {
				t.Fatal(err)
			}
			if err := rl.p.WriteMPS(f); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			continue
		}
		lpRel, err := solveLP(context.Background(), rl.p, mip.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d→%d rows, %d→%d cols; relax %.2fs; relaxation LP %.1f (%.2fs)",
			b.p.NumRows(), rl.p.NumRows(), b.p.NumCols(), rl.p.NumCols(), tr.Seconds(), lpRel.Objective, lpRel.Elapsed.Seconds())
		if os.Getenv("ROTA_RELAX_FULL") != "" {
			lp, err := solveLP(context.Background(), b.p, mip.Options{})
			if err == nil {
				t.Logf("model LP %.1f (%.2fs)", lp.Objective, lp.Elapsed.Seconds())
			}
		}
		if os.Getenv("ROTA_RELAX_MIP") != "" {
			mr, err := defaultSolve(context.Background(), rl.p, mip.Options{Gap: 0.001, TimeLimit: 30 * time.Second, SolverArgs: cbcArgs})
			if err == nil {
				t.Logf("relaxation MIP: %s obj %.1f bound %.1f (%.2fs)", mr.Status, mr.Objective, mr.Bound, mr.Elapsed.Seconds())
			}
		}
	}
}

// TestRelaxationFacilitatorRows: the relaxation carries the facilitator
// options' site rows as one row per practitioner, day, site and slot and
// no frun rows (relax_facilitators.go), so it has fewer rows than it would
// with the model's, and a plan running sessions still maps into it (as
// every plan TestRelaxationValid solves).
func TestRelaxationFacilitatorRows(t *testing.T) {
	f, err := synth.Generate(synth.Options{Cases: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	count := func(p *mip.Problem) map[string]int {
		n := map[string]int{}
		for _, row := range p.Rows() {
			n[row.Name]++
		}
		return n
	}
	var model, relaxed map[string]int
	model, relaxed = map[string]int{}, map[string]int{}
	for _, b := range builtParts(t, loadRegion(t, f.FS())) {
		rl := b.relax()
		// The greedy plan, which runs sessions, maps into the relaxation
		// at no greater cost.
		x := b.greedy()
		if err := b.p.Check(x, 1e-6); err != nil {
			t.Fatalf("greedy plan: %v", err)
		}
		if err := rl.p.Check(rl.lift(x), 1e-6); err != nil {
			t.Errorf("a plan of the model breaks the relaxation: %v", err)
		}
		if got, want := rl.p.Evaluate(rl.lift(x)), b.p.Evaluate(x); got > want+1e-6 {
			t.Errorf("the relaxation prices the plan at %.3f, more than the model's %.3f", got, want)
		}
		for k, v := range count(b.p) {
			model[k] += v
		}
		for k, v := range count(rl.p) {
			relaxed[k] += v
		}
	}
	if model["flink"] == 0 || model["frun"] == 0 {
		t.Fatalf("the model has %d flink and %d frun rows: nothing to test", model["flink"], model["frun"])
	}
	if relaxed["flink"] != 0 || relaxed["frun"] != 0 {
		t.Errorf("the relaxation kept %d flink and %d frun rows", relaxed["flink"], relaxed["frun"])
	}
	if relaxed["flinks"] == 0 || relaxed["flinks"] >= model["flink"] {
		t.Errorf("%d summed facilitator rows for the model's %d flink rows", relaxed["flinks"], model["flink"])
	}
	t.Logf("model: %d flink, %d frun rows; relaxation: %d flinks rows", model["flink"], model["frun"], relaxed["flinks"])
}
