package coin

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/probation/rota/solver/mip"
)

func skipWithoutSolver(t testing.TB) {
	t.Helper()
	if !Available() {
		t.Skip("COIN-OR solvers unavailable: built without cgo")
	}
}

func TestUnavailableWithoutCgo(t *testing.T) {
	if Available() {
		t.Skip("built with cgo")
	}
	for name, solve := range map[string]mip.SolveFunc{"SolveMIP": SolveMIP, "SolveLP": SolveLP} {
		if _, err := solve(context.Background(), &mip.Problem{}, mip.Options{}); !errors.Is(err, mip.ErrUnavailable) {
			t.Errorf("%s error = %v, want mip.ErrUnavailable", name, err)
		}
	}
}

func TestSolveLPTextbook(t *testing.T) {
	skipWithoutSolver(t)
	for _, tt := range lps {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.build()
			r := mustSolve(t, SolveLP, p, mip.Options{})
			if r.Status != mip.Optimal {
				t.Fatalf("status = %v, want optimal (source: %s)", r.Status, tt.source)
			}
			if !near(r.Objective, tt.obj) || r.Bound != r.Objective || r.Gap != 0 {
				t.Errorf("objective, bound, gap = %v, %v, %v, want %v, %v, 0 (source: %s)", r.Objective, r.Bound, r.Gap, tt.obj, tt.obj, tt.source)
			}
			if tt.x != nil && !nearAll(r.X, tt.x) {
				t.Errorf("X = %v, want %v", r.X, tt.x)
			}
			if tt.duals != nil && !nearAll(r.Duals, tt.duals) {
				t.Errorf("Duals = %v, want %v (source: %s)", r.Duals, tt.duals, tt.source)
			}
			if tt.rc != nil && !nearAll(r.ReducedCosts, tt.rc) {
				t.Errorf("ReducedCosts = %v, want %v", r.ReducedCosts, tt.rc)
			}
			// Strong duality: with these (finite-bound-free or bound-
			// reported) problems the dual objective matches.
			if tt.duals != nil {
				if got, want := dualObjective(p, r), r.Objective; !near(got, want) {
					t.Errorf("dual objective %v, want the primal %v", got, want)
				}
			}
		})
	}
}

// dualObjective is Offset + Σ_i y_i·b_i + Σ_j d_j·l_j, where b_i and l_j are
// the bounds the duals and reduced costs price (the one at which the row or
// column sits). By strong duality it equals the optimum.
func dualObjective(p *mip.Problem, r *mip.Result) float64 {
	v := p.Offset
	for i, row := range p.Rows() {
		if y := r.Duals[i]; y != 0 {
			b := row.Lo
			if math.Abs(r.RowActivity[i]-row.Hi) < math.Abs(r.RowActivity[i]-row.Lo) {
				b = row.Hi
			}
			v += y * b
		}
	}
	for j, c := range p.Cols() {
		if d := r.ReducedCosts[j]; d != 0 {
			b := c.Lo
			if math.Abs(r.X[j]-c.Hi) < math.Abs(r.X[j]-c.Lo) {
				b = c.Hi
			}
			v += d * b
		}
	}
	return v
}

func TestSolveMIPTextbook(t *testing.T) {
	skipWithoutSolver(t)
	for _, tt := range mips {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.build()
			r := mustSolve(t, SolveMIP, p, mip.Options{})
			if r.Status != mip.Optimal || r.Stop != mip.StopNone {
				t.Fatalf("status = %v (stop %v), want optimal (source: %s)", r.Status, r.Stop, tt.source)
			}
			if !near(r.Objective, tt.obj) {
				t.Errorf("objective = %v, want %v (source: %s)", r.Objective, tt.obj, tt.source)
			}
			if tt.x != nil && !nearAll(r.X, tt.x) {
				t.Errorf("X = %v, want %v", r.X, tt.x)
			}
			if r.Gap > 1e-6 {
				t.Errorf("gap = %v at optimality (bound %v)", r.Gap, r.Bound)
			}
			if r.Duals != nil || r.ReducedCosts != nil {
				t.Errorf("MIP result has duals %v and reduced costs %v", r.Duals, r.ReducedCosts)
			}
		})
	}
	// LPs through SolveMIP go to Clp and keep their duals.
	for _, tt := range lps {
		t.Run("LP "+tt.name, func(t *testing.T) {
			r := mustSolve(t, SolveMIP, tt.build(), mip.Options{})
			if r.Status != mip.Optimal || !near(r.Objective, tt.obj) {
				t.Errorf("status, objective = %v, %v, want optimal, %v", r.Status, r.Objective, tt.obj)
			}
			if tt.duals != nil && !nearAll(r.Duals, tt.duals) {
				t.Errorf("Duals = %v, want %v", r.Duals, tt.duals)
			}
		})
	}
}

func TestSolveMIPAgainstBruteForce(t *testing.T) {
	skipWithoutSolver(t)
	rng := rand.New(rand.NewPCG(2026, 7))
	for k := range 60 {
		p := randomMIP(rng)
		p.Name = fmt.Sprintf("random %d", k)
		t.Run(p.Name, func(t *testing.T) {
			want, feasible := bruteForce(p)
			r := mustSolve(t, SolveMIP, p, mip.Options{})
			switch {
			case !feasible && r.Status != mip.Infeasible:
				t.Errorf("status = %v (objective %v), want infeasible", r.Status, r.Objective)
			case feasible && r.Status != mip.Optimal:
				t.Errorf("status = %v, want optimal %v", r.Status, want)
			case feasible && !near(r.Objective, want):
				t.Errorf("objective = %v, want %v by enumeration", r.Objective, want)
			}
		})
	}
}

func TestStatuses(t *testing.T) {
	skipWithoutSolver(t)
	tests := []struct {
		name      string
		build     func() *mip.Problem
		want      mip.Status
		wantBound float64
	}{
		{name: "infeasible rows", want: mip.Infeasible, wantBound: inf, build: func() *mip.Problem {
			p := &mip.Problem{}
			p.AddCol(mip.Col{Hi: 1, Integer: true})
			p.AddCol(mip.Col{Hi: 1, Integer: true})
			dense(p, geq(3), 1, 1)
			return p
		}},
		{name: "integer infeasible, LP feasible", want: mip.Infeasible, wantBound: inf, build: func() *mip.Problem {
			p := &mip.Problem{}
			p.AddCol(mip.Col{Hi: 10, Integer: true, Cost: 1})
			p.AddCol(mip.Col{Hi: 10, Integer: true, Cost: 1})
			dense(p, eq(1), 2, 2)
			return p
		}},
		{name: "infeasible maximisation", want: mip.Infeasible, wantBound: -inf, build: func() *mip.Problem {
			p := &mip.Problem{Sense: mip.Maximize}
			p.AddCol(mip.Col{Hi: 5, Integer: true, Cost: 1})
			dense(p, geq(6), 1)
			return p
		}},
		{name: "crossed column bounds", want: mip.Infeasible, wantBound: inf, build: func() *mip.Problem {
			p := &mip.Problem{}
			p.AddCol(mip.Col{Lo: 2, Hi: 1, Integer: true})
			return p
		}},
		{name: "unbounded", want: mip.Unbounded, wantBound: inf, build: func() *mip.Problem {
			p := &mip.Problem{Sense: mip.Maximize}
			nonneg(p, true, 1, 1)
			dense(p, leq(1), 1, -1)
			return p
		}},
		{name: "unbounded minimisation with free column", want: mip.Unbounded, wantBound: -inf, build: func() *mip.Problem {
			p := &mip.Problem{}
			p.AddCol(mip.Col{Lo: -inf, Hi: inf, Cost: 1, Integer: true})
			p.AddCol(mip.Col{Hi: 1, Integer: true})
			dense(p, leq(3), 1, 1)
			return p
		}},
		{name: "empty", want: mip.Optimal, wantBound: 7, build: func() *mip.Problem {
			return &mip.Problem{Offset: 7}
		}},
		{name: "empty with a satisfiable row", want: mip.Optimal, wantBound: 7, build: func() *mip.Problem {
			p := &mip.Problem{Offset: 7}
			p.AddRow(mip.Row{Lo: -1, Hi: 1}, nil, nil)
			return p
		}},
		{name: "empty with an impossible row", want: mip.Infeasible, wantBound: inf, build: func() *mip.Problem {
			p := &mip.Problem{Offset: 7}
			p.AddRow(geq(1), nil, nil)
			return p
		}},
		{name: "columns without rows", want: mip.Optimal, wantBound: -3, build: func() *mip.Problem {
			p := &mip.Problem{}
			p.AddCol(mip.Col{Lo: -3, Hi: 4, Cost: 1, Integer: true})
			p.AddCol(mip.Col{Lo: 0, Hi: 4, Cost: 0})
			return p
		}},
	}
	for _, tt := range tests {
		for _, solver := range []struct {
			name  string
			solve mip.SolveFunc
		}{{"MIP", SolveMIP}, {"LP", SolveLP}} {
			t.Run(solver.name+" "+tt.name, func(t *testing.T) {
				p := tt.build()
				want := tt.want
				if solver.name == "LP" && tt.name == "integer infeasible, LP feasible" {
					want = mip.Optimal // the relaxation is feasible
				}
				r := mustSolve(t, solver.solve, p, mip.Options{})
				if r.Status != want {
					t.Fatalf("status = %v, want %v", r.Status, want)
				}
				if want == mip.Optimal {
					if solver.name == "MIP" && !near(r.Objective, tt.wantBound) {
						t.Errorf("objective = %v, want %v", r.Objective, tt.wantBound)
					}
					return
				}
				if r.Bound != tt.wantBound || !math.IsNaN(r.Objective) || !math.IsInf(r.Gap, 1) {
					t.Errorf("bound, objective, gap = %v, %v, %v, want %v, NaN, +Inf", r.Bound, r.Objective, r.Gap, tt.wantBound)
				}
			})
		}
	}
}

func TestMisuse(t *testing.T) {
	skipWithoutSolver(t)
	knap := mips[0].build()
	tests := []struct {
		name string
		p    *mip.Problem
		opt  mip.Options
		want string
	}{
		{name: "nil problem", p: nil, want: "nil problem"},
		{name: "NaN cost", p: func() *mip.Problem { p := mips[0].build(); p.SetCost(0, math.NaN()); return p }(), want: "invalid problem"},
		{name: "short start", p: knap, opt: mip.Options{Start: []float64{1}}, want: "1 values for 10 columns"},
		{name: "infinite start", p: knap, opt: mip.Options{Start: []float64{inf, 0, 0, 0, 0, 0, 0, 0, 0, 0}}, want: "MIP start value"},
		{name: "negative gap", p: knap, opt: mip.Options{Gap: -0.1}, want: "gap"},
		{name: "negative time limit", p: knap, opt: mip.Options{TimeLimit: -1}, want: "time limit"},
		{name: "negative threads", p: knap, opt: mip.Options{Threads: -2}, want: "thread"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := SolveMIP(context.Background(), tt.p, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "coin: ") {
				t.Errorf("error = %v, want one starting \"coin: \" and containing %q", err, tt.want)
			}
			if r != nil {
				t.Errorf("result = %+v alongside the error", r)
			}
		})
	}
	t.Run("context cancelled before the solve", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := SolveMIP(ctx, knap, mip.Options{}); !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
	})
}

func TestMIPStart(t *testing.T) {
	skipWithoutSolver(t)
	// A start must name every integer column or Cbc silently drops it; the
	// binding passes every column, and Cbc's log says what it made of it.
	ot := assignment(4, 12, 3, 0.8, true)
	everyJobOnMachine0 := make([]float64, ot.NumCols())
	for j := range 12 {
		everyJobOnMachine0[j] = 1 // x[0,j]
	}
	for i, act := range ot.Activity(everyJobOnMachine0)[12:] {
		everyJobOnMachine0[4*12+i] = math.Max(0, act-ot.Row(12+i).Hi) // overtime i
	}
	tests := []struct {
		name    string
		p       *mip.Problem
		start   []float64
		wantLog string
	}{
		{name: "optimal start", p: mips[0].build(), start: []float64{1, 1, 1, 1, 0, 1, 0, 0, 0, 0},
			wantLog: "MIPStart provided solution with cost -309"},
		{name: "poor start", p: mips[0].build(), start: []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
			wantLog: "MIPStart provided solution with cost -72"},
		{name: "mixed start", p: ot, start: everyJobOnMachine0,
			wantLog: fmt.Sprintf("MIPStart provided solution with cost %g", ot.Evaluate(everyJobOnMachine0))},
		{name: "infeasible start", p: mips[0].build(), start: []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
			wantLog: "mipstart values could not be used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.p.Check(tt.start, 1e-9); err != nil && !strings.Contains(tt.name, "infeasible") {
				t.Fatalf("test start is infeasible: %v", err)
			}
			var log strings.Builder
			want := mustSolve(t, SolveMIP, tt.p, mip.Options{})
			r := mustSolve(t, SolveMIP, tt.p, mip.Options{Start: tt.start, Log: &log})
			if r.Status != mip.Optimal || !near(r.Objective, want.Objective) {
				t.Errorf("status, objective = %v, %v, want optimal, %v as without a start", r.Status, r.Objective, want.Objective)
			}
			if !strings.Contains(log.String(), tt.wantLog) {
				t.Errorf("log does not say %q:\n%s", tt.wantLog, log.String())
			}
		})
	}
}

func TestLogAndSilence(t *testing.T) {
	skipWithoutSolver(t)
	p := mips[0].build()
	t.Run("log", func(t *testing.T) {
		var log strings.Builder
		mustSolve(t, SolveMIP, p, mip.Options{Log: &log})
		for _, want := range []string{"Welcome to the CBC MILP Solver", "Result - Optimal solution found", "Objective value:"} {
			if !strings.Contains(log.String(), want) {
				t.Errorf("Cbc log lacks %q:\n%s", want, log.String())
			}
		}
		log.Reset()
		mustSolve(t, SolveLP, lps[0].build(), mip.Options{Log: &log})
		if !strings.Contains(log.String(), "Optimal objective") {
			t.Errorf("Clp log lacks %q:\n%s", "Optimal objective", log.String())
		}
	})
	t.Run("failing log writer", func(t *testing.T) {
		r := mustSolve(t, SolveMIP, p, mip.Options{Log: failWriter{}})
		if r.Status != mip.Optimal {
			t.Errorf("status = %v with a failing log, want optimal", r.Status)
		}
	})
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("log broken") }

func TestConcurrentSolves(t *testing.T) {
	skipWithoutSolver(t)
	// Solves are serialised inside the package; callers on many goroutines
	// must each get their own right answer (run with -race).
	all := append(append([]textbook{}, lps...), mips...)
	var wg sync.WaitGroup
	for g := range 4 {
		for k, tt := range all {
			wg.Go(func() {
				p := tt.build()
				lp := (g+k)%3 == 0
				solve := SolveMIP
				if lp {
					solve = SolveLP
				}
				var mu sync.Mutex
				var last float64
				opt := mip.Options{Threads: 1 + g%2, Progress: func(pr mip.Progress) {
					mu.Lock()
					last = pr.Objective
					mu.Unlock()
				}}
				if g == 3 {
					opt.Log = &strings.Builder{}
				}
				r, err := solve(context.Background(), p, opt)
				if err != nil {
					t.Errorf("%s: %v", tt.name, err)
					return
				}
				checkResult(t, p, r)
				switch {
				case r.Status != mip.Optimal:
					t.Errorf("%s: status %v, want optimal", tt.name, r.Status)
				case !lp && !near(r.Objective, tt.obj):
					t.Errorf("%s: objective %v, want %v", tt.name, r.Objective, tt.obj)
				}
				mu.Lock()
				defer mu.Unlock()
				if last != 0 && !near(last, r.Objective) {
					t.Errorf("%s: last progress objective %v, result %v", tt.name, last, r.Objective)
				}
			})
		}
	}
	wg.Wait()
}
