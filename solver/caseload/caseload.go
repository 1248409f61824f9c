package caseload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/coin"
	"github.com/probation/rota/solver/mip"
	"github.com/probation/rota/solver/worker"
)

// Options tune Balance. The zero value solves with Cbc, silently, with the
// default limits.
type Options struct {
	// Solve solves each stage's MIP; nil means coin.SolveMIP.
	Solve mip.SolveFunc
	// TimeLimit bounds each Cbc solve (one stage of one team); 0 means
	// 10 s. It is a safety net: a stage ends at its gap or at a node limit,
	// which does not depend on the machine's speed, so the same input gives
	// the same allocation. A stage stopped short of its gap keeps its best
	// solution and the summary's status reads feasible.
	TimeLimit time.Duration
	// Tolerance, in capacity-% points, is how close to its optimum stage 1
	// (the largest capacity) must come and how far above it stage 2 may
	// leave it; stage 2 stops within Tolerance × the team's practitioners.
	// 0 means 1: finer tuning of the largest capacity costs moves for
	// differences nobody would act on.
	Tolerance float64
	// Log receives a line per stage and team; nil means silent.
	Log io.Writer
	// Workers is how many teams are balanced at once; 0 or 1 balances
	// them one after another. Beyond the first, each runs its solves in a
	// solver worker process (package solver/worker), so the program must
	// call worker.Main first thing. It applies only when Solve is nil, and
	// does not change the allocation: teams are independent. The log keeps
	// the teams' order.
	Workers int
}

func (o Options) solve() mip.SolveFunc {
	if o.Solve == nil {
		return coin.SolveMIP
	}
	return o.Solve
}

func (o Options) timeLimit() time.Duration {
	if o.TimeLimit <= 0 {
		return 10 * time.Second
	}
	return o.TimeLimit
}

func (o Options) tolerance() float64 {
	if o.Tolerance <= 0 {
		return 1
	}
	return o.Tolerance
}

// The caseload files' rows and summary (model/plan).
type (
	Row     = plan.CaseloadRow
	Move    = plan.Move
	Summary = plan.CaseloadSummary
	Stats   = plan.CaseloadStats
	Team    = plan.CaseloadTeam
	// UnheldCase is a case nobody in its team may hold, with the reason.
	UnheldCase = plan.UnheldCase
)

// Result is a balanced caseload.
type Result struct {
	// Rows are caseload.csv: one per case manager (PO or PSO), in the order
	// of practitioners.csv.
	Rows []Row
	// Moves are moves.csv: every change of case manager and every
	// allocation, in the order of service_users.csv.
	Moves []Move
	// Assignment gives every service user's case manager after balancing
	// ("" for an unallocated case nobody in its team may hold).
	Assignment map[string]string
	// Summary is caseload.json.
	Summary Summary
}

// Move reasons: ReasonUnallocated, "balance: from X% to Y%" (the
// capacities of From and To before balancing) and "required: …" (the
// current case manager may not hold the case).
const (
	ReasonUnallocated = "unallocated"
	reasonBalance     = "balance: from %.1f%% to %.1f%%"
	reasonRequired    = "required: "
)

// Balance allocates every unallocated case of r and moves allocated ones
// where the gain in balance is worth a move, team by team (see the package
// comment). It does not modify r. An error means the solver failed or ctx
// was cancelled; a target the staff cannot reach is a result, reported in
// the summary.
func Balance(ctx context.Context, r *model.Region, opt Options) (*Result, error) {
	start := time.Now()
	in := newInstance(r)
	after := slices.Clone(in.before)
	status := "optimal"

	solveAll := func(teams []*team, caps map[int]int) error {
		return forTeams(teams, opt, func(t *team, opt Options) error {
			cap, ok := caps[t.index]
			if !ok {
				cap = -1
			}
			if err := t.balance(ctx, in, opt, cap, after); err != nil {
				return fmt.Errorf("caseload: team %s: %w", t.id, err)
			}
			return nil
		})
	}
	if err := solveAll(in.teams, nil); err != nil {
		return nil, err
	}
	// max_moves is a cap on the whole region: when the teams' balance
	// moves exceed it, it is shared among the teams in proportion to the
	// moves each made and the teams over their share are solved again.
	if capAll := r.Settings.MaxMoves; capAll > 0 {
		total := 0
		for _, t := range in.teams {
			total += t.moves
		}
		if total > capAll {
			caps := shareCap(in.teams, capAll, total)
			var again []*team
			for _, t := range in.teams {
				if t.moves > caps[t.index] {
					again = append(again, t)
				}
			}
			if err := solveAll(again, caps); err != nil {
				return nil, err
			}
		}
	}
	err := forTeams(in.teams, opt, func(t *team, opt Options) error {
		if err := t.fromScratch(ctx, in, opt); err != nil {
			return fmt.Errorf("caseload: team %s: from scratch: %w", t.id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, t := range in.teams {
		if t.status != "optimal" {
			status = "feasible"
		}
	}
	res := in.result(after)
	res.Summary.Status = status
	res.Summary.Seconds = round2(time.Since(start).Seconds())
	return res, nil
}

// shareCap shares capAll among the teams in proportion to their moves,
// rounding down and giving the remainder to the largest fractions.
func shareCap(teams []*team, capAll, total int) map[int]int {
	caps := make(map[int]int, len(teams))
	type frac struct {
		t int
		f float64
	}
	var fr []frac
	given := 0
	for _, t := range teams {
		exact := float64(capAll) * float64(t.moves) / float64(total)
		caps[t.index] = int(exact)
		given += int(exact)
		fr = append(fr, frac{t.index, exact - float64(int(exact))})
	}
	slices.SortStableFunc(fr, func(a, b frac) int {
		switch {
		case a.f > b.f:
			return -1
		case a.f < b.f:
			return 1
		}
		return 0
	})
	for i := 0; given < capAll && i < len(fr); i++ {
		caps[fr[i].t]++
		given++
	}
	return caps
}

// Apply returns a copy of r with the case managers of the result (see
// model.Region.WithCaseManagers: every lookup, CasesOf included, answers
// for the new allocation).
func (res *Result) Apply(r *model.Region) *model.Region {
	return r.WithCaseManagers(res.Assignment)
}

// forTeams calls f on each team, opt.Workers at a time when opt.Solve is
// nil: lane 0 solves in this process, the others each through a worker
// process. f gets opt with the lane's solver and, when opt.Log is set, a
// log of the team's own, written to opt.Log in the teams' order. The
// error returned is a worker's that did not start, or else the first in
// the teams' order; after one, teams not started are skipped.
func forTeams(teams []*team, opt Options, f func(*team, Options) error) error {
	lanes := 1
	if opt.Solve == nil && opt.Workers > 1 {
		lanes = min(opt.Workers, len(teams))
	}
	if lanes <= 1 {
		for _, t := range teams {
			if err := f(t, opt); err != nil {
				return err
			}
		}
		return nil
	}
	logs := make([]bytes.Buffer, len(teams))
	errs := make([]error, len(teams))
	startErrs := make([]error, lanes)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for l := range lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lane := opt
			if l > 0 {
				w := worker.New(nil)
				defer w.Close()
				if startErrs[l] = w.Start(); startErrs[l] != nil {
					failed.Store(true)
					return
				}
				lane.Solve = w.SolveMIP
			}
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(teams) {
					return
				}
				o := lane
				if opt.Log != nil {
					o.Log = &logs[i]
				}
				if errs[i] = f(teams[i], o); errs[i] != nil {
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(startErrs...); err != nil {
		return fmt.Errorf("caseload: %w", err)
	}
	for i := range teams {
		if opt.Log != nil {
			opt.Log.Write(logs[i].Bytes())
		}
		if errs[i] != nil {
			return errs[i]
		}
	}
	return nil
}
