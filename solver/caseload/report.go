package caseload

import (
	"fmt"
	"math"
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// File names of the caseload output.
const (
	CaseloadFile = plan.CaseloadFile
	MovesFile    = plan.MovesFile
	SummaryFile  = plan.CaseloadSummaryFile
)

// WriteDir writes caseload.csv, moves.csv and caseload.json into dir,
// creating it; each file is written atomically.
func (res *Result) WriteDir(dir string) error {
	c := plan.Caseload{Rows: res.Rows, Moves: res.Moves, Summary: res.Summary}
	return c.WriteDir(dir)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// capacity is 100 × points ÷ available, nil without available points.
func capacity(points, avail float64) *float64 {
	if avail <= 0 {
		return nil
	}
	c := round2(100 * points / avail)
	return &c
}

// stats describes the capacities of the case managers with available
// points among pracs, given each one's points and cases.
func stats(in *instance, pracs []int, points []float64, cases []int) Stats {
	var s Stats
	var caps []float64
	var av float64
	for _, p := range pracs {
		s.Cases += cases[p]
		s.Points += points[p]
		if in.avail[p] <= 0 {
			continue
		}
		av += in.avail[p]
		caps = append(caps, 100*points[p]/in.avail[p])
	}
	s.Practitioners = len(caps)
	if len(caps) == 0 {
		return s
	}
	s.Min, s.Max = math.Inf(1), math.Inf(-1)
	sum := 0.0
	for _, c := range caps {
		sum += c
		s.Min, s.Max = math.Min(s.Min, c), math.Max(s.Max, c)
		if c > 100 {
			s.Over100++
		}
		if c > 110 {
			s.Over110++
		}
	}
	mean := sum / float64(len(caps))
	ss := 0.0
	for _, c := range caps {
		ss += (c - mean) * (c - mean)
	}
	s.Overall = round2(100 * s.Points / av)
	s.Mean = round2(mean)
	s.StdDev = round2(math.Sqrt(ss / float64(len(caps))))
	s.Spread = round2(s.Max - s.Min)
	s.Min, s.Max = round2(s.Min), round2(s.Max)
	s.Points = round2(s.Points)
	return s
}

// loads are the points and cases each practitioner holds before and
// after balancing.
type loads struct {
	ptsB, ptsA []float64
	nB, nA     []int
}

func (in *instance) loads(after []int) loads {
	np := len(in.r.Practitioners)
	l := loads{make([]float64, np), make([]float64, np), make([]int, np), make([]int, np)}
	for u := range in.r.ServiceUsers {
		if p := in.before[u]; p >= 0 {
			l.ptsB[p] += in.points[u]
			l.nB[p]++
		}
		if p := after[u]; p >= 0 {
			l.ptsA[p] += in.points[u]
			l.nA[p]++
		}
	}
	return l
}

// result builds the rows, moves and summary of the assignment after.
func (in *instance) result(after []int) *Result {
	r := in.r
	ld := in.loads(after)
	res := &Result{Assignment: make(map[string]string, len(r.ServiceUsers))}
	holders := in.rows(res, ld)
	in.moves(res, after, ld)
	s := &res.Summary
	s.TargetCapacity, s.TargetCases = r.Settings.TargetCapacity, r.Settings.TargetCases
	s.TargetMeasure, s.CrossCheckMeasure = measures(r.Settings)
	s.Before = stats(in, holders, ld.ptsB, ld.nB)
	s.After = stats(in, holders, ld.ptsA, ld.nA)
	s.Unheld = slices.Clone(in.unheld)
	if s.Unheld == nil {
		s.Unheld = []plan.UnheldCase{}
	}
	var fteAll float64
	counts := in.countByTeam(after)
	for _, t := range in.teams {
		ts, fte, short, cross := in.teamLine(t, ld, counts[t.id])
		fteAll += fte
		s.ShortfallFTE += math.Max(0, short)
		s.CrossCheckFTE += math.Max(0, cross)
		s.Moves += ts.Moves
		s.RequiredMoves += ts.RequiredMoves
		s.Allocations += ts.Allocations
		s.Unplaced += ts.Unplaced
		s.FromScratchMoves += t.scratch
		s.Teams = append(s.Teams, ts)
	}
	s.ShortfallFTE, s.CrossCheckFTE = round2(s.ShortfallFTE), round2(s.CrossCheckFTE)
	if fteAll > 0 {
		s.CasesPerFTE = round2(float64(len(r.ServiceUsers)) / fteAll)
	}
	return res
}

// measures gives the target measure of the settings and the other one,
// the cross-check.
func measures(s model.Settings) (target, crossCheck string) {
	if s.TargetMeasure == model.TargetByCases {
		return model.TargetByCases, model.TargetByCapacity
	}
	return model.TargetByCapacity, model.TargetByCases
}

// rows fills caseload.csv, one row per case manager, and returns them
// (positions in Practitioners).
func (in *instance) rows(res *Result, ld loads) []int {
	set := in.r.Settings
	var holders []int
	for p, pr := range in.r.Practitioners {
		if !pr.Grade.HoldsCases() {
			continue
		}
		holders = append(holders, p)
		res.Rows = append(res.Rows, Row{
			Practitioner:    pr.ID,
			Team:            pr.Team,
			Grade:           string(pr.Grade),
			Hours:           pr.ContractedHours,
			CasesBefore:     ld.nB[p],
			Cases:           ld.nA[p],
			PointsBefore:    ld.ptsB[p],
			Points:          ld.ptsA[p],
			AvailablePoints: round2(in.avail[p]),
			CapacityBefore:  capacity(ld.ptsB[p], in.avail[p]),
			Capacity:        capacity(ld.ptsA[p], in.avail[p]),
			Target:          round2(set.TargetCases * (pr.ContractedHours - pr.ReductionHours) / set.FullTimeHours),
			Change:          ld.nA[p] - ld.nB[p],
		})
	}
	return holders
}

// moves fills the assignment and moves.csv.
func (in *instance) moves(res *Result, after []int, ld loads) {
	r := in.r
	capB := func(p int) float64 { return 100 * ld.ptsB[p] / in.avail[p] }
	for u, su := range r.ServiceUsers {
		res.Assignment[su.ID] = ""
		if p := after[u]; p >= 0 {
			res.Assignment[su.ID] = r.Practitioners[p].ID
		}
		if after[u] == in.before[u] {
			continue
		}
		mv := Move{ServiceUser: su.ID, Team: su.Team, To: res.Assignment[su.ID], Points: in.points[u]}
		switch in.kind[u] {
		case kindUnalloc:
			mv.Reason = ReasonUnallocated
		case kindRequired:
			mv.From = r.Practitioners[in.before[u]].ID
			mv.Reason = reasonRequired + in.why[u]
		default:
			mv.From = r.Practitioners[in.before[u]].ID
			mv.Reason = fmt.Sprintf(reasonBalance, capB(in.before[u]), capB(after[u]))
		}
		res.Moves = append(res.Moves, mv)
	}
}

// moveCounts are what balancing did to one team's cases.
type moveCounts struct{ moves, required, allocs, unplaced int }

// countByTeam counts balance moves, required moves, allocations and
// unheld cases by the cases' own team (a case balanced in another team
// under po_only_cross_team counts in its own).
func (in *instance) countByTeam(after []int) map[string]moveCounts {
	out := map[string]moveCounts{}
	for u, su := range in.r.ServiceUsers {
		c := out[su.Team]
		switch k := in.kind[u]; {
		case k == kindUnplacedOK:
			c.unplaced++
		case after[u] == in.before[u]:
		case k == kindUnalloc:
			c.allocs++
		case k == kindRequired:
			c.required++
		default:
			c.moves++
		}
		out[su.Team] = c
	}
	return out
}

// teamLine is team t's line of the summary, its FTE, and its shortfall
// and cross-check before rounding (the summary's totals add these up, so
// that they are the totals' own figures rounded, as rota check recomputes
// them, not a sum of rounded lines).
func (in *instance) teamLine(t *team, ld loads, c moveCounts) (ts Team, fte, short, cross float64) {
	r, set := in.r, in.r.Settings
	ts = Team{Team: t.id, Cases: t.cases, Points: round2(t.points), Practitioners: len(t.pracs),
		Moves: c.moves, RequiredMoves: c.required, Allocations: c.allocs, Unplaced: c.unplaced,
		FromScratch: t.scratch, Status: t.status, Seconds: round2(t.seconds)}
	if ts.Status == "" {
		ts.Status = "optimal"
	}
	var av float64
	for _, p := range t.pracs {
		fte += r.FTE(p)
		av += in.avail[p]
	}
	ts.FTE = round2(fte)
	ts.AvailableFTE = round2(av / set.NominalPoints)
	if fte > 0 {
		ts.CasesPerFTE = round2(float64(t.cases) / fte)
	}
	if av > 0 {
		ts.Reachable = round2(100 * t.points / av)
	}
	byCases := float64(t.cases)/set.TargetCases - fte
	byCapacity := t.points/(set.NominalPoints*set.TargetCapacity/100) - av/set.NominalPoints
	short, cross = byCapacity, byCases
	if set.TargetMeasure == model.TargetByCases {
		short, cross = byCases, byCapacity
	}
	ts.ShortfallFTE, ts.CrossCheckFTE = round2(short), round2(cross)
	ts.MaxBefore = stats(in, t.pracs, ld.ptsB, ld.nB).Max
	ts.MaxAfter = stats(in, t.pracs, ld.ptsA, ld.nA).Max
	return ts, fte, short, cross
}
