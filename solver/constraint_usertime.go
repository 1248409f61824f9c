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
	// The registers, in the order the columns were made: compact, as a
	// part of 25,000 cases has a million person columns; the rows group
	// them when they are made.
	slots     []slotUse
	trips     []tripUse
	worstRows []worstRow // rows of the longest journeys, for the greedy start
}

// slotUse: column col takes u's slot s of day d, or every daytime slot
// of d when s is -1.
type slotUse struct {
	col  int32
	u    int32
	d, s int16
}

// tripUse: column col is a journey of km by u, in group (d, s, f) of
// journeyKey.
type tripUse struct {
	col  int32
	u    int32
	d, s int16
	f    journeyFamily
	km   float64
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

type journeyFamily int8

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
	t.slots = append(t.slots, slotUse{int32(col), int32(u), int16(d), int16(s)})
}

// allDay registers col as u's activity in every daytime slot of day d.
func (t *userTime) allDay(u userIx, d dayIx, col int) {
	t.slots = append(t.slots, slotUse{int32(col), int32(u), int16(d), -1})
}

// journey registers col as one of u's journeys of km on day d.
func (t *userTime) journey(u userIx, d dayIx, s slotIx, f journeyFamily, col int, km float64) {
	if km > 0 {
		t.trips = append(t.trips, tripUse{int32(col), int32(u), int16(d), int16(s), f, km})
	}
}

// rows adds the one-activity-a-slot rows, then the longest journeys.
func (t *userTime) rows(b *builder) {
	rows := newRowSet[udsKey]()
	for _, o := range t.slots {
		u, d := userIx(o.u), dayIx(o.d)
		if o.s >= 0 {
			rows.add(udsKey{u, d, slotIx(o.s)}, int(o.col), 1)
			continue
		}
		for s := range b.slots {
			if b.daytime(slotIx(s)) {
				rows.add(udsKey{u, d, slotIx(s)}, int(o.col), 1)
			}
		}
	}
	t.slots = nil // the register is needed only for these rows
	for i, e := range rows.rows {
		if len(e.idx) > 1 {
			k := rows.keys[i]
			b.le(colName("slot_", b.r.ServiceUsers[k.u].ID, "_", int(k.d), int(k.s)), e, 1)
		}
	}
	t.travelRows(b)
	t.trips = nil
}

// travelRows bound the longest single journey of each area from below.
func (t *userTime) travelRows(b *builder) {
	w := b.r.Settings.Weights.WorstTravelKm
	if w == 0 {
		return
	}
	rows := newRowSet[journeyKey]()
	for _, o := range t.trips {
		rows.add(journeyKey{userIx(o.u), dayIx(o.d), slotIx(o.s), o.f}, int(o.col), o.km)
	}
	worst := make(map[string]int)
	for i, e := range rows.rows {
		area := areaOf(b.r, int(rows.keys[i].u))
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
