package solver

import (
	"fmt"
	"context"
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

// TestRelaxationFigures prints the relaxation's size and bound on a
// larger region: ROTA_RELAX_CASES=N (0 = the embedded sample).
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

var kindOf = map[int]model.RequirementKind{}

func costByPrefix(p *mip.Problem, x []float64) map[string]float64 {
	out := map[string]float64{}
	for j := range x {
		c := p.Col(j)
		name := c.Name
		for k := 0; k < len(name); k++ {
			if name[k] == '_' || name[k] == '[' {
				name = name[:k]
				break
			}
		}
		if name == "unmet" {
			var q int
			fmt.Sscanf(c.Name, "unmet_%d", &q)
			name += string(kindOf[q])
		}
		if c.Cost != 0 && x[j] != 0 {
			out[name] += c.Cost * x[j]
		}
	}
	return out
}

func TestRelaxationBreakdown(t *testing.T) {
	if os.Getenv("ROTA_RELAX_DEBUG") == "" {
		t.Skip()
	}
	var fsys fs.FS = fixtures.Leicestershire
	if n, _ := strconv.Atoi(os.Getenv("ROTA_RELAX_DEBUG")); n > 0 {
		f, _ := synth.Generate(synth.Options{Cases: n, Seed: 3})
		fsys = f.FS()
	}
	for _, b := range builtParts(t, loadRegion(t, fsys)) {
		for q := range b.r.Requirements {
			kindOf[q] = b.r.Requirements[q].Kind
		}
		rl := b.relax()
		lpFull, _ := solveLP(context.Background(), b.p, mip.Options{})
		lpRel, _ := solveLP(context.Background(), rl.p, mip.Options{})
		t.Logf("full %v", costByPrefix(b.p, lpFull.X))
		t.Logf("rel  %v", costByPrefix(rl.p, lpRel.X))
		t.Logf("lifted full %v", costByPrefix(rl.p, rl.lift(lpFull.X)))
	}
}

func TestRelaxationDrop(t *testing.T) {
	if os.Getenv("ROTA_RELAX_DROP") == "" {
		t.Skip()
	}
	for _, b := range builtParts(t, loadRegion(t, fixtures.Leicestershire)) {
		for _, pre := range []string{"slot_", "sessday_", "apart", "aday_", "alink", "uwday_", "cmsite_", "xlink"} {
			q := &mip.Problem{}
			for j := 0; j < b.p.NumCols(); j++ {
				q.AddCol(b.p.Col(j))
			}
			for i := 0; i < b.p.NumRows(); i++ {
				if len(b.p.Row(i).Name) >= len(pre) && b.p.Row(i).Name[:len(pre)] == pre {
					continue
				}
				idx, val := b.p.RowCoeffs(i)
				q.AddRow(b.p.Row(i), idx, val)
			}
			lp, _ := solveLP(context.Background(), q, mip.Options{})
			t.Logf("without %s: %d rows, LP %.1f", pre, q.NumRows(), lp.Objective)
		}
	}
}
