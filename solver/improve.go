package solver

import (
	"context"
	"fmt"
	"time"

	"github.com/probation/rota/solver/mip"
)

// improve is a fix-and-optimise search: starting from a feasible x, it
// frees one family of columns at a time (the appointments of a team with
// its case managers' sites, the sessions of one intervention with its
// facilitators' sites, the work parties), fixes the rest, and solves the
// small restricted MIP from the current plan. Each restriction contains
// the current plan, so the objective never rises. It stops when a full
// round gains nothing or the deadline passes.
func (b *builder) improve(ctx context.Context, solve mip.SolveFunc, sub func(int) (mip.Options, bool), x []float64, done func() bool, report func(float64)) []float64 {
	hoods := b.neighbourhoods()
	obj := b.p.Evaluate(x)
	for round := 0; round < maxRounds; round++ {
		gained := false
		for hi, free := range hoods {
			o, ok := sub(hoodNodes)
			if !ok || done() {
				return x
			}
			tr := time.Now()
			restricted, cols := b.p.Restrict(free, x)
			took := time.Since(tr)
			if restricted.NumIntegers() == 0 || restricted.NumCols() > hoodMaxCols {
				continue
			}
			o.Start = make([]float64, len(cols))
			for k, j := range cols {
				o.Start[k] = x[j]
			}
			res, err := solve(ctx, restricted, o)
			if err != nil || !res.Status.HasSolution() {
				continue
			}
			y := mip.Expand(x, res.X, cols)
			b.logf("rota: round %d neighbourhood %d: %d columns (%d integer), %s, %.1f -> %.1f in %.1fs (restricted in %.1fs)",
				round, hi, restricted.NumCols(), restricted.NumIntegers(), res.Status, obj, b.p.Evaluate(y), res.Elapsed.Seconds(), took.Seconds())
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

// maxRounds bounds the passes over the neighbourhoods.
const maxRounds = 6

// hoodMaxCols skips a neighbourhood whose restriction has more columns:
// on 5,000 generated cases one of 62,956 columns ran 32 s to its node
// limit without gain, a third of the time limit.
const hoodMaxCols = 50000

// neighbourhoods lists the column families improve frees, each with the
// continuous columns (unmet amounts, longest journeys) that follow them.
func (b *builder) neighbourhoods() [][]bool {
	n := b.p.NumCols()
	var hoods [][]bool
	cont := func(free []bool) []bool {
		for j := range n {
			if !b.p.Col(j).Integer {
				free[j] = true
			}
		}
		return free
	}
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
		hoods = append(hoods, cont(free))
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
		hoods = append(hoods, cont(free))
	}

	// Day by day, then two days at a time: everything on those days, so
	// that trades between families (a case manager facilitating instead of
	// seeing people, a person's session against their appointment) and
	// between days (a second appointment moved to free a slot) are open too.
	var days []int
	for d := range b.days {
		if free, any := b.dayHood(d); any {
			hoods = append(hoods, cont(free))
			days = append(days, d)
		}
	}
	for i := 0; i+1 < len(days); i++ {
		free, _ := b.dayHood(days[i], days[i+1])
		hoods = append(hoods, cont(free))
	}

	// Work parties with their supervisors' sites.
	if len(b.parties) > 0 {
		free := make([]bool, n)
		for _, o := range b.parties {
			free[o.col] = true
		}
		for _, o := range b.uws {
			free[o.col] = true
		}
		for _, o := range b.sups {
			free[o.col] = true
		}
		for _, c := range b.womenCol {
			free[c] = true
		}
		for _, p := range b.pracs {
			if b.r.Practitioners[p].Skills.Has(skillUnpaidWork) {
				for d := range b.days {
					b.freeSites(free, p, d)
				}
			}
		}
		hoods = append(hoods, cont(free))
	}
	return hoods
}

// logf writes a line about the search to the solve's log, if there is one.
func (b *builder) logf(format string, args ...any) {
	if b.log != nil {
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
	for _, p := range b.pracs {
		for _, d := range days {
			b.freeSites(free, p, d)
		}
	}
	return free, any
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
