package solver

import (
	"fmt"
	"math"

	"github.com/probation/rota/model"
)

// Supervision appointments.
//
// For each appointment requirement q of service user u with case manager m
// and n_q appointments due, an option a[u,d,s,k] ∈ {0,1} exists for every
// day d m works, slot s u is available, long enough for one appointment,
// and site k open on d with interview rooms, within the travel limit of u's
// home and meeting u's access needs, where m may be on d. With c_s =
// ⌊minutes(s) ÷ appointment_minutes⌋ appointments per slot:
//
//	Σ_{d,s,k} a[u,d,s,k] + e_q = n_q,  e_q ≥ 0     (due; e_q is unmet, priced)
//	Σ_{s,k} a[u,d,s,k] ≤ 1                         (one appointment a day)
//	a[u,d,s,k] ≤ z[m,d,k]                          (the case manager is there)
//	Σ_{u: cm(u)=m} a[u,d,s,k] ≤ c_s·z[m,d,k]       (the same, summed: a stronger LP bound)
//	Σ_{u: cm(u)=m, k} a[u,d,s,k] ≤ c_s·(1 − busy[m,d,s])   (case manager's slot)
//	Σ_{u} a[u,d,s,k] ≤ interview_rooms(k)·c_s      (a room holds one appointment at a time)
//
// busy[m,d,s] is the sum of m's facilitating in s and supervising on d
// (daytime slots), so a slot holds appointments or one other activity. The
// practitioner's day also fits their hours (hoursRows). Travel is priced
// on each option: weight.travel_km · km(u,k).
func (b *builder) appointmentOptions() {
	r := b.r
	st := &r.Settings
	for _, u := range b.users {
		for _, q := range b.reqsOf()[u] {
			req := &r.Requirements[q]
			if req.Kind != model.KindAppointment || Due(r, q) <= 0 {
				continue
			}
			b.addSlack(q)
			cm, ok := b.caseManager(u)
			if !ok || !b.inPrac[cm] {
				continue
			}
			for d := range b.days {
				if !b.works(cm, d) {
					continue
				}
				for s := range b.slots {
					if b.capSlot[s] == 0 || !b.available(u, d, s) {
						continue
					}
					for k := range r.Sites {
						if r.Sites[k].InterviewRooms == 0 || !b.open(k, d) || !b.reachable(u, k) {
							continue
						}
						if _, ok := b.at(cm, d, k); !ok {
							continue
						}
						km := b.km(u, k)
						col := b.addBinary(colName("a_", r.ServiceUsers[u].ID, "_", b.days[d].Weekday, s, "_", r.Sites[k].ID),
							st.Weights.TravelKm*km)
						b.appts = append(b.appts, apptOpt{col: col, user: u, req: q, cm: cm, day: d, slot: s, site: k, km: km})
						b.apptsBy[pdKey{cm, d}] = append(b.apptsBy[pdKey{cm, d}], col)
					}
				}
			}
		}
	}
}

// addSlack makes the unmet column of requirement q, priced by its kind's
// weight and Factor.
func (b *builder) addSlack(q int) int {
	r := b.r
	w := r.Settings.Weights
	due := Due(r, q)
	var cost float64
	switch r.Requirements[q].Kind {
	case model.KindAppointment:
		cost = w.UnmetAppointment
	case model.KindUnpaidWork:
		cost = w.UnmetHour
	default:
		cost = w.UnmetSession
	}
	col := b.addCont(colName("unmet_", q), due, cost*Factor(r, q))
	b.slacks = append(b.slacks, slackVar{col: col, req: q})
	b.slackOf[q] = col
	return col
}

func (b *builder) appointmentRows() {
	r := b.r
	type qday struct{ q, d int }
	type mslot struct{ m, d, s int }
	type kslot struct{ k, d, s int }
	var (
		due    = newRowSet[int]()
		perDay = newRowSet[qday]()
		cmSlot = newRowSet[mslot]()
		cmSite = newRowSet[[4]int]()
		room   = newRowSet[kslot]()
	)
	type qdz struct{ q, d, z int }
	var (
		daySite = newRowSet[qdz]()    // one person's slots at one site and day
		cmDay   = newRowSet[[3]int]() // a case manager's day at one site
		cmDayN  = make(map[[3]int]int)
	)
	for i := range b.appts {
		o := &b.appts[i]
		due.add(o.req, o.col, 1)
		perDay.add(qday{o.req, o.day}, o.col, 1)
		cmSlot.add(mslot{o.cm, o.day, o.slot}, o.col, 1)
		room.add(kslot{o.site, o.day, o.slot}, o.col, 1)
		if z, _ := b.at(o.cm, o.day, o.site); z >= 0 {
			cmSite.add([4]int{o.cm, o.day, o.slot, z}, o.col, 1)
			key := qdz{o.req, o.day, z}
			daySite.add(key, o.col, 1)
			k := [3]int{o.cm, o.day, z}
			if len(daySite.rows[daySite.at[key]].idx) == 1 {
				cmDayN[k]++ // a case with an option here
			}
			cmDay.add(k, o.col, 1)
		}
	}
	// Σ_s a[q,d,s,k] ≤ z[m,d,k]: a person is seen at most once a day, so
	// only where the case manager is. It implies the per-slot link and is
	// stronger in the LP: with z at 1/3 on each of three sites, a case
	// the per-slot link lets be seen 1/3 in each of three slots now gets
	// 1/3 in all.
	for i, e := range daySite.rows {
		e.add(daySite.keys[i].z, -1)
		b.le("alink", e, 0)
	}
	// Σ_{q,s} a[q,d,s,k] ≤ min(n, ⌊H ÷ t⌋)·z[m,d,k] with n the cases that
	// could be seen there: the day's capacity goes only where the case
	// manager is.
	apptHours := float64(r.Settings.AppointmentMinutes) / 60
	for i, e := range cmDay.rows {
		k := cmDay.keys[i]
		limit := min(float64(cmDayN[k]), math.Floor(hoursPerDay(&r.Practitioners[k[0]])/apptHours+1e-9))
		if apptHours > 0 && len(e.idx) > 1 {
			e.add(k[2], -limit)
			b.le(colName("cmday_", r.Practitioners[k[0]].ID, "_", k[1]), e, 0)
		}
	}
	b.dueRows(model.KindAppointment, due)
	for i, e := range perDay.rows {
		if len(e.idx) > 1 {
			k := perDay.keys[i]
			b.family(b.le(colName("aday_", k.q, "_", k.d), e, 1), fmt.Sprint("aday|", b.reqClass(k.q), "|", k.d))
		}
	}
	for i, e := range cmSlot.rows {
		k := cmSlot.keys[i]
		c := float64(b.capSlot[k.s])
		for _, col := range b.busyCols(k.m, k.d, k.s) {
			e.add(col, c)
		}
		b.le(colName("cmslot_", r.Practitioners[k.m].ID, "_", k.d, "_", k.s), e, c)
	}
	for i, e := range cmSite.rows {
		k := cmSite.keys[i]
		if c := b.capSlot[k[2]]; len(e.idx) > 1 {
			e.add(k[3], -float64(c))
			b.le(colName("cmsite_", r.Practitioners[k[0]].ID, "_", k[1], "_", k[2]), e, 0)
		}
	}
	for i, e := range room.rows {
		k := room.keys[i]
		limit := float64(r.Sites[k.k].InterviewRooms * b.capSlot[k.s])
		if float64(len(e.idx)) > limit {
			b.le(colName("rooms_", r.Sites[k.k].ID, "_", k.d, "_", k.s), e, limit)
		}
	}
}

// dueRows adds, for every requirement of kind with a slack column,
// Σ coef·options + unmet = due (an unpaid-work option counts its hours).
func (b *builder) dueRows(kind model.RequirementKind, opts *rowSet[int]) {
	for _, sv := range b.slacks {
		k := b.r.Requirements[sv.req].Kind
		if k != kind && !(kind == model.KindIntervention && k == model.KindRAR) {
			continue
		}
		var e lin
		if i, ok := opts.at[sv.req]; ok {
			e = opts.rows[i]
		}
		e.add(sv.col, 1)
		i := b.eq(colName("due_", sv.req), e, Due(b.r, sv.req))
		b.family(i, "due|"+b.reqClass(sv.req))
		if b.dueRowOf == nil {
			b.dueRowOf = make(map[int]int)
		}
		b.dueRowOf[sv.req] = i
	}
}

// rowSet gathers one linear expression per key, in the order keys first
// appear, so rows come out the same for the same input.
type rowSet[K comparable] struct {
	at   map[K]int
	keys []K
	rows []lin
}

func newRowSet[K comparable]() *rowSet[K] { return &rowSet[K]{at: make(map[K]int)} }

func (s *rowSet[K]) add(k K, col int, v float64) {
	i, ok := s.at[k]
	if !ok {
		i = len(s.rows)
		s.at[k] = i
		s.keys = append(s.keys, k)
		s.rows = append(s.rows, lin{})
	}
	s.rows[i].add(col, v)
}
