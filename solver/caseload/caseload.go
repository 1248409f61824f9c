package caseload

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/solver/coin"
	"github.com/probation/rota/solver/mip"
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

// Row is one case manager's line of caseload.csv. Capacities are empty
// for a practitioner without available points.
type Row struct {
	Practitioner    string   `csv:"practitioner"`
	Team            string   `csv:"team"`
	Grade           string   `csv:"grade"`
	Hours           float64  `csv:"hours"`
	CasesBefore     int      `csv:"cases_before"`
	Cases           int      `csv:"cases"`
	PointsBefore    float64  `csv:"points_before"`
	Points          float64  `csv:"points"`
	AvailablePoints float64  `csv:"available_points"` // to 2 decimals
	CapacityBefore  *float64 `csv:"capacity_before"`  // %, to 2 decimals
	Capacity        *float64 `csv:"capacity"`
	Target          float64  `csv:"target"` // cases: target_cases × (hours − reduction) ÷ full_time_hours, to 2 decimals
	Change          int      `csv:"change"` // cases − cases_before
}

// Move is one line of moves.csv.
type Move struct {
	ServiceUser string  `csv:"service_user"`
	Team        string  `csv:"team"`
	From        string  `csv:"from"` // empty when unallocated
	To          string  `csv:"to"`
	Points      float64 `csv:"points"`
	Reason      string  `csv:"reason"`
}

// Move reasons: ReasonUnallocated, "balance: from X% to Y%" (the
// capacities of From and To before balancing) and "required: …" (the
// current case manager may not hold the case).
const (
	ReasonUnallocated = "unallocated"
	reasonBalance     = "balance: from %.1f%% to %.1f%%"
	reasonRequired    = "required: "
)

// Summary is caseload.json. Capacity figures are over case managers with
// available points; numbers are rounded to 2 decimals.
type Summary struct {
	Status         string  `json:"status"` // optimal: every stage within its tolerance; feasible: some stopped on the time limit
	TargetCapacity float64 `json:"target_capacity"`
	TargetCases    float64 `json:"target_cases"`
	Before         Stats   `json:"before"`
	After          Stats   `json:"after"`
	// Moves are balance moves, RequiredMoves changes the rules forced,
	// Allocations unallocated cases given a case manager, Unplaced cases
	// nobody in their team may hold (left as they were).
	Moves         int `json:"moves"`
	RequiredMoves int `json:"required_moves"`
	Allocations   int `json:"allocations"`
	Unplaced      int `json:"unplaced"`
	// FromScratchMoves is the number of changes of case manager (among
	// cases that had one) of a from-scratch re-allocation; compare with
	// Moves + RequiredMoves.
	FromScratchMoves int `json:"from_scratch_moves"`
	// CasesPerFTE is all cases ÷ the case managers' FTE; TargetCases is the
	// target.
	CasesPerFTE float64 `json:"cases_per_fte"`
	// ShortfallFTE and ShortfallFTEPoints add up the teams' positive
	// shortfalls (a team's spare staff does not take another team's
	// cases).
	ShortfallFTE       float64 `json:"shortfall_fte"`
	ShortfallFTEPoints float64 `json:"shortfall_fte_points"`
	Teams              []Team  `json:"teams"`
	Seconds            float64 `json:"seconds"`
}

// Stats describe the case managers' capacity % (points ÷ available points
// × 100) at one time.
type Stats struct {
	Practitioners int     `json:"practitioners"`
	Cases         int     `json:"cases"`   // cases held
	Points        float64 `json:"points"`  // points held
	Overall       float64 `json:"overall"` // points held ÷ available points × 100
	Mean          float64 `json:"mean"`    // mean of the capacities
	Min           float64 `json:"min"`
	Max           float64 `json:"max"`
	Spread        float64 `json:"spread"`  // max − min
	StdDev        float64 `json:"std_dev"` // population standard deviation
	Over100       int     `json:"over_100"`
	Over110       int     `json:"over_110"`
}

// Team is one team's line of the summary: its staffing against the
// target, and what balancing did.
type Team struct {
	Team          string  `json:"team"`
	Cases         int     `json:"cases"`
	Points        float64 `json:"points"`
	Practitioners int     `json:"practitioners"` // case managers
	FTE           float64 `json:"fte"`           // contracted hours ÷ full_time_hours
	AvailableFTE  float64 `json:"available_fte"` // available points ÷ nominal_points
	CasesPerFTE   float64 `json:"cases_per_fte"`
	// ShortfallFTE is cases ÷ target_cases − FTE; ShortfallFTEPoints is
	// points ÷ (nominal_points × target_capacity ÷ 100) − AvailableFTE.
	// Negative is spare staff.
	ShortfallFTE       float64 `json:"shortfall_fte"`
	ShortfallFTEPoints float64 `json:"shortfall_fte_points"`
	// Reachable is the best average capacity % any allocation gives: all
	// the team's points ÷ its available points × 100. Balancing cannot
	// lower it; when it is above the target only more staff (or fewer
	// cases) can.
	Reachable     float64 `json:"reachable_capacity"`
	MaxBefore     float64 `json:"max_before"`
	MaxAfter      float64 `json:"max_after"`
	Moves         int     `json:"moves"`
	RequiredMoves int     `json:"required_moves"`
	Allocations   int     `json:"allocations"`
	Unplaced      int     `json:"unplaced"`
	FromScratch   int     `json:"from_scratch_moves"`
	Status        string  `json:"status"`
	Seconds       float64 `json:"seconds"`
}

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
		for _, t := range teams {
			cap, ok := caps[t.index]
			if !ok {
				cap = -1
			}
			if err := t.balance(ctx, in, opt, cap, after); err != nil {
				return fmt.Errorf("caseload: team %s: %w", t.id, err)
			}
		}
		return nil
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
	for _, t := range in.teams {
		if err := t.fromScratch(ctx, in, opt); err != nil {
			return nil, fmt.Errorf("caseload: team %s: from scratch: %w", t.id, err)
		}
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
