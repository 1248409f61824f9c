package solver

import (
	"cmp"
	"container/heap"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
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
//
// Checker rules: session.intervention, session.site-open,
// session.site-allowed, session.slot-length, session.group-rooms,
// session.seats, session.group-size, session.facilitators, session.skill,
// session.max-sessions.
type sessionFamily struct {
	noShare
	opts []sessOpt
	at   map[sessKey]int // option → its position in opts
	facs []facOpt
}

type sessKey struct {
	iv   int
	site siteIx
	day  dayIx
	slot slotIx
	grp  int // 0, or 1 + a running group's place in groupFamily.run (constraint_groups.go)
}

// sessOpt: sessions of intervention iv at site on day, slot (an integer
// count, at most the site's group rooms); group is its place in
// builder.groups.
type sessOpt struct {
	col   int
	key   sessKey
	max   int
	group int
}

// facOpt: practitioner facilitates one of the sessions of option sess.
type facOpt struct {
	col  int
	prac pracIx
	sess int
}

func (*sessionFamily) name() string { return "sessions" }

// events makes the session options r.
func (f *sessionFamily) events(b *builder) {
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
				!hostsSessions(st, iv) {
				continue
			}
			for d := range b.days {
				if b.open(siteIx(k), dayIx(d)) {
					f.dayOptions(b, i, siteIx(k), dayIx(d), need[i])
				}
			}
		}
	}
}

// dayOptions makes the options of intervention i at site k on day d.
func (f *sessionFamily) dayOptions(b *builder, i int, k siteIx, d dayIx, need []userReq) {
	r := b.r
	iv, st := &r.Interventions[i], &r.Sites[k]
	facs := b.canStaff(iv.Skill, d, k)
	if facs < iv.Facilitators {
		return
	}
	for s := range b.slots {
		s := slotIx(s)
		if float64(b.slots[s].Minutes()) < iv.SessionHours*60-tol {
			continue
		}
		n := 0
		for _, uq := range need {
			if b.canAttend(uq.user, i, k, d, s) {
				n++
			}
		}
		if n < iv.MinGroup {
			continue
		}
		key := sessKey{iv: i, site: k, day: d, slot: s}
		rooms := min(st.GroupRooms, n/iv.MinGroup)
		if iv.Facilitators > 0 {
			rooms = min(rooms, facs/iv.Facilitators)
		}
		col := b.addInt(colName("r_", iv.ID, "_", st.ID, "_", b.days[d].Weekday, int(s)),
			float64(rooms), r.Settings.Weights.SessionRun)
		f.at[key] = len(f.opts)
		f.opts = append(f.opts, sessOpt{col: col, key: key, max: rooms, group: b.groups.add("apart_", col, rooms)})
	}
}

type userReq struct {
	user userIx
	req  int
}

// needsByIntervention lists, per intervention, the service users of this
// part with an intervention or RAR requirement for it.
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

// columns makes the facilitator options f.
func (f *sessionFamily) columns(b *builder) {
	r := b.r
	for si := range f.opts {
		so := &f.opts[si]
		iv := &r.Interventions[so.key.iv]
		for _, p := range b.pracs {
			if !r.Practitioners[p].Skills.Has(iv.Skill) {
				continue
			}
			if !pracFree(r, int(p), b.days[so.key.day], int(so.key.slot)) || !iv.MayFacilitate(&r.Practitioners[p]) {
				continue
			}
			if _, ok := b.at(p, so.key.day, so.key.site); !ok {
				continue
			}
			col := b.addBinary(colName("f_", r.Practitioners[p].ID, "_", iv.ID, "_", r.Sites[so.key.site].ID, "_", int(so.key.day), int(so.key.slot)), 0)
			f.facs = append(f.facs, facOpt{col: col, prac: p, sess: si})
			b.staffTime.addInSlot(p, so.key.day, so.key.slot, col, iv.SessionHours)
		}
	}
}

// rows adds the rooms, group size, facilitator and weekly maximum rows.
func (f *sessionFamily) rows(b *builder) {
	r := b.r
	f.roomRows(b)
	attBy := make([]lin, len(f.opts))
	for _, o := range b.attendance.opts {
		attBy[o.sess].add(o.col, 1)
		b.onlyWith("xlink", o.col, f.opts[o.sess].col) // attend only a session that runs
	}
	facBySess := make([]lin, len(f.opts))
	for _, o := range f.facs {
		facBySess[o.sess].add(o.col, 1)
		b.link("flink", o.col, o.prac, f.opts[o.sess].key.day, f.opts[o.sess].key.site)
		b.onlyWith("frun", o.col, f.opts[o.sess].col)
	}
	for si, so := range f.opts {
		iv := &r.Interventions[so.key.iv]
		name := colName("_", iv.ID, "_", r.Sites[so.key.site].ID, "_", int(so.key.day), int(so.key.slot))
		lo := attBy[si]
		lo.add(so.col, -float64(b.grp.minGroup(so, iv)))
		b.ge("groupmin"+name, lo, 0)
		hi := attBy[si].clone()
		hi.add(so.col, -float64(min(iv.MaxGroup, r.Sites[so.key.site].SeatsPerRoom)))
		b.le("groupmax"+name, hi, 0)
		fe := facBySess[si]
		fe.add(so.col, -float64(iv.Facilitators))
		b.eq("facilitators"+name, fe, 0)
	}
	// Weekly maximum per facilitator.
	weekly := newRowSet[pracIx]()
	for _, o := range f.facs {
		weekly.add(o.prac, o.col, 1)
	}
	for i, e := range weekly.rows {
		p := weekly.keys[i]
		if m := r.Practitioners[p].MaxSessions; m > 0 && len(e.idx) > m {
			b.le(colName("maxsessions_", r.Practitioners[p].ID), e, float64(m))
		}
	}
	f.mixedRows(b)
}

// roomRows: Σ_i r[i,k,d,s] ≤ group_rooms(k) where the options could
// exceed it.
func (f *sessionFamily) roomRows(b *builder) {
	r := b.r
	type kds struct {
		k siteIx
		d dayIx
		s slotIx
	}
	rooms := newRowSet[kds]()
	for _, so := range f.opts {
		rooms.add(kds{so.key.site, so.key.day, so.key.slot}, so.col, 1)
	}
	for i, e := range rooms.rows {
		k := rooms.keys[i]
		total := 0
		for _, col := range e.idx {
			total += int(b.p.Col(col).Hi)
		}
		if total > r.Sites[k.k].GroupRooms {
			b.le(colName("grouprooms_", r.Sites[k.k].ID, "_", int(k.d), "_", int(k.s)), e, float64(r.Sites[k.k].GroupRooms))
		}
	}
}

// greedy opens group sessions for the greedy start one at a time, best
// net value first, with their attendees (attendanceFamily.pick) and
// facilitators.
//
// Opening sessions only ever lowers a value (people are booked,
// facilitators and rooms taken), so a value once computed bounds every
// later one and the best option is found lazily: the options wait in a
// heap by their last value, and the top is taken once its fresh value
// still beats every other's last. This picks what evaluating every option
// each time would, in the same order.
func (f *sessionFamily) greedy(g *greedyState) {
	b := g.b
	attBy := make([][]int, len(f.opts))
	for i, o := range b.attendance.opts {
		attBy[o.sess] = append(attBy[o.sess], i)
	}
	facBy := make([][]int, len(f.opts))
	for i, o := range f.facs {
		facBy[o.sess] = append(facBy[o.sess], i)
	}
	opened := make([]int, len(f.opts))
	// eval is the net value of one more session of si, or ok false when
	// it cannot open.
	eval := func(si int) (val float64, att, fac []int, ok bool) {
		so := f.opts[si]
		if so.key.grp != 0 || opened[si] >= so.max || g.rooms[sdsKey{so.key.site, so.key.day, so.key.slot}] >= b.r.Sites[so.key.site].GroupRooms {
			return 0, nil, nil, false
		}
		att, val = b.attendance.pick(g, si, attBy[si])
		if len(att) < b.r.Interventions[so.key.iv].MinGroup {
			return 0, nil, nil, false
		}
		val -= g.cost(so.col)
		if val <= 0 {
			return 0, nil, nil, false
		}
		fac = f.pickFacilitators(g, si, facBy[si])
		if fac == nil {
			return 0, nil, nil, false
		}
		return val, att, fac, true
	}
	h := &optHeap{}
	for si := range f.opts {
		if g.halted() {
			return
		}
		if val, _, _, ok := eval(si); ok {
			h.items = append(h.items, optVal{si, val})
		}
	}
	heap.Init(h)
	for h.Len() > 0 && !g.halted() {
		top := heap.Pop(h).(optVal)
		val, att, fac, ok := eval(top.i)
		if !ok {
			continue // never opens again
		}
		if h.Len() > 0 && h.less(h.items[0], optVal{top.i, val}) {
			heap.Push(h, optVal{top.i, val}) // another may now be better
			continue
		}
		f.open(g, top.i, att, fac)
		opened[top.i]++
		heap.Push(h, optVal{top.i, val})
	}
}

// pickFacilitators finds the facilitators a session of option si needs,
// preferring staff who hold no cases (case managers' time goes to
// appointments) and those already at the site that day.
func (f *sessionFamily) pickFacilitators(g *greedyState, si int, opts []int) []int {
	b := g.b
	so := f.opts[si]
	iv := &b.r.Interventions[so.key.iv]
	var cands []int
	for _, i := range opts {
		o := f.facs[i]
		p, d := o.prac, so.key.day
		pr := &b.r.Practitioners[p]
		if !g.canBe(p, d, so.key.site) || g.pBusy[pdsKey{p, d, so.key.slot}] ||
			(pr.MaxSessions > 0 && g.pWeekly[p] >= pr.MaxSessions) || g.hoursLeft(p, d) < iv.SessionHours-tol ||
			!g.staffRulesAllow(p, d, []slotIx{so.key.slot}, iv.SessionHours) {
			continue
		}
		cands = append(cands, i)
	}
	if len(cands) < iv.Facilitators {
		return nil
	}
	score := func(i int) int {
		o := f.facs[i]
		s := g.pWeekly[o.prac]
		if b.r.Practitioners[o.prac].Grade.HoldsCases() {
			s += 100
		}
		if _, ok := g.site[pdKey{o.prac, so.key.day}]; ok {
			s -= 50
		}
		return s
	}
	slices.SortStableFunc(cands, func(a, c int) int { return cmp.Compare(score(a), score(c)) })
	return chooseFacilitators(b.r, f, iv, cands)
}

// open takes one more session of option si into the greedy plan.
func (f *sessionFamily) open(g *greedyState, si int, att, fac []int) {
	b := g.b
	so := f.opts[si]
	iv := &b.r.Interventions[so.key.iv]
	g.x[so.col]++
	g.rooms[sdsKey{so.key.site, so.key.day, so.key.slot}]++
	for _, i := range att {
		b.attendance.book(g, i, so.group)
	}
	for _, i := range fac {
		o := f.facs[i]
		g.x[o.col] = 1
		g.site[pdKey{o.prac, so.key.day}] = so.key.site
		g.pBusy[pdsKey{o.prac, so.key.day, so.key.slot}] = true
		g.pHours[pdKey{o.prac, so.key.day}] += iv.SessionHours
		g.pWeekly[o.prac]++
	}
}

// ivHoods are the neighbourhoods of sessions, intervention by
// intervention, with their attendees, facilitators and the facilitators'
// sites.
func (f *sessionFamily) ivHoods(b *builder, hs *hoodSet) {
	byIv := make(map[int][]int)
	var ivs []int
	for si, so := range f.opts {
		if byIv[so.key.iv] == nil {
			ivs = append(ivs, so.key.iv)
		}
		byIv[so.key.iv] = append(byIv[so.key.iv], si)
	}
	for _, iv := range ivs {
		free := hs.newFree()
		for _, si := range byIv[iv] {
			free[f.opts[si].col] = true
		}
		for _, o := range b.attendance.opts {
			if f.opts[o.sess].key.iv == iv {
				free[o.col] = true
			}
		}
		skill := b.r.Interventions[iv].Skill
		for _, o := range f.facs {
			if f.opts[o.sess].key.iv == iv {
				free[o.col] = true
			}
		}
		for _, p := range b.pracs {
			if b.r.Practitioners[p].Skills.Has(skill) {
				for d := range b.days {
					b.freeSites(free, p, dayIx(d))
				}
			}
		}
		hs.add(hood{name: "sessions of " + b.r.Interventions[iv].ID}, free)
	}
}

// freeOn frees the sessions on the days on holds, with their facilitators.
func (f *sessionFamily) freeOn(b *builder, free []bool, on map[dayIx]bool) (any bool) {
	for _, so := range f.opts {
		if on[so.key.day] {
			free[so.col], any = true, true
		}
	}
	for _, o := range f.facs {
		free[o.col] = free[o.col] || on[f.opts[o.sess].key.day]
	}
	return any
}

// extract writes sessions.csv and attendance.csv rows: each option's
// attendees and facilitators split into the number of sessions run.
func (f *sessionFamily) extract(ps *partSolution, ex *extraction) {
	r, b := ex.r, ps.b
	att := b.attendance.attendees(ps)
	fac := make([][]pracIx, len(f.opts))
	for _, o := range f.facs {
		if ps.on(o.col) {
			fac[o.sess] = append(fac[o.sess], o.prac)
		}
	}
	seq := make(map[sessKey]int) // sessions numbered so far at a site, day and slot
	for si, so := range f.opts {
		n := int(math.Round(ps.val(so.col)))
		iv := &r.Interventions[so.key.iv]
		d := ex.days[so.key.day]
		base := so.key
		base.grp = 0
		for g := range n {
			seq[base]++
			id := fmt.Sprintf("%s-%s-%s-%s-%d", iv.ID, r.Sites[so.key.site].ID, d.Date, b.slots[so.key.slot].Name, seq[base])
			users := b.attendance.extractGroup(ps, ex, so, id, att[si], g, n)
			var staff []string
			for _, p := range fac[si][g*iv.Facilitators : (g+1)*iv.Facilitators] {
				staff = append(staff, r.Practitioners[p].ID)
				k := pdsKey{p, so.key.day, so.key.slot}
				ex.busy[k] = plan.ActivityFacilitating
				ex.detail[k] = []string{id}
			}
			ex.pl.Sessions = append(ex.pl.Sessions, plan.Session{
				ID: id, Kind: plan.KindSession, Intervention: iv.ID, Site: r.Sites[so.key.site].ID,
				Date: d.Date.String(), Weekday: d.Weekday.String(), Slot: b.slots[so.key.slot].Name,
				Hours: iv.SessionHours, Staff: strings.Join(staff, " "), Attendees: strings.Join(users, " "),
				Size: len(users),
			})
			b.grp.record(si, heldS{id: id, date: d.Date.String(), staff: staff, people: users})
		}
	}
}
