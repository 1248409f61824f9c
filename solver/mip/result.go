package mip

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// ErrUnavailable is returned by solvers in a build without cgo.
var ErrUnavailable = errors.New("mip: solver unavailable: built without cgo")

// SolveFunc is the signature shared by the solvers (coin.SolveMIP and
// coin.SolveLP), so callers can choose one at run time or substitute a fake
// in tests.
type SolveFunc func(ctx context.Context, p *Problem, opt Options) (*Result, error)

// Options tune a solve. The zero value solves to optimality, silently, on
// one thread.
type Options struct {
	// TimeLimit bounds the wall-clock time of the solve; 0 means no limit.
	TimeLimit time.Duration
	// Gap is the relative gap at which a MIP search stops and reports
	// Optimal; 0 means the solver's default (Cbc: 0, so proven optimal).
	Gap float64
	// Threads is the number of search threads; 0 or 1 means one. LPs always
	// use one.
	Threads int
	// Seed seeds the solver's random choices; 0 means the solver's default.
	Seed int
	// Log receives the solver's log; nil means silent.
	Log io.Writer
	// Start is a MIP start: a value for every column (NumCols entries).
	// Nil means none. The solver may repair or reject it.
	Start []float64
	// Progress, if not nil, is called with each improved incumbent while a
	// MIP solve runs. Calls may come from any goroutine but never overlap,
	// and all have returned when the solve returns. Keep it quick.
	Progress func(Progress)
	// Iterations, for an LP, limits the simplex iterations: a limit of
	// work, so the same problem stops at the same point on any machine.
	// An LP stopped on it (or on a cancel or the time limit) reports
	// NoSolution, its last duals and the bound they prove
	// (Problem.DualBound). 0 means none;
	// MIP solves ignore it (their node limits go in SolverArgs).
	Iterations int
	// SolverArgs are further solver-specific arguments, passed to Cbc's
	// standard driver after the ones these options set, e.g.
	// {"-preprocess", "off"}. Nil means none; LP solves ignore them.
	SolverArgs []string
}

// Progress reports an improved incumbent during a MIP solve. Objective and
// Bound are in the problem's own sense, with Problem.Offset included;
// Elapsed is wall-clock time since the solve began.
type Progress struct {
	Objective, Bound float64
	Elapsed          time.Duration
}

// Status is the outcome of a solve; see the package comment.
type Status int

// Solve outcomes.
const (
	Unknown    Status = iota // not solved, or the solver reported something unrecognised
	Optimal                  // proven optimal within Options.Gap
	Feasible                 // stopped early (see Result.Stop) with a solution
	Infeasible               // proven infeasible
	Unbounded                // proven unbounded (for a MIP: its relaxation)
	NoSolution               // stopped early (see Result.Stop) without a solution
	Abandoned                // the solver gave up, e.g. on numerical trouble
)

var statusNames = [...]string{
	Unknown:    "unknown",
	Optimal:    "optimal",
	Feasible:   "feasible",
	Infeasible: "infeasible",
	Unbounded:  "unbounded",
	NoSolution: "no solution",
	Abandoned:  "abandoned",
}

// String returns the status in lower case, e.g. "optimal".
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// HasSolution reports whether a result with this status carries a solution
// in Result.X: Optimal or Feasible.
func (s Status) HasSolution() bool { return s == Optimal || s == Feasible }

// StopReason says why a solve ended before it finished.
type StopReason int

// Reasons for stopping early.
const (
	StopNone      StopReason = iota // the solve ran to its end
	StopTimeLimit                   // Options.TimeLimit was reached
	StopCancelled                   // the context was cancelled
	StopWorkLimit                   // a solver work limit (nodes, solutions, iterations) set through SolverArgs
)

// String returns "none", "time limit", "cancelled" or "work limit".
func (r StopReason) String() string {
	switch r {
	case StopNone:
		return "none"
	case StopTimeLimit:
		return "time limit"
	case StopCancelled:
		return "cancelled"
	case StopWorkLimit:
		return "work limit"
	}
	return fmt.Sprintf("StopReason(%d)", int(r))
}

// Result is the outcome of a solve. All slices are owned by the caller.
type Result struct {
	Status Status
	Stop   StopReason // why the solve stopped early, if it did

	// Objective is the objective value of X, Problem.Offset included; NaN
	// without a solution. Bound is the best proven bound in the problem's
	// sense (±Inf when none is known). Gap is |Objective−Bound| /
	// max(1e-9, |Objective|), +Inf without a solution. For an LP solved to
	// optimality Bound == Objective and Gap == 0.
	Objective, Bound, Gap float64

	// X holds column values and RowActivity row activities; both are nil
	// unless Status.HasSolution().
	X, RowActivity []float64

	// Duals (one per row) and ReducedCosts (one per column) are set by LP
	// solves that reach Optimal. They are in the problem's own sense: a
	// dual is the rate of change of the optimal objective as the row's
	// active bound rises, so for Wyndor Glass (a maximisation) a binding ≤
	// row has a positive dual.
	Duals, ReducedCosts []float64

	Elapsed time.Duration // wall-clock time of the solve
	Nodes   int           // branch-and-bound nodes, where the solver reports them
}

// RelGap returns |obj−bound| / max(1e-9, |obj|), the definition of
// Result.Gap: +Inf if obj is NaN or either value is infinite, 0 if they are
// equal.
func RelGap(obj, bound float64) float64 {
	if math.IsNaN(obj) || math.IsNaN(bound) || math.IsInf(obj, 0) || math.IsInf(bound, 0) {
		return math.Inf(1)
	}
	if obj == bound {
		return 0
	}
	return math.Abs(obj-bound) / math.Max(1e-9, math.Abs(obj))
}
