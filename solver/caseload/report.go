package caseload

import (
	"fmt"
	"math"

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

// result builds the rows, moves and summary of the assignment after.
func (in *instance) result(after []int) *Result {
	r := in.r
	set := r.Settings
	np := len(r.Practitioners)
	ptsB, ptsA := make([]float64, np), make([]float64, np)
	nB, nA := make([]int, np), make([]int, np)
	for u := range r.ServiceUsers {
		if p := in.before[u]; p >= 0 {
			ptsB[p] += in.points[u]
			nB[p]++
		}
		if p := after[u]; p >= 0 {
			ptsA[p] += in.points[u]
			nA[p]++
		}
	}
	res := &Result{Assignment: make(map[string]string, len(r.ServiceUsers))}
	var holders []int
	for p, pr := range r.Practitioners {
		if !pr.Grade.HoldsCases() {
			continue
		}
		holders = append(holders, p)
		res.Rows = append(res.Rows, Row{
			Practitioner:    pr.ID,
			Team:            pr.Team,
			Grade:           string(pr.Grade),
			Hours:           pr.ContractedHours,
			CasesBefore:     nB[p],
			Cases:           nA[p],
			PointsBefore:    ptsB[p],
			Points:          ptsA[p],
			AvailablePoints: round2(in.avail[p]),
			CapacityBefore:  capacity(ptsB[p], in.avail[p]),
			Capacity:        capacity(ptsA[p], in.avail[p]),
			Target:          round2(set.TargetCases * (pr.ContractedHours - pr.ReductionHours) / set.FullTimeHours),
			Change:          nA[p] - nB[p],
		})
	}
	capB := func(p int) float64 { return 100 * ptsB[p] / in.avail[p] }
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

	s := &res.Summary
	s.TargetCapacity, s.TargetCases = set.TargetCapacity, set.TargetCases
	s.Before = stats(in, holders, ptsB, nB)
	s.After = stats(in, holders, ptsA, nA)
	var fteAll float64
	for _, t := range in.teams {
		ts := Team{Team: t.id, Cases: t.cases, Points: round2(t.points), Practitioners: len(t.pracs),
			Moves: t.moves, RequiredMoves: t.required, Allocations: t.allocs, Unplaced: t.unplaced,
			FromScratch: t.scratch, Status: t.status, Seconds: round2(t.seconds)}
		if ts.Status == "" {
			ts.Status = "optimal"
		}
		var fte, av float64
		for _, p := range t.pracs {
			fte += r.FTE(p)
			av += in.avail[p]
		}
		fteAll += fte
		ts.FTE = round2(fte)
		ts.AvailableFTE = round2(av / set.NominalPoints)
		if fte > 0 {
			ts.CasesPerFTE = round2(float64(t.cases) / fte)
		}
		if av > 0 {
			ts.Reachable = round2(100 * t.points / av)
		}
		short := float64(t.cases)/set.TargetCases - fte
		shortPts := t.points/(set.NominalPoints*set.TargetCapacity/100) - av/set.NominalPoints
		ts.ShortfallFTE, ts.ShortfallFTEPoints = round2(short), round2(shortPts)
		s.ShortfallFTE += math.Max(0, short)
		s.ShortfallFTEPoints += math.Max(0, shortPts)
		ts.MaxBefore = stats(in, t.pracs, ptsB, nB).Max
		ts.MaxAfter = stats(in, t.pracs, ptsA, nA).Max
		s.Moves += t.moves
		s.RequiredMoves += t.required
		s.Allocations += t.allocs
		s.Unplaced += t.unplaced
		s.FromScratchMoves += t.scratch
		s.Teams = append(s.Teams, ts)
	}
	s.ShortfallFTE, s.ShortfallFTEPoints = round2(s.ShortfallFTE), round2(s.ShortfallFTEPoints)
	if fteAll > 0 {
		s.CasesPerFTE = round2(float64(len(r.ServiceUsers)) / fteAll)
	}
	return res
}
