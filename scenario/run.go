package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/check"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/caseload"
	"github.com/probation/rota/solver/mip"
)

// DefaultChangePenalty is the price, in objective units, of each departure
// from the baseline rota in the scenario's solve (see Options).
const DefaultChangePenalty = 1.0

// Options control Run. The zero value balances caseloads, solves each week
// with no time limit and the solver's default gap, and prices a departure
// from the baseline at DefaultChangePenalty.
type Options struct {
	// TimeLimit bounds each of the two weekly solves (baseline and
	// scenario); 0 = none. A solve that ends within its gap gives the same
	// rota for the same input; one stopped by the limit may not.
	TimeLimit time.Duration
	Gap       float64 // relative gap of each solve; 0 = the solver's 0.005
	Threads   int     // solver threads; 0 = 1
	Workers   int     // parts or teams solved at once (solver.Options.Workers); 0 = 1
	Seed      int     // solver seed, the same for both solves; 0 = the solver's default
	// ChangePenalty prices each departure from the baseline rota in the
	// scenario's solve: an appointment, session or work party a person
	// did not have in the baseline, or a practitioner at another site on a
	// day. 0 = DefaultChangePenalty; < 0 = none. It must stay below the
	// cheapest unmet requirement (an appointment of a tier-D case at
	// priority 5 costs 100 × 0.27 = 26.7, a work-party day 7 × 2.67) so
	// that it never leaves a requirement unmet, and above the travel
	// noise: at 1.0 a person keeps their slot unless a move saves more than
	// 5 km (at weight.travel_km 0.2) or buys something worth more.
	ChangePenalty float64
	// NoBalance plans both weeks on the data's own allocation; by default
	// caseloads are balanced first (caseload.Balance) on each side.
	NoBalance bool
	// Log receives a line as each stage starts and ends; nil = silent.
	Log io.Writer
	// Baseline is a baseline already solved by SolveBaseline with the same
	// files and options, to compare several scenarios with one baseline
	// solve; nil = solve it in Run.
	Baseline *Side
	// previous is last week's rota of the scenario's solve
	// (solver.Options.Previous); Replan sets it (replan_previous.go).
	previous *plan.Plan
}

func (o Options) penalty() float64 {
	switch {
	case o.ChangePenalty == 0:
		return DefaultChangePenalty
	case o.ChangePenalty < 0:
		return 0
	}
	return o.ChangePenalty
}

func (o Options) logf(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

// Side is one week planned: the baseline or the scenario.
type Side struct {
	Files   map[string][]byte // the data folder's files
	Region  *model.Region     // loaded, under the balanced allocation when balanced
	Balance *caseload.Result  // nil when not balanced
	Result  *solver.Result
	Check   *check.Report // check.Check of the rota against Region
}

// Report is a scenario compared with its baseline.
type Report struct {
	Changes []Change
	// Notes say which changes changed nothing, and why ("close:harborough:
	// mon: harborough is not open on mon (it opens thu)").
	Notes []string
	// Unchanged is set when the changes leave every file as it was: the
	// scenario is then the baseline, not solved again.
	Unchanged          bool
	Baseline, Scenario *Side
	KPIs               []KPI
	Affected           []Affected
	Summary            Summary
}

// SolveBaseline balances and solves the data as it is; pass the result as
// Options.Baseline to run several scenarios against one baseline.
func SolveBaseline(ctx context.Context, files map[string][]byte, opt Options) (*Side, error) {
	r, err := load(files)
	if err != nil {
		return nil, fmt.Errorf("scenario: the data folder does not load: %w", err)
	}
	return solveSide(ctx, "baseline", files, r, opt, nil)
}

// Run makes the changes to files (see Apply), plans the week before and
// after with the same seed and settings, and compares them. The scenario
// is solved with the baseline rota as a reference (solver.Options.Baseline)
// so that the differences it shows are the ones its changes force. Bad
// changes give a *ChangeError (or a *ParseError from Parse); a cancelled
// ctx gives an error wrapping ctx.Err().
func Run(ctx context.Context, files map[string][]byte, changes []Change, opt Options) (*Report, error) {
	if len(changes) == 0 {
		return nil, errors.New("scenario: no changes given")
	}
	changed, region, notes, err := apply(files, changes)
	if err != nil {
		return nil, err
	}
	base := opt.Baseline
	switch {
	case base == nil:
		base, err = SolveBaseline(ctx, files, opt)
		if err != nil {
			return nil, err
		}
	case !sameFiles(base.Files, files):
		return nil, errors.New("scenario: Options.Baseline was solved from other files")
	}
	rep := &Report{Changes: changes, Notes: notes, Baseline: base}
	if sameFiles(changed, files) {
		// Nothing to re-plan: the baseline is the scenario's best answer,
		// and solving again could only add differences of the search.
		rep.Unchanged = true
		rep.Scenario = base
		opt.logf("scenario: the changes leave the data as it was; the scenario is the baseline")
	} else {
		rep.Scenario, err = solveSide(ctx, "scenario", changed, region, opt, base.Result.Plan)
		if err != nil {
			return nil, err
		}
	}
	rep.compare(opt)
	return rep, nil
}

// solveSide balances (unless opt.NoBalance) and solves one week, then
// checks the rota.
func solveSide(ctx context.Context, name string, files map[string][]byte, r *model.Region, opt Options, baseline *plan.Plan) (*Side, error) {
	s := &Side{Files: maps.Clone(files)}
	if !opt.NoBalance {
		opt.logf("%s: balancing caseloads", name)
		bal, err := caseload.Balance(ctx, r, caseload.Options{Workers: opt.Workers})
		if err != nil {
			return nil, fmt.Errorf("scenario: %s: %w", name, err)
		}
		s.Balance = bal
		r = bal.Apply(r)
	}
	s.Region = r
	opt.logf("%s: planning the week", name)
	so := solver.Options{TimeLimit: opt.TimeLimit, Gap: opt.Gap, Threads: opt.Threads, Workers: opt.Workers, Seed: opt.Seed, Previous: opt.previous}
	if baseline != nil {
		so.Baseline, so.ChangePenalty = baseline, opt.penalty()
	}
	res, err := solver.Solve(ctx, r, so)
	if err != nil {
		return nil, fmt.Errorf("scenario: %s: %w", name, err)
	}
	if res.Stop == mip.StopCancelled {
		return nil, fmt.Errorf("scenario: %s: cancelled: %w", name, ctx.Err())
	}
	s.Result = res
	s.Check = check.Check(r, res.Plan)
	opt.logf("%s: %s in %.1fs, gap %.2f%%; check: %d violations", name, res.Plan.Summary.Status,
		res.Elapsed.Seconds(), 100*res.Gap, len(s.Check.Violations))
	return s, nil
}
