package solver

import (
	"math"
	"slices"
)

// greedy builds a feasible plan of a part by construction, in the order of
// scarcity: group sessions (they need a group and facilitators at once),
// then work parties, then the case managers' sites and appointments. It
// respects every row of the model, so the result is a MIP start that Cbc
// accepts and, should the search find nothing better in its time, a plan
// to write. It returns a value for every column.
//
// Each step picks the option of greatest net value: the priced unmet
// amount it removes less its travel and running costs, so the most urgent
// cases (priority, tier, IOM) are served first when capacity is short.
// Each step is its family's (constraint_*.go: sessionFamily.greedy with
// attendanceFamily.pick, unpaidFamily.greedy, staffFamily.greedy,
// apptFamily.greedy); the bookkeeping they share is greedyState.
func (b *builder) greedy() []float64 { return b.greedyWith(nil) }

// greedyWith is greedy with the case managers' sites, where they are still
// free once sessions and parties are placed, taken from prefer when it
// names one (the class relaxation's choice, in builder.solve).
// It returns nil when b.stop reports a cancel: between its steps, and
// within each step between its choices (g.halted), since a step takes up
// to seconds at 10,000 people on a loaded machine (the work parties' step
// 2.5–5.5 s at 25,000 generated cases, load 2–4).
func (b *builder) greedyWith(prefer map[pdKey]siteIx) []float64 {
	g := newGreedyState(b)
	g.prefer = prefer
	for _, step := range []func(*greedyState){b.grp.greedy, b.sessions.greedy, b.unpaid.greedy, b.staff.greedy, b.appts.greedy} {
		if g.halted() {
			return nil
		}
		step(g)
	}
	if g.halted() {
		return nil
	}
	return g.solution()
}

// halted reports whether the greedy plan is to stop on a cancel (b.stop);
// once it has said so it says so again, so that every step left returns at
// once. A step's choices so far are then left unfinished, never written.
func (g *greedyState) halted() bool {
	if !g.stopped && g.b.stop != nil && g.b.stop() {
		g.stopped = true
	}
	return g.stopped
}

// emptyStart is the plan with no activities: every practitioner-day at a
// site (greedy's choice), every requirement unmet. It meets every row by
// construction; builder.solve falls back on it when the greedy starts
// break the model.
func (b *builder) emptyStart() []float64 {
	g := newGreedyState(b)
	b.staff.greedy(g)
	return g.solution()
}

// greedyState is what the greedy plan has taken so far.
type greedyState struct {
	b *builder
	x []float64

	left     map[int]float64   // requirement → amount still due
	site     map[pdKey]siteIx  // practitioner-day → site once fixed
	pBusy    map[pdsKey]bool   // practitioner slot taken by facilitating or supervising
	pAppts   map[pdsKey]int    // appointments in a practitioner's slot
	pHours   map[pdKey]float64 // hours used of a practitioner's day
	pWeekly  map[pracIx]int    // sessions facilitated in the week
	uBusy    map[udsKey]bool   // a service user's slot taken
	uSessDay map[pdUser]bool   // user, day: has a session
	uApptDay map[reqDay]bool   // requirement, day: has an appointment
	uPartDay map[pdUser]bool   // user, day: in a work party
	ivWeek   map[ivUser]int    // user, intervention: sessions of it in the week (the cohort rows)
	rooms    map[sdsKey]int    // group sessions in a site's slot
	iRooms   map[sdsKey]int    // appointments in a site's slot
	apart    map[userIx][]userIx
	members  map[int][]userIx  // group (builder.groups) → users in it
	prefer   map[pdKey]siteIx  // practitioner-day → preferred site (greedyWith)
	seated   map[seatKey][]int // who sits where, in which group (constraint_waitingroom.go)
	stopped  bool              // a cancel came (halted)
}

type pdUser struct {
	u userIx
	d dayIx
}

type reqDay struct {
	q int
	d dayIx
}

type sdsKey struct {
	k siteIx
	d dayIx
	s slotIx
}

func newGreedyState(b *builder) *greedyState {
	g := &greedyState{
		b: b, x: make([]float64, b.p.NumCols()),
		left: make(map[int]float64), site: make(map[pdKey]siteIx),
		pBusy: make(map[pdsKey]bool), pAppts: make(map[pdsKey]int), pHours: make(map[pdKey]float64),
		pWeekly: make(map[pracIx]int), uBusy: make(map[udsKey]bool), uSessDay: make(map[pdUser]bool),
		uApptDay: make(map[reqDay]bool), uPartDay: make(map[pdUser]bool), ivWeek: make(map[ivUser]int),
		rooms: make(map[sdsKey]int), iRooms: make(map[sdsKey]int),
		apart: make(map[userIx][]userIx), members: make(map[int][]userIx),
	}
	for _, sv := range b.slacks {
		g.left[sv.req] = Due(b.r, sv.req)
	}
	for key, sd := range b.staff.loc {
		if len(sd.sites) == 1 {
			g.site[key] = sd.sites[0]
		}
	}
	r := b.r
	for _, na := range r.NonAssociations {
		u, ok1 := r.ServiceUserIndex(na.A)
		v, ok2 := r.ServiceUserIndex(na.B)
		if ok1 && ok2 {
			g.apart[userIx(u)] = append(g.apart[userIx(u)], userIx(v))
			g.apart[userIx(v)] = append(g.apart[userIx(v)], userIx(u))
		}
	}
	return g
}

func (g *greedyState) cost(col int) float64 { return g.b.p.Col(col).Cost }

// unitValue is what one unit of requirement q is worth when met.
func (g *greedyState) unitValue(q int) float64 { return g.cost(g.b.slackOf[q]) }

// canBe reports whether practitioner p may be at site k on day d given the
// sites fixed so far.
func (g *greedyState) canBe(p pracIx, d dayIx, k siteIx) bool {
	if s, ok := g.site[pdKey{p, d}]; ok {
		return s == k
	}
	_, ok := g.b.at(p, d, k)
	return ok
}

// clashes reports whether u must not meet someone already in group.
func (g *greedyState) clashes(u userIx, group int) bool {
	for _, v := range g.apart[u] {
		if slices.Contains(g.members[group], v) {
			return true
		}
	}
	return false
}

// clashesWithin reports whether u must not meet the person of one of the
// options picked (userOf gives an option's person).
func (g *greedyState) clashesWithin(u userIx, pick []int, userOf func(int) userIx) bool {
	for _, i := range pick {
		if slices.Contains(g.apart[u], userOf(i)) {
			return true
		}
	}
	return false
}

// hoursLeft is what is left of practitioner p's hours on day d.
func (g *greedyState) hoursLeft(p pracIx, d dayIx) float64 {
	return hoursPerDay(&g.b.r.Practitioners[p]) - g.pHours[pdKey{p, d}]
}

// userDayBusy reports whether u has something in a daytime slot of d.
func (g *greedyState) userDayBusy(u userIx, d dayIx) bool {
	for s := range g.b.slots {
		if g.b.daytime(slotIx(s)) && g.uBusy[udsKey{u, d, slotIx(s)}] {
			return true
		}
	}
	return false
}

// optVal is an option and its last computed value.
type optVal struct {
	i   int
	val float64
}

// optHeap orders options by value, highest first, then by index.
type optHeap struct{ items []optVal }

func (h *optHeap) less(a, b optVal) bool {
	return a.val > b.val || (a.val == b.val && a.i < b.i)
}
func (h *optHeap) Len() int           { return len(h.items) }
func (h *optHeap) Less(i, j int) bool { return h.less(h.items[i], h.items[j]) }
func (h *optHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *optHeap) Push(x any)         { h.items = append(h.items, x.(optVal)) }
func (h *optHeap) Pop() any {
	n := len(h.items)
	x := h.items[n-1]
	h.items = h.items[:n-1]
	return x
}

// solution completes the column values: staff sites, slacks and the
// longest journeys.
func (g *greedyState) solution() []float64 {
	b := g.b
	b.travel.repair(g)
	b.staff.complete(g)
	b.shifts.complete(g)
	b.grp.complete(g)
	for _, sv := range b.slacks {
		g.x[sv.col] = math.Max(0, g.left[sv.req])
	}
	b.userTime.complete(g)
	b.pins.complete(g)
	return g.x
}
