package solver

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/probation/rota/solver/mip"
)

// improve is a fix-and-optimise search: starting from a feasible x, it
// frees one family of columns at a time, fixes the rest, and solves the
// small restricted MIP from the current plan. Each restriction contains
// the current plan, so the objective never rises. It stops when a full
// round gains nothing or the deadline passes.
//
// The first neighbourhoods rebook people with every staff decision fixed
// (all appointments at the case managers' sites, all places in the
// sessions that run, the places in the work parties that run, a day at a
// time): their LPs are nearly integral, so Cbc solves them whole in
// seconds even at 10,000 people, and they undo most of the greedy start's
// first-come choices. On the largest part of 25,000 generated cases they
// took the plan from 191,313 to 186,728 in 5.6 s, where the staff
// neighbourhoods that came first before gained 3,400 in 22 s. The others
// also move staff: the work parties of a day with their supervisors'
// sites, the appointments of a team with its case managers' sites, the
// sessions of one intervention with its facilitators' sites, a day, two
// days.
func (b *builder) improve(ctx context.Context, solve mip.SolveFunc, sub func(int) (mip.Options, bool), x []float64, done func() bool, report func(float64)) []float64 {
	hoods := b.neighbourhoods()
	obj := b.p.Evaluate(x)
	for round := 0; round < maxRounds; round++ {
		gained := false
		for _, hd := range hoods {
			o, ok := sub(hoodNodes)
			if !ok || done() {
				return x
			}
			tr := time.Now()
			free := make([]bool, b.p.NumCols())
			for _, j := range hd.cols {
				free[j] = true
			}
			restricted, cols := b.p.Restrict(b.prune(free, x), x)
			took := time.Since(tr)
			if restricted.NumIntegers() == 0 {
				continue
			}
			o.Start = make([]float64, len(cols))
			for k, j := range cols {
				o.Start[k] = x[j]
			}
			if hd.tight {
				// Cuts and heuristics find little in these nearly integral
				// LPs; the part's gap would be measured on the whole
				// objective, so a restriction's own gains would be well
				// inside it.
				o.SolverArgs = append(o.SolverArgs, rinsArgs...)
				o.Gap = tightGap
			}
			res, err := solve(ctx, restricted, o)
			if err != nil || !res.Status.HasSolution() {
				continue
			}
			y := mip.Expand(x, res.X, cols)
			b.logf("rota: round %d, %s: %d columns (%d integer), %s, %.1f -> %.1f in %.1fs (restricted in %.1fs)",
				round, hd.name, restricted.NumCols(), restricted.NumIntegers(), res.Status, obj, b.p.Evaluate(y), res.Elapsed.Seconds(), took.Seconds())
			if v := b.p.Evaluate(y); v < obj-1e-6 && b.p.Check(y, 1e-6) == nil {
				x, obj, gained = y, v, true
				report(obj)
			}
		}
		if !gained {
			return x
		}
	}
	return x
}

// tightGap is the relative gap of the tight neighbourhoods (measured
// against the restriction's objective, which holds every unmet amount).
const tightGap = 1e-4

// maxRounds bounds the passes over the neighbourhoods.
const maxRounds = 6

// hoodMaxCols skips a neighbourhood that moves staff and frees more
// columns: on 5,000 generated cases one of 62,956 columns ran 32 s to its
// node limit without gain, a third of the time limit, and the day
// neighbourhoods, pruned to 19,000–25,000 columns, ran 35–40 s. The
// neighbourhoods that rebook people are never skipped.
const hoodMaxCols = 50000

// hood is a neighbourhood of fix-and-optimise: the columns it frees.
type hood struct {
	name string
	// cols are the columns freed, in increasing order: a list, not a
	// flag per column, as a part of 25,000 cases has 986,000 columns and
	// some 60 neighbourhoods (planning parts at once holds two).
	cols   []int32
	people bool // every staff decision fixed: only people are rebooked
	// tight: solved to tightGap with Cbc's cuts and heuristics off, as
	// the people neighbourhoods, the work parties of a day and the
	// appointments of a team are. At the part's gap a team's restriction
	// stopped at its root with the start plan, within 0.5% of the whole
	// objective, and gained nothing; solved tight, the team
	// neighbourhoods took 5,000 generated cases (balanced, 60 s) from
	// 2.68% to 1.70% of the bound, the largest in 3 s. The sessions of an
	// intervention are left at the part's gap: solved tight, one ran 35 s
	// to its node limit without gain.
	tight bool
}

// neighbourhoods lists the column families improve frees, each with the
// continuous columns (unmet amounts, longest journeys) that follow them.
func (b *builder) neighbourhoods() []hood {
	n := b.p.NumCols()
	var hoods []hood
	cont := func(free []bool) []int32 {
		var cols []int32
		for j := range n {
			if free[j] || !b.p.Col(j).Integer {
				cols = append(cols, int32(j))
			}
		}
		return cols
	}
	// Rebooking people, every staff decision fixed: all appointments at
	// the case managers' sites, all places in the sessions that run, the
	// places in the work parties that run.
	people := func(name string, cols ...[]int) {
		free := make([]bool, n)
		for _, cs := range cols {
			for _, c := range cs {
				free[c] = true
			}
		}
		hoods = append(hoods, hood{name: name, cols: cont(free), people: true, tight: true})
	}
	var appts, atts []int
	for _, o := range b.appts {
		appts = append(appts, o.col)
	}
	for _, o := range b.atts {
		atts = append(atts, o.col)
	}
	people("appointments", appts)
	people("session places", atts)
	// Work-party places day by day: one restriction of all of them spent
	// 6 s diving through 40 nodes on 76,000 columns (the largest part of
	// 25,000 cases) where the five days took 4 s for most of its gain.
	byDay := make(map[int][]int)
	for _, o := range b.uws {
		d := b.parties[o.party].day
		byDay[d] = append(byDay[d], o.col)
	}
	for pi, c := range b.womenCol {
		d := b.parties[pi].day
		byDay[d] = append(byDay[d], c)
	}
	for d := range b.days {
		if len(byDay[d]) > 0 {
			people(fmt.Sprint("work-party places on ", b.days[d].Weekday), byDay[d])
		}
	}

	// Work parties day by day, with their supervisors' sites: which
	// parties run, who supervises them and who joins them.
	for d := range b.days {
		free := make([]bool, n)
		if !b.freeParties(free, map[int]bool{d: true}) {
			continue
		}
		for _, p := range b.pracs {
			if b.r.Practitioners[p].Skills.Has(skillUnpaidWork) {
				b.freeSites(free, p, d)
			}
		}
		hoods = append(hoods, hood{name: fmt.Sprint("work parties on ", b.days[d].Weekday), cols: cont(free), tight: true})
	}
	// Once more, appointments and session places together: the parties
	// have moved people's free days, and a person's appointment may move
	// to let them join a session at its hour.
	people("appointments and session places", appts, atts)
	// Appointments, team by team, with the case managers' sites.
	teams := make(map[string][]int)
	var order []string
	for _, o := range b.appts {
		t := b.r.Practitioners[o.cm].Team
		if teams[t] == nil {
			order = append(order, t)
		}
		teams[t] = append(teams[t], o.col)
	}
	for _, t := range order {
		free := make([]bool, n)
		for _, c := range teams[t] {
			free[c] = true
		}
		for _, p := range b.pracs {
			if b.r.Practitioners[p].Team == t && b.r.Practitioners[p].Grade.HoldsCases() {
				for d := range b.days {
					b.freeSites(free, p, d)
				}
			}
		}
		hoods = append(hoods, hood{name: "appointments of team " + t, cols: cont(free), tight: true})
	}

	// Sessions, intervention by intervention, with their facilitators' sites.
	byIv := make(map[int][]int)
	var ivs []int
	for si, so := range b.sess {
		if byIv[so.key.iv] == nil {
			ivs = append(ivs, so.key.iv)
		}
		byIv[so.key.iv] = append(byIv[so.key.iv], si)
	}
	inIv := make([]int, len(b.sess))
	for _, iv := range ivs {
		for _, si := range byIv[iv] {
			inIv[si] = iv
		}
	}
	for _, iv := range ivs {
		free := make([]bool, n)
		for _, si := range byIv[iv] {
			free[b.sess[si].col] = true
		}
		for _, o := range b.atts {
			if inIv[o.sess] == iv {
				free[o.col] = true
			}
		}
		skill := b.r.Interventions[iv].Skill
		for _, o := range b.facs {
			if inIv[o.sess] == iv {
				free[o.col] = true
			}
		}
		for _, p := range b.pracs {
			if b.r.Practitioners[p].Skills.Has(skill) {
				for d := range b.days {
					b.freeSites(free, p, d)
				}
			}
		}
		hoods = append(hoods, hood{name: "sessions of " + b.r.Interventions[iv].ID, cols: cont(free)})
	}

	// Day by day, then two days at a time: everything on those days, so
	// that trades between families (a case manager facilitating instead of
	// seeing people, a person's session against their appointment) and
	// between days (a second appointment moved to free a slot) are open too.
	var days []int
	for d := range b.days {
		if free, any := b.dayHood(d); any {
			hoods = append(hoods, hood{name: fmt.Sprint("day ", b.days[d].Weekday), cols: cont(free)})
			days = append(days, d)
		}
	}
	for i := 0; i+1 < len(days); i++ {
		free, _ := b.dayHood(days[i], days[i+1])
		hoods = append(hoods, hood{name: fmt.Sprint("days ", b.days[days[i]].Weekday, "–", b.days[days[i+1]].Weekday), cols: cont(free)})
	}

	// Staff neighbourhoods too large to solve in their time are left out.
	return slices.DeleteFunc(hoods, func(hd hood) bool { return !hd.people && len(hd.cols) > hoodMaxCols })
}

// prune returns free less the columns that rows with fixed columns force
// to zero: an appointment at a site where the case manager is fixed not to
// be, a place in a session fixed not to run. The restriction is the same
// problem with fewer columns.
func (b *builder) prune(free []bool, x []float64) []bool {
	out := slices.Clone(free)
	for i := range b.p.NumRows() {
		hi := b.p.Row(i).Hi
		if math.IsInf(hi, 1) {
			continue
		}
		idx, val := b.p.RowView(i)
		fixed, ok := 0.0, true
		for k, j := range idx {
			if free[j] {
				ok = ok && val[k] > 0 && b.p.Col(int(j)).Lo >= 0 && x[j] == 0
			} else {
				fixed += val[k] * x[j]
			}
		}
		if !ok || fixed < hi-1e-9 {
			continue
		}
		for _, j := range idx {
			out[j] = false
		}
	}
	return out
}

// logf writes a line about the search to the solve's log, if there is one.
func (b *builder) logf(format string, args ...any) {
	if b.log != nil {
		if rest, ok := strings.CutPrefix(format, "rota: "); ok && b.logPrefix != "" {
			format = "rota: " + b.logPrefix + rest
		}
		fmt.Fprintf(b.log, format+"\n", args...)
	}
}

// dayHood frees every option on the given days, with the practitioners'
// sites those days; any reports whether there is anything to decide.
func (b *builder) dayHood(days ...int) (free []bool, any bool) {
	free = make([]bool, b.p.NumCols())
	on := make(map[int]bool, len(days))
	for _, d := range days {
		on[d] = true
	}
	for _, o := range b.appts {
		if on[o.day] {
			free[o.col], any = true, true
		}
	}
	for _, so := range b.sess {
		if on[so.key.day] {
			free[so.col], any = true, true
		}
	}
	for _, o := range b.atts {
		free[o.col] = free[o.col] || on[b.sess[o.sess].key.day]
	}
	for _, o := range b.facs {
		free[o.col] = free[o.col] || on[b.sess[o.sess].key.day]
	}
	if b.freeParties(free, on) {
		any = true
	}
	for _, p := range b.pracs {
		for _, d := range days {
			b.freeSites(free, p, d)
		}
	}
	return free, any
}

// freeParties frees the work parties on the days on holds, with their
// places, supervisors and "women present" columns; it reports whether
// there was any.
func (b *builder) freeParties(free []bool, on map[int]bool) (any bool) {
	for pi, po := range b.parties {
		if on[po.day] {
			free[po.col], any = true, true
			if c, ok := b.womenCol[pi]; ok {
				free[c] = true
			}
		}
	}
	for _, o := range b.uws {
		free[o.col] = free[o.col] || on[b.parties[o.party].day]
	}
	for _, o := range b.sups {
		free[o.col] = free[o.col] || on[b.parties[o.party].day]
	}
	return any
}

// freeSites frees practitioner p's site columns on day d.
func (b *builder) freeSites(free []bool, p, d int) {
	if sd := b.loc[pdKey{p, d}]; sd != nil {
		for _, c := range sd.cols {
			if c >= 0 {
				free[c] = true
			}
		}
	}
}
