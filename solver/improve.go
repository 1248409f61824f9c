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
//
// With cheapFirst (the part's plan came through RINS, so it already agrees
// with the LP wherever a good plan does), the neighbourhoods run smallest
// first: what is left to gain is in small trades, and the part reaches its
// gap sooner. On the embedded sample the search after RINS took 2.6 s
// instead of 9.1 s to the same gap (0.42%), and 6.7 s instead of 16.1 s
// with today's allocation (gap 0.42% instead of 0.45%). Without RINS (parts
// too large for their own LP) the order above stays: smallest first there
// took 25,000 generated cases (60 s) to 3.69% instead of 2.28–2.30%.
func (b *builder) improve(ctx context.Context, solve mip.SolveFunc, sub func(int) (mip.Options, bool), x []float64, cheapFirst bool, done func() bool, report func([]float64, float64)) []float64 {
	hoods := b.neighbourhoods()
	if cheapFirst {
		slices.SortStableFunc(hoods, func(a, b hood) int { return len(a.cols) - len(b.cols) })
	}
	obj := b.p.Evaluate(x)
	var seen hoodsSeen
	for round := 0; round < maxRounds; round++ {
		gained := false
		for h, hd := range hoods {
			o, ok := sub(hoodNodes)
			if !ok || done() {
				return x
			}
			if !seen.changed(h, hd.cols) {
				continue // the same restriction as last time (hoodsSeen)
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
				o.SolverArgs = append(o.SolverArgs, searchArgs...)
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
				seen.improved(x, y)
				x, obj, gained = y, v, true
				report(x, obj)
			}
		}
		if !gained {
			return x
		}
	}
	return x
}

// hoodsSeen tells improve when a neighbourhood's restriction is the one it
// solved last time: every column outside its free set as it was then. The
// restriction fixes exactly those columns (prune too depends only on
// them, the plan being feasible), so solving it again would solve the same
// problem, started from the plan that solve returned: it could gain only
// what that solve stopped short of at its gap or node limit. It is
// skipped. The decision depends on the plans alone, never on the clock. On
// the embedded sample this skips the last round but for the neighbourhoods
// before the last gain (2.9 s of 16.0 s), with the same plan. Skipping also
// when the changed columns share no row with the free ones was tried and
// skipped nothing: the staff rows (sites, hours, contact time) tie every
// neighbourhood to every change.
type hoodsSeen struct {
	changes [][]int32 // the columns each improvement changed, in order
	ranAt   []int     // len(changes) when each neighbourhood last ran; -1 never
}

// changed reports whether neighbourhood h, freeing cols (increasing), has
// a column outside cols changed since it last ran, and marks it run now.
func (s *hoodsSeen) changed(h int, cols []int32) bool {
	for len(s.ranAt) <= h {
		s.ranAt = append(s.ranAt, -1)
	}
	from := s.ranAt[h]
	s.ranAt[h] = len(s.changes)
	if from < 0 {
		return true
	}
	for _, ch := range s.changes[from:] {
		for _, j := range ch {
			if _, in := slices.BinarySearch(cols, j); !in {
				return true
			}
		}
	}
	return false
}

// improved records the columns on which the plans x and y differ.
func (s *hoodsSeen) improved(x, y []float64) {
	var ch []int32
	for j := range x {
		if x[j] != y[j] {
			ch = append(ch, int32(j))
		}
	}
	s.changes = append(s.changes, ch)
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

// hoodSet gathers the neighbourhoods of one part.
type hoodSet struct {
	n     int // columns of the part
	cont  []bool
	hoods []hood
}

func (hs *hoodSet) newFree() []bool { return make([]bool, hs.n) }

// add adds hd freeing the columns free, with the continuous columns
// (unmet amounts, longest journeys) that follow them.
func (hs *hoodSet) add(hd hood, free []bool) {
	for j := range hs.n {
		if free[j] || hs.cont[j] {
			hd.cols = append(hd.cols, int32(j))
		}
	}
	hs.hoods = append(hs.hoods, hd)
}

// people adds a neighbourhood that rebooks people with every staff
// decision fixed: it frees the columns cols.
func (hs *hoodSet) people(name string, cols ...[]int) {
	free := hs.newFree()
	for _, cs := range cols {
		for _, c := range cs {
			free[c] = true
		}
	}
	hs.add(hood{name: name, people: true, tight: true}, free)
}

// neighbourhoods lists the column families improve frees, each family's
// from its own file, in this order: rebooking people with every staff
// decision fixed (all appointments at the case managers' sites, all places
// in the sessions that run, the places in the work parties that run);
// then work parties day by day with their supervisors' sites; appointments
// and session places together once more (the parties have moved people's
// free days, and a person's appointment may move to let them join a
// session at its hour); appointments team by team with the case managers'
// sites; sessions intervention by intervention with their facilitators'
// sites; and last day by day, then two days at a time: everything on
// those days, so that trades between families (a case manager
// facilitating instead of seeing people, a person's session against their
// appointment) and between days (a second appointment moved to free a
// slot) are open too.
func (b *builder) neighbourhoods() []hood {
	hs := &hoodSet{n: b.p.NumCols(), cont: make([]bool, b.p.NumCols())}
	for j := range hs.n {
		hs.cont[j] = !b.p.Col(j).Integer
	}
	appts, atts := b.appts.cols(), b.attendance.cols()
	hs.people("appointments", appts)
	hs.people("session places", atts)
	b.unpaid.placesHoods(b, hs)
	b.unpaid.partyHoods(b, hs)
	hs.people("appointments and session places", appts, atts)
	b.appts.teamHoods(b, hs)
	b.sessions.ivHoods(b, hs)
	b.dayHoods(hs)
	// Staff neighbourhoods too large to solve in their time are left out.
	return slices.DeleteFunc(hs.hoods, func(hd hood) bool { return !hd.people && len(hd.cols) > hoodMaxCols })
}

// dayHoods adds the neighbourhoods of each day, then of each two days in
// a row, then of every other two days.
func (b *builder) dayHoods(hs *hoodSet) {
	var days []dayIx
	for d := range b.days {
		if free, any := b.dayHood(dayIx(d)); any {
			hs.add(hood{name: fmt.Sprint("day ", b.days[d].Weekday)}, free)
			days = append(days, dayIx(d))
		}
	}
	small := false // a two-day neighbourhood small enough to keep (hoodMaxCols)
	for i := 0; i+1 < len(days); i++ {
		free, _ := b.dayHood(days[i], days[i+1])
		hs.add(hood{name: fmt.Sprint("days ", b.days[days[i]].Weekday, "–", b.days[days[i+1]].Weekday)}, free)
		small = small || len(hs.hoods[len(hs.hoods)-1].cols) <= hoodMaxCols
	}
	if !small {
		return // the others would be as large, and left out too (neighbourhoods)
	}
	// Then every other two days: a twice-a-week programme meets on days
	// apart (Building Choices on Wednesday and Friday in the sample), and a
	// place in it trades a person's work on both. At a gap of 0.01% they
	// took the embedded sample to its optimum, 46,735.4 (HiGHS proves it),
	// in 19 s, where the search without them stopped at 46,796.7, and today's
	// allocation from 51,731.3 to 51,681.8 (optimum 51,665.7). At the
	// default gap the sample's plan and time are unchanged; today's
	// allocation takes 8 s instead of 5.5 s to the same plan (run smallest
	// first, they come before the neighbourhood that reaches the gap).
	for i := 0; i < len(days); i++ {
		for j := i + 2; j < len(days); j++ {
			free, _ := b.dayHood(days[i], days[j])
			hs.add(hood{name: fmt.Sprint("days ", b.days[days[i]].Weekday, " and ", b.days[days[j]].Weekday)}, free)
		}
	}
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

// dayHood frees every option on the given days, every family its own,
// with the practitioners' sites those days; any reports whether there is
// anything to decide.
func (b *builder) dayHood(days ...dayIx) (free []bool, any bool) {
	free = make([]bool, b.p.NumCols())
	on := make(map[dayIx]bool, len(days))
	for _, d := range days {
		on[d] = true
	}
	for _, f := range b.families() {
		if f.freeOn(b, free, on) {
			any = true
		}
	}
	return free, any
}
