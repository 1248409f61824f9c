package solver

import (
	"slices"

	"github.com/probation/rota/model"
)

// Attendance: who attends which session.
//
// x[u,q,i,k,d,s] ∈ {0,1} exists only where u is eligible for i (gender, age
// band), k is within the travel limit of u's home and meets their access
// needs (women-only sites for women, step-free where needed) and u is
// available in (d,s). For each intervention or RAR requirement q:
//
//	Σ x[u,q,·] + e_q = n_q,  e_q ≥ 0               (never more than due; e_q priced)
//	Σ_{q,i,k,s} x[u,q,i,k,d,s] ≤ 1                 (one session a day, when set)
//	x[u,…,o] + x[v,…,o] ≤ 1                        (u, v must not associate; every session option o both could attend)
//
// One activity per person and slot is personSlotRows; travel is priced on
// each x as on appointments.
func (b *builder) attendanceRows() {
	r := b.r
	due := newRowSet[int]()
	type ud struct{ u, d int }
	perDay := newRowSet[ud]()
	for _, o := range b.atts {
		due.add(o.req, o.col, 1)
		perDay.add(ud{o.user, b.sess[o.sess].key.day}, o.col, 1)
	}
	b.dueRows(model.KindIntervention, due)
	if r.Settings.OneSessionPerDay {
		for i, e := range perDay.rows {
			if len(e.idx) > 1 {
				b.le(colName("sessday_", r.ServiceUsers[perDay.keys[i].u].ID, "_", perDay.keys[i].d), e, 1)
			}
		}
	}

	// Non-associations, per session option and per work party.
	type userOpt struct{ u, opt int }
	attCols := make(map[userOpt][]int)
	for _, o := range b.atts {
		k := userOpt{o.user, o.sess}
		attCols[k] = append(attCols[k], o.col)
	}
	uwCols := make(map[userOpt][]int)
	for _, o := range b.uws {
		k := userOpt{o.user, o.party}
		uwCols[k] = append(uwCols[k], o.col)
	}
	for _, na := range r.NonAssociations {
		u, ok1 := r.ServiceUserIndex(na.A)
		v, ok2 := r.ServiceUserIndex(na.B)
		if !ok1 || !ok2 || !b.inUser[u] || !b.inUser[v] {
			continue
		}
		for si := range b.sess {
			b.apart(colName("apart_", na.A, "_", na.B), attCols[userOpt{u, si}], attCols[userOpt{v, si}])
		}
		for pi := range b.parties {
			b.apart(colName("apartuw_", na.A, "_", na.B), uwCols[userOpt{u, pi}], uwCols[userOpt{v, pi}])
		}
	}
}

// apart adds Σ a + Σ c ≤ 1 when both sides have columns.
func (b *builder) apart(name string, a, c []int) {
	if len(a) == 0 || len(c) == 0 {
		return
	}
	var e lin
	for _, col := range a {
		e.add(col, 1)
	}
	for _, col := range c {
		e.add(col, 1)
	}
	b.le(name, e, 1)
}

// personSlotRows: a service user does one thing per slot.
//
//	Σ a[u,d,s,·] + Σ x[u,·,d,s] + Σ_j v[u,j,d]·[s daytime] ≤ 1
func (b *builder) personSlotRows() {
	type uds struct{ u, d, s int }
	rows := newRowSet[uds]()
	for _, o := range b.appts {
		rows.add(uds{o.user, o.day, o.slot}, o.col, 1)
	}
	for _, o := range b.atts {
		k := b.sess[o.sess].key
		rows.add(uds{o.user, k.day, k.slot}, o.col, 1)
	}
	for _, o := range b.uws {
		d := b.parties[o.party].day
		for s := range b.slots {
			if b.daytime(s) {
				rows.add(uds{o.user, d, s}, o.col, 1)
			}
		}
	}
	for i, e := range rows.rows {
		if len(e.idx) > 1 {
			k := rows.keys[i]
			b.le(colName("slot_", b.r.ServiceUsers[k.u].ID, "_", k.d, k.s), e, 1)
		}
	}
}

// travelRows bound the longest single journey T_a of each area a (the
// teams' area column) from below:
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
func (b *builder) travelRows() {
	w := b.r.Settings.Weights.WorstTravelKm
	if w == 0 {
		return
	}
	type grp struct{ u, d, s, f int }
	rows := newRowSet[grp]()
	for _, o := range b.appts {
		if o.km > 0 {
			rows.add(grp{o.user, o.day, -1, 0}, o.col, o.km)
		}
	}
	for _, o := range b.atts {
		k := b.sess[o.sess].key
		s := -1
		if !b.r.Settings.OneSessionPerDay {
			s = k.slot
		}
		if o.km > 0 {
			rows.add(grp{o.user, k.day, s, 1}, o.col, o.km)
		}
	}
	for _, o := range b.uws {
		if o.km > 0 {
			rows.add(grp{o.user, b.parties[o.party].day, -1, 2}, o.col, o.km)
		}
	}
	worst := make(map[string]int)
	for i, e := range rows.rows {
		area := areaOf(b.r, rows.keys[i].u)
		col, ok := worst[area]
		if !ok {
			col = b.addCont("worst_km_"+area, b.r.Settings.MaxTravelKm, w)
			worst[area] = col
		}
		b.worstRows = append(b.worstRows, worstRow{worst: col, cols: slices.Clone(e.idx), km: slices.Clone(e.val)})
		e.add(col, -1)
		b.le("worst", e, 0)
	}
}

// worstRow is one T ≥ Σ km·y row, kept for the greedy start.
type worstRow struct {
	worst int
	cols  []int
	km    []float64
}
