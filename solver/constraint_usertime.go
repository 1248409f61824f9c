package solver

import (
	"math"
	"slices"
)

// A service user's time: one activity a slot, and the longest journey.
//
// Every family that gives a person somewhere to be registers its columns
// here as it makes them: an appointment or a session in its slot, a work
// party in every daytime slot of its day. Then
//
//	Σ a[u,d,s,·] + Σ x[u,·,d,s] + Σ_j v[u,j,d]·[s daytime] ≤ 1   (one activity a slot)
//
// and the longest single journey T_a of each area a (the teams' area
// column) is bounded from below:
//
//	T_{area(u)} ≥ Σ_{o ∈ O(u,d,f)} km_o · y_o
//
// for each person u, day d and family f (appointments, sessions, work
// parties), where at most one option of O(u,d,f) can be chosen (one
// appointment a day, one session a day, one party a day), so the sum is the
// length of the one journey made. When more than one session a day is
// allowed the groups are per slot instead. Each T_a costs
// weight.worst_travel_km: the worst case is counted per area, so areas that
// share nothing can be planned apart without changing the objective.
//
// Checker rules: attendance.one-activity-a-slot (and the objective's
// worst_travel term, summary.terms.worst_travel).
type userTime struct {
	noShare
	slot      *rowSet[udsKey]
	trips     *rowSet[journeyKey]
	worstRows []worstRow // rows of the longest journeys, for the greedy start
}

type udsKey struct {
	u userIx
	d dayIx
	s slotIx
}

// journeyKey groups a person's options of one family on one day (and
// slot, for sessions when several a day are allowed; else -1).
type journeyKey struct {
	u userIx
	d dayIx
	s slotIx
	f journeyFamily
}

type journeyFamily int

const (
	journeyAppt journeyFamily = iota
	journeySession
	journeyParty
)

// worstRow is one T ≥ Σ km·y row, kept for the greedy start.
type worstRow struct {
	worst int
	cols  []int
	km    []float64
}

func (*userTime) name() string { return "service user time" }

// inSlot registers col as u's activity in slot s of day d.
func (t *userTime) inSlot(u userIx, d dayIx, s slotIx, col int) {
	t.slot.add(udsKey{u, d, s}, col, 1)
}

// allDay registers col as u's activity in every daytime slot of day d.
func (t *userTime) allDay(b *builder, u userIx, d dayIx, col int) {
	for s := range b.slots {
		if b.daytime(slotIx(s)) {
			t.inSlot(u, d, slotIx(s), col)
		}
	}
}

// journey registers col as one of u's journeys of km on day d.
func (t *userTime) journey(u userIx, d dayIx, s slotIx, f journeyFamily, col int, km float64) {
	if km > 0 {
		t.trips.add(journeyKey{u, d, s, f}, col, km)
	}
}

// rows adds the one-activity-a-slot rows, then the longest journeys.
func (t *userTime) rows(b *builder) {
	for i, e := range t.slot.rows {
		if len(e.idx) > 1 {
			k := t.slot.keys[i]
			b.le(colName("slot_", b.r.ServiceUsers[k.u].ID, "_", int(k.d), int(k.s)), e, 1)
		}
	}
	t.slot = nil // the registers are needed only for these rows
	t.travelRows(b)
	t.trips = nil
}

// travelRows bound the longest single journey of each area from below.
func (t *userTime) travelRows(b *builder) {
	w := b.r.Settings.Weights.WorstTravelKm
	if w == 0 {
		return
	}
	worst := make(map[string]int)
	for i, e := range t.trips.rows {
		area := areaOf(b.r, int(t.trips.keys[i].u))
		col, ok := worst[area]
		if !ok {
			col = b.addCont("worst_km_"+area, b.r.Settings.MaxTravelKm, w)
			worst[area] = col
		}
		t.worstRows = append(t.worstRows, worstRow{worst: col, cols: slices.Clone(e.idx), km: slices.Clone(e.val)})
		e.add(col, -1)
		b.le("worst", e, 0)
	}
}

// complete sets the longest journeys of the greedy plan.
func (t *userTime) complete(g *greedyState) {
	for _, w := range t.worstRows {
		v := 0.0
		for i, c := range w.cols {
			v += g.x[c] * w.km[i]
		}
		g.x[w.worst] = math.Max(g.x[w.worst], v)
	}
}
