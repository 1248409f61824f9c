package solver

import (
	"math"

	"github.com/probation/rota/model"
)

// Group sessions and their facilitators.
//
// A session option (i,k,d,s) exists for intervention i at site k on day d
// in slot s where k is open on d (not a bank holiday), i may run at k (a
// women-only k hosts only interventions for women), k has a group room
// whose seats reach i's minimum group, i's session fits the slot, at least
// min_i people could attend and at least fac_i facilitators could be
// there. r[i,k,d,s] ∈ {0…rooms(k)} counts the sessions run:
//
//	Σ_i r[i,k,d,s] ≤ group_rooms(k)                        (rooms)
//	min_i·r ≤ Σ_u x[u,i,k,d,s] ≤ min(max_i, seats(k))·r    (group size; seats of a room)
//	Σ_p f[p,i,k,d,s] = fac_i·r                             (exactly fac_i facilitators each)
//	f[p,i,k,d,s] ≤ z[p,d,k],  f[p,i,k,d,s] ≤ r             (the facilitator is at k that day; the session runs)
//	Σ_{i,k} f[p,i,k,d,s] + Σ_j g[p,j,d]·[s daytime] ≤ 1    (one activity a slot)
//	Σ f[p,·] ≤ max_sessions(p)                             (weekly maximum)
//	cost weight.session_run · r                            (fewer, fuller sessions)
//
// f exists only for practitioners holding i's skill and working on d. With
// r sessions in one (i,k,d,s), any total of attendees in [r·min, r·max] can be
// split into r groups within [min, max], so the count form is exact.
func (b *builder) sessionOptions() {
	r := b.r
	need := b.needsByIntervention()
	for i := range r.Interventions {
		iv := &r.Interventions[i]
		if iv.Kind == model.UnpaidWork || len(need[i]) == 0 {
			continue
		}
		for k := range r.Sites {
			st := &r.Sites[k]
			if st.GroupRooms == 0 || st.SeatsPerRoom < iv.MinGroup || (len(iv.Sites) > 0 && !iv.Sites.Has(st.ID)) ||
				(st.WomenOnly && iv.Gender != model.GenderFemale) { // a women-only site hosts only women's sessions
				continue
			}
			for d := range b.days {
				if !b.open(k, d) {
					continue
				}
				facs := 0
				for _, p := range b.pracs {
					if r.Practitioners[p].Skills.Has(iv.Skill) && b.canBeAt(p, d, k) {
						facs++
					}
				}
				if facs < iv.Facilitators {
					continue
				}
				for s := range b.slots {
					if float64(b.slots[s].Minutes()) < iv.SessionHours*60-1e-9 {
						continue
					}
					n := 0
					for _, uq := range need[i] {
						if b.canAttend(uq.user, i, k, d, s) {
							n++
						}
					}
					if n < iv.MinGroup {
						continue
					}
					key := sessKey{i, k, d, s}
					rooms := min(st.GroupRooms, n/iv.MinGroup)
					if iv.Facilitators > 0 {
						rooms = min(rooms, facs/iv.Facilitators)
					}
					col := b.addInt(colName("r_", iv.ID, "_", st.ID, "_", b.days[d].Weekday, s),
						float64(rooms), r.Settings.Weights.SessionRun)
					b.sessAt[key] = len(b.sess)
					b.sess = append(b.sess, sessOpt{col: col, key: key, max: rooms})
				}
			}
		}
	}
}

type userReq struct{ user, req int }

// needsByIntervention lists, per intervention, the service users of this
// component with an intervention or RAR requirement for it.
func (b *builder) needsByIntervention() map[int][]userReq {
	need := make(map[int][]userReq)
	for _, u := range b.users {
		for _, q := range b.reqsOf()[u] {
			req := &b.r.Requirements[q]
			if req.Kind != model.KindIntervention && req.Kind != model.KindRAR || Due(b.r, q) <= 0 {
				continue
			}
			if i, ok := b.r.InterventionIndex(req.Intervention); ok {
				need[i] = append(need[i], userReq{u, q})
			}
		}
	}
	return need
}

func (b *builder) canAttend(u, i, k, d, s int) bool {
	return b.r.Eligible(u, i) && b.reachable(u, k) && b.available(u, d, s)
}

func (b *builder) facilitatorOptions() {
	r := b.r
	for si := range b.sess {
		so := &b.sess[si]
		iv := &r.Interventions[so.key.iv]
		for _, p := range b.pracs {
			if !r.Practitioners[p].Skills.Has(iv.Skill) {
				continue
			}
			if _, ok := b.at(p, so.key.day, so.key.site); !ok {
				continue
			}
			col := b.addBinary(colName("f_", r.Practitioners[p].ID, "_", iv.ID, "_", r.Sites[so.key.site].ID, "_", so.key.day, so.key.slot), 0)
			b.facs = append(b.facs, facOpt{col: col, prac: p, sess: si})
			k := pdsKey{p, so.key.day, so.key.slot}
			b.facBy[k] = append(b.facBy[k], col)
			b.facHours[col] = iv.SessionHours
		}
	}
}

func (b *builder) attendanceOptions() {
	r := b.r
	need := b.needsByIntervention()
	for si := range b.sess {
		key := b.sess[si].key
		for _, uq := range need[key.iv] {
			if !b.canAttend(uq.user, key.iv, key.site, key.day, key.slot) {
				continue
			}
			km := b.km(uq.user, key.site)
			col := b.addBinary(colName("x_", r.ServiceUsers[uq.user].ID, "_", r.Interventions[key.iv].ID, "_", r.Sites[key.site].ID, "_", key.day, key.slot),
				r.Settings.Weights.TravelKm*km)
			b.atts = append(b.atts, attOpt{col: col, user: uq.user, req: uq.req, sess: si, km: km})
		}
	}
	// Every intervention requirement is priced when unmet, options or not.
	for _, u := range b.users {
		for _, q := range b.reqsOf()[u] {
			k := r.Requirements[q].Kind
			if (k == model.KindIntervention || k == model.KindRAR) && Due(r, q) > 0 {
				b.addSlack(q)
			}
		}
	}
}

func (b *builder) sessionRows() {
	r := b.r
	type kds struct{ k, d, s int }
	rooms := newRowSet[kds]()
	for _, so := range b.sess {
		rooms.add(kds{so.key.site, so.key.day, so.key.slot}, so.col, 1)
	}
	for i, e := range rooms.rows {
		k := rooms.keys[i]
		total := 0
		for _, col := range e.idx {
			total += int(b.p.Col(col).Hi)
		}
		if total > r.Sites[k.k].GroupRooms {
			b.le(colName("grouprooms_", r.Sites[k.k].ID, "_", k.d, "_", k.s), e, float64(r.Sites[k.k].GroupRooms))
		}
	}

	attBy := make([]lin, len(b.sess))
	for _, o := range b.atts {
		attBy[o.sess].add(o.col, 1)
		// x ≤ r: attend only a session that runs.
		var e lin
		e.add(o.col, 1)
		e.add(b.sess[o.sess].col, -1)
		b.le("xlink", e, 0)
	}
	facBySess := make([]lin, len(b.sess))
	for _, o := range b.facs {
		facBySess[o.sess].add(o.col, 1)
		b.link("flink", o.col, o.prac, b.sess[o.sess].key.day, b.sess[o.sess].key.site)
		var e lin
		e.add(o.col, 1)
		e.add(b.sess[o.sess].col, -1)
		b.le("frun", e, 0)
	}
	for si, so := range b.sess {
		iv := &r.Interventions[so.key.iv]
		name := colName("_", iv.ID, "_", r.Sites[so.key.site].ID, "_", so.key.day, so.key.slot)
		lo := attBy[si]
		lo.add(so.col, -float64(iv.MinGroup))
		b.ge("groupmin"+name, lo, 0)
		hi := lin{idx: append([]int(nil), attBy[si].idx...), val: append([]float64(nil), attBy[si].val...)}
		hi.add(so.col, -float64(min(iv.MaxGroup, r.Sites[so.key.site].SeatsPerRoom)))
		b.le("groupmax"+name, hi, 0)
		f := facBySess[si]
		f.add(so.col, -float64(iv.Facilitators))
		b.eq("facilitators"+name, f, 0)
	}

	// Weekly maximum per facilitator.
	weekly := newRowSet[int]()
	for _, o := range b.facs {
		weekly.add(o.prac, o.col, 1)
	}
	for i, e := range weekly.rows {
		p := weekly.keys[i]
		if m := r.Practitioners[p].MaxSessions; m > 0 && len(e.idx) > m {
			b.le(colName("maxsessions_", r.Practitioners[p].ID), e, float64(m))
		}
	}
	b.practitionerSlotRows()
}

// practitionerSlotRows: one activity per slot (facilitating, supervising)
// and the day's hours.
func (b *builder) practitionerSlotRows() {
	r := b.r
	apptHours := float64(r.Settings.AppointmentMinutes) / 60
	for _, p := range b.pracs {
		pr := &r.Practitioners[p]
		for d := range b.days {
			if b.loc[pdKey{p, d}] == nil {
				continue
			}
			var hours lin
			for s := range b.slots {
				var e lin
				for _, col := range b.facBy[pdsKey{p, d, s}] {
					e.add(col, 1)
				}
				if b.daytime(s) {
					for _, col := range b.supBy[pdKey{p, d}] {
						e.add(col, 1)
					}
				}
				if len(e.idx) > 1 {
					b.le(colName("busy_", pr.ID, "_", d, s), e, 1)
				}
			}
			for _, o := range b.apptsBy[pdKey{p, d}] {
				hours.add(o, apptHours)
			}
			for s := range b.slots {
				for _, col := range b.facBy[pdsKey{p, d, s}] {
					hours.add(col, b.facHours[col])
				}
			}
			for _, col := range b.supBy[pdKey{p, d}] {
				hours.add(col, b.supHours[col])
			}
			h := hoursPerDay(pr)
			sum := 0.0
			for _, v := range hours.val {
				sum += v
			}
			if sum > h+1e-9 {
				b.le(colName("hours_", pr.ID, "_", d), hours, h)
				b.roundedHours(colName("hoursr_", pr.ID, "_", d), hours, h, apptHours)
			}
		}
	}
}

// roundedHours adds the Chvátal–Gomory rounding of a day's hours row
// Σ h_j·y_j ≤ H by the appointment length t (every y_j is a non-negative
// integer, so it is valid):
//
//	Σ ⌊h_j ÷ t⌋·y_j ≤ ⌊H ÷ t⌋
//
// It says a case manager sees at most ⌊H ÷ t⌋ people in a day, which the
// hours row alone lets the LP exceed by a fraction each day; on the
// embedded sample this is most of the gap between the LP and the integer
// optimum.
func (b *builder) roundedHours(name string, hours lin, h, t float64) {
	if t <= 0 {
		return
	}
	var e lin
	for k, col := range hours.idx {
		if c := math.Floor(hours.val[k]/t + 1e-9); c > 0 {
			e.add(col, c)
		}
	}
	b.le(name, e, math.Floor(h/t+1e-9))
}

type pdsKey struct{ prac, day, slot int }

// busyCols are the columns that take practitioner p's slot s on day d away
// from appointments: facilitating then, or supervising a party that day.
func (b *builder) busyCols(p, d, s int) []int {
	cols := append([]int(nil), b.facBy[pdsKey{p, d, s}]...)
	if b.daytime(s) {
		cols = append(cols, b.supBy[pdKey{p, d}]...)
	}
	return cols
}
