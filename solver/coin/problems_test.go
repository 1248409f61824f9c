package coin

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/probation/rota/solver/mip"
	"github.com/probation/rota/solver/mip/miptest"
)

var inf = math.Inf(1)

// textbook is a problem with a published (or hand-derived) optimum.
type textbook struct {
	name   string
	source string // where the figures come from
	build  func() *mip.Problem
	obj    float64   // optimal objective, Offset included
	x      []float64 // the optimum, if unique; nil otherwise
	duals  []float64 // LP row duals in the problem's sense, if checked
	rc     []float64 // LP reduced costs, if checked
}

// leq, geq and eq make rows.
func leq(hi float64) mip.Row { return mip.Row{Lo: -inf, Hi: hi} }
func geq(lo float64) mip.Row { return mip.Row{Lo: lo, Hi: inf} }
func eq(v float64) mip.Row   { return mip.Row{Lo: v, Hi: v} }

// dense adds the row a·x within r over columns 0..len(a)-1.
func dense(p *mip.Problem, r mip.Row, a ...float64) {
	idx := make([]int, len(a))
	for j := range idx {
		idx[j] = j
	}
	p.AddRow(r, idx, a)
}

func nonneg(p *mip.Problem, integer bool, cost ...float64) {
	for j, c := range cost {
		p.AddCol(mip.Col{Name: fmt.Sprintf("x%d", j+1), Hi: inf, Cost: c, Integer: integer})
	}
}

var lps = []textbook{
	{
		name:   "wyndor",
		source: "Hillier & Lieberman, Introduction to Operations Research, 9th ed., §3.1 (optimum) and §4.7 (shadow prices 0, 3/2, 1)",
		build: func() *mip.Problem {
			p := &mip.Problem{Name: "Wyndor Glass", Sense: mip.Maximize}
			nonneg(p, false, 3, 5)
			dense(p, mip.Row{Name: "plant 1", Lo: -inf, Hi: 4}, 1, 0)
			dense(p, mip.Row{Name: "plant 2", Lo: -inf, Hi: 12}, 0, 2)
			dense(p, mip.Row{Name: "plant 3", Lo: -inf, Hi: 18}, 3, 2)
			return p
		},
		obj: 36, x: []float64{2, 6}, duals: []float64{0, 1.5, 1}, rc: []float64{0, 0},
	},
	{
		name:   "chvatal",
		source: "Chvátal, Linear Programming (1983), ch. 2, first example: max 5x1+4x2+3x3, optimum 13 at (2,0,1); duals (1,0,1) from ch. 5 (complementary slackness)",
		build: func() *mip.Problem {
			p := &mip.Problem{Name: "Chvatal 2", Sense: mip.Maximize}
			nonneg(p, false, 5, 4, 3)
			dense(p, leq(5), 2, 3, 1)
			dense(p, leq(11), 4, 1, 2)
			dense(p, leq(8), 3, 4, 2)
			return p
		},
		obj: 13, x: []float64{2, 0, 1}, duals: []float64{1, 0, 1}, rc: []float64{0, -3, 0},
	},
	{
		name:   "radiation therapy",
		source: "Hillier & Lieberman, Introduction to Operations Research, 9th ed., §3.4 (Mary's radiation therapy): min 0.4x1+0.5x2, optimum 5.25 at (7.5,4.5); duals by hand from the two binding rows",
		build: func() *mip.Problem {
			p := &mip.Problem{Name: "radiation"}
			nonneg(p, false, 0.4, 0.5)
			dense(p, leq(2.7), 0.3, 0.1)
			dense(p, eq(6), 0.5, 0.5)
			dense(p, geq(6), 0.6, 0.4)
			return p
		},
		obj: 5.25, x: []float64{7.5, 4.5}, duals: []float64{-0.5, 1.1, 0}, rc: []float64{0, 0},
	},
	{
		name:   "ranged and free rows",
		source: "constructed: min 5+x+y, 2 ≤ x−y ≤ 4, x+2y free, x,y ∈ [−10,10]; by hand y = −10 at its bound, x = y+2, objective −13",
		build: func() *mip.Problem {
			p := &mip.Problem{Name: "ranged", Offset: 5}
			p.AddCol(mip.Col{Name: "x", Lo: -10, Hi: 10, Cost: 1})
			p.AddCol(mip.Col{Name: "y", Lo: -10, Hi: 10, Cost: 1})
			dense(p, mip.Row{Name: "ranged", Lo: 2, Hi: 4}, 1, -1)
			dense(p, mip.Row{Name: "free", Lo: -inf, Hi: inf}, 1, 2)
			return p
		},
		obj: -13, x: []float64{-8, -10}, duals: []float64{1, 0}, rc: []float64{0, 2},
	},
}

var mips = []textbook{
	{
		name:   "knapsack P01",
		source: "Kreher & Stinson, Combinatorial Algorithms (1999), knapsack instance P01 (as published in J. Burkardt's KNAPSACK_01 data): capacity 165, optimum 309",
		build: func() *mip.Problem {
			p := &mip.Problem{Name: "P01", Sense: mip.Maximize}
			w := []float64{23, 31, 29, 44, 53, 38, 63, 85, 89, 82}
			v := []float64{92, 57, 49, 68, 60, 43, 67, 84, 87, 72}
			for j := range w {
				p.AddCol(mip.Col{Name: fmt.Sprintf("item %d", j+1), Hi: 1, Cost: v[j], Integer: true})
			}
			dense(p, mip.Row{Name: "capacity", Lo: -inf, Hi: 165}, w...)
			return p
		},
		obj: 309, x: []float64{1, 1, 1, 1, 0, 1, 0, 0, 0, 0},
	},
	{
		name:   "california manufacturing",
		source: "Hillier & Lieberman, Introduction to Operations Research, 9th ed., §12.1 (California Manufacturing Co.): optimum 14 at (1,1,0,0)",
		build: func() *mip.Problem {
			p := &mip.Problem{Name: "California", Sense: mip.Maximize}
			for j, c := range []float64{9, 5, 6, 4} {
				p.AddCol(mip.Col{Name: fmt.Sprintf("x%d", j+1), Hi: 1, Cost: c, Integer: true})
			}
			dense(p, leq(10), 6, 3, 5, 2)
			dense(p, leq(1), 0, 0, 1, 1)
			dense(p, leq(0), -1, 0, 1, 0)
			dense(p, leq(0), 0, -1, 0, 1)
			return p
		},
		obj: 14, x: []float64{1, 1, 0, 0},
	},
	{
		name:   "rounding fails",
		source: "Bradley, Hax & Magnanti, Applied Mathematical Programming (1977), ch. 9: max x1+0.64x2, LP optimum 5.098 but integer optimum 5 at (5,0)",
		build: func() *mip.Problem {
			p := &mip.Problem{Name: "BHM", Sense: mip.Maximize}
			nonneg(p, true, 1, 0.64)
			dense(p, leq(250), 50, 31)
			dense(p, geq(-4), 3, -2)
			return p
		},
		obj: 5, x: []float64{5, 0},
	},
	{
		name: "fixed charge",
		// Regression: Cbc's preprocessing empties this model, and Clp's
		// presolve in post-processing then crashed the process while
		// only column names were set (fixed by naming rows too).
		source: "constructed: two suppliers of capacity 5 with fixed costs 10 and 12 and unit costs 1 and 2 meet demand 7.5; by hand both open, 5 + 2.5 units, cost 32",
		build: func() *mip.Problem {
			p := &mip.Problem{Name: "fixed charge"}
			x1 := p.AddCol(mip.Col{Name: "ship 1", Hi: inf, Cost: 1})
			x2 := p.AddCol(mip.Col{Name: "ship 2", Hi: inf, Cost: 2})
			y1 := p.AddCol(mip.Col{Name: "open 1", Hi: 1, Cost: 10, Integer: true})
			y2 := p.AddCol(mip.Col{Name: "open 2", Hi: 1, Cost: 12, Integer: true})
			p.AddRow(mip.Row{Name: "demand", Lo: 7.5, Hi: 7.5}, []int{x1, x2}, []float64{1, 1})
			p.AddRow(leq(0), []int{x1, y1}, []float64{1, -5})
			p.AddRow(leq(0), []int{x2, y2}, []float64{1, -5})
			return p
		},
		obj: 32, x: []float64{5, 2.5, 1, 1},
	},
	{
		name:   "general integers with offset",
		source: "constructed: min 100 − 2a − 3b, a,b ∈ {0..5} integer, a+b ≤ 5.5, b−a ≤ 1.5; by enumeration a=2, b=3, objective 87",
		build: func() *mip.Problem {
			p := &mip.Problem{Name: "general", Offset: 100}
			p.AddCol(mip.Col{Name: "a", Hi: 5, Cost: -2, Integer: true})
			p.AddCol(mip.Col{Name: "b", Hi: 5, Cost: -3, Integer: true})
			dense(p, leq(5.5), 1, 1)
			dense(p, leq(1.5), -1, 1)
			return p
		},
		obj: 87, x: []float64{2, 3},
	},
}

// randomMIP returns a small pure-integer problem: 2–8 columns with bounds in
// −2..3, 1–4 rows of every kind, a random sense and offset. At most a few
// thousand points, so it can be enumerated.
func randomMIP(rng *rand.Rand) *mip.Problem {
	p := &mip.Problem{Name: "random", Offset: float64(rng.IntN(11) - 5)}
	if rng.IntN(2) == 0 {
		p.Sense = mip.Maximize
	}
	n := 2 + rng.IntN(7)
	points := 1
	for j := range n {
		lo := float64(-rng.IntN(3))
		if rng.IntN(2) == 0 {
			lo = 0
		}
		hi := lo + float64(1+rng.IntN(3))
		if points*int(hi-lo+1) > 4096 {
			hi = lo + 1
		}
		points *= int(hi - lo + 1)
		p.AddCol(mip.Col{Name: fmt.Sprintf("v%d", j), Lo: lo, Hi: hi, Cost: float64(rng.IntN(21) - 10), Integer: true})
	}
	m := 1 + rng.IntN(4)
	for range m {
		a := make([]float64, n)
		for j := range a {
			if rng.IntN(3) > 0 {
				a[j] = float64(rng.IntN(11) - 5)
			}
		}
		b := float64(rng.IntN(13) - 4)
		var r mip.Row
		switch rng.IntN(4) {
		case 0:
			r = leq(b)
		case 1:
			r = geq(b - 3)
		case 2:
			r = eq(b / 2)
		default:
			r = mip.Row{Lo: b - 4, Hi: b}
		}
		dense(p, r, a...)
	}
	return p
}

// bruteForce enumerates every integer point of a pure-integer problem and
// returns the best objective, or ok == false if no point is feasible.
func bruteForce(p *mip.Problem) (best float64, ok bool) {
	cols := p.Cols()
	x := make([]float64, len(cols))
	for j, c := range cols {
		x[j] = c.Lo
	}
	better := func(a, b float64) bool {
		if p.Sense == mip.Maximize {
			return a > b
		}
		return a < b
	}
	for {
		if p.Check(x, 1e-9) == nil {
			if v := p.Evaluate(x); !ok || better(v, best) {
				best, ok = v, true
			}
		}
		j := 0
		for ; j < len(x); j++ {
			if x[j] < cols[j].Hi {
				x[j]++
				break
			}
			x[j] = cols[j].Lo
		}
		if j == len(x) {
			return best, ok
		}
	}
}

// mustSolve solves and fails the test on an error; every solution is
// checked against the problem independently of the solver.
func mustSolve(t *testing.T, solve mip.SolveFunc, p *mip.Problem, opt mip.Options) *mip.Result {
	t.Helper()
	r, err := solve(context.Background(), p, opt)
	if err != nil {
		t.Fatalf("solve %q: %v", p.Name, err)
	}
	checkResult(t, p, r)
	return r
}

// checkResult verifies the parts of a result that must hold whatever the
// problem: a solution is feasible and its figures agree with it.
func checkResult(t *testing.T, p *mip.Problem, r *mip.Result) {
	t.Helper()
	if !r.Status.HasSolution() {
		if r.X != nil {
			t.Errorf("%s: status %v but X = %v", p.Name, r.Status, r.X)
		}
		return
	}
	q := p
	if r.Duals != nil { // an LP solve: check the relaxation
		q = relaxation(p)
	}
	if err := q.Check(r.X, 1e-6); err != nil {
		t.Errorf("%s: returned solution: %v", p.Name, err)
	}
	if got, want := r.Objective, p.Evaluate(r.X); !near(got, want) {
		t.Errorf("%s: Objective = %v, but X evaluates to %v", p.Name, got, want)
	}
	if len(r.RowActivity) != p.NumRows() {
		t.Errorf("%s: %d row activities for %d rows", p.Name, len(r.RowActivity), p.NumRows())
	}
	if got, want := r.Gap, mip.RelGap(r.Objective, r.Bound); !near(got, want) {
		t.Errorf("%s: Gap = %v, want %v from objective %v and bound %v", p.Name, got, want, r.Objective, r.Bound)
	}
}

func near(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b))
}

func nearAll(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !near(a[k], b[k]) {
			return false
		}
	}
	return true
}

// relaxation returns a copy of p without integrality.
func relaxation(p *mip.Problem) *mip.Problem {
	q := &mip.Problem{Name: p.Name, Sense: p.Sense, Offset: p.Offset}
	for _, c := range p.Cols() {
		c.Integer = false
		q.AddCol(c)
	}
	for i, r := range p.Rows() {
		idx, val := p.RowCoeffs(i)
		q.AddRow(r, idx, val)
	}
	return q
}

// assignment is miptest.Assignment.
var assignment = miptest.Assignment
