package solver

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
	"time"

	"github.com/probation/rota/model"
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
func (b *builder) greedy() []float64 { return b.greedyWith(nil) }

// greedyWith is greedy with the case managers' sites, where they are still
// free once sessions and parties are placed, taken from prefer when it
// names one (the class relaxation's choice, in builder.solve).
func (b *builder) greedyWith(prefer map[pdKey]int) []float64 {
	g := newGreedyState(b)
	g.prefer = prefer
	g.sessions()
	g.parties()
	g.staffSites()
	g.appointments()
	return g.solution()
}

// emptyStart is the plan with no activities: every practitioner-day at a
// site (greedy's choice), every requirement unmet. It meets every row by
// construction; builder.solve falls back on it when the greedy starts
// break the model.
func (b *builder) emptyStart() []float64 {
	g := newGreedyState(b)
	g.staffSites()
	return g.solution()
}

// start is the best start found so far and its objective.
type start struct {
	x   []float64
	obj float64
}

// offer makes a start with plan and keeps it in st when it meets every row
// and is better than st's. A start that breaks a row is dropped, the broken
// rows logged and returned: a heuristic never stops a solve.
func (b *builder) offer(st *start, name string, plan func() []float64) error {
	t := time.Now()
	x := plan()
	if err := b.p.Check(x, 1e-6); err != nil {
		b.logf("rota: greedy start%s dropped: it breaks the model: %v", name, err)
		return err
	}
	v := b.p.Evaluate(x)
	b.logf("rota: %d rows, %d columns (%d integer); greedy start%s %.1f in %.1fs", b.p.NumRows(), b.p.NumCols(), b.p.NumIntegers(), name, v, time.Since(t).Seconds())
	if st.x == nil || v < st.obj {
		st.x, st.obj = x, v
	}
	return nil
}

type greedyState struct {
	b *builder
	x []float64

	left     map[int]float64 // requirement → amount still due
	site     map[pdKey]int   // practitioner-day → site once fixed
	pBusy    map[pdsKey]bool // practitioner slot taken by facilitating or supervising
	pAppts   map[pdsKey]int  // appointments in a practitioner's slot
	pHours   map[pdKey]float64
	pWeekly  map[int]int
	uBusy    map[[3]int]bool // user, day, slot
	uSessDay map[[2]int]bool // user, day: has a session
	uApptDay map[[2]int]bool // requirement, day: has an appointment
	uPartDay map[[2]int]bool // user, day: in a work party
	rooms    map[[3]int]int  // site, day, slot → group sessions
	iRooms   map[[3]int]int  // site, day, slot → appointments
	apart    map[int][]int   // user → users they must not meet
	members  map[int][]int   // session option or party (offset) → users in it
	prefer   map[pdKey]int   // practitioner-day → preferred site (greedyWith)
}

func newGreedyState(b *builder) *greedyState {
	g := &greedyState{
		b: b, x: make([]float64, b.p.NumCols()),
		left: make(map[int]float64), site: make(map[pdKey]int),
		pBusy: make(map[pdsKey]bool), pAppts: make(map[pdsKey]int), pHours: make(map[pdKey]float64),
		pWeekly: make(map[int]int), uBusy: make(map[[3]int]bool), uSessDay: make(map[[2]int]bool),
		uApptDay: make(map[[2]int]bool), uPartDay: make(map[[2]int]bool),
		rooms: make(map[[3]int]int), iRooms: make(map[[3]int]int),
		apart: make(map[int][]int), members: make(map[int][]int),
	}
	for _, sv := range b.slacks {
		g.left[sv.req] = Due(b.r, sv.req)
	}
	for key, sd := range b.loc {
		if len(sd.sites) == 1 {
			g.site[key] = sd.sites[0]
		}
	}
	r := b.r
	for _, na := range r.NonAssociations {
		u, ok1 := r.ServiceUserIndex(na.A)
		v, ok2 := r.ServiceUserIndex(na.B)
		if ok1 && ok2 {
			g.apart[u] = append(g.apart[u], v)
			g.apart[v] = append(g.apart[v], u)
		}
	}
	return g
}

func (g *greedyState) cost(col int) float64 { return g.b.p.Col(col).Cost }

// unitValue is what one unit of requirement q is worth when met.
func (g *greedyState) unitValue(q int) float64 { return g.cost(g.b.slackOf[q]) }

// canBe reports whether practitioner p may be at site k on day d given the
// sites fixed so far.
func (g *greedyState) canBe(p, d, k int) bool {
	if s, ok := g.site[pdKey{p, d}]; ok {
		return s == k
	}
	_, ok := g.b.at(p, d, k)
	return ok
}

func (g *greedyState) clashes(u, group int) bool {
	for _, v := range g.apart[u] {
		if slices.Contains(g.members[group], v) {
			return true
		}
	}
	return false
}

func (g *greedyState) hoursLeft(p, d int) float64 {
	return hoursPerDay(&g.b.r.Practitioners[p]) - g.pHours[pdKey{p, d}]
}

// sessions opens group sessions one at a time, best net value first.
func (g *greedyState) sessions() {
	b := g.b
	r := b.r
	attBy := make([][]int, len(b.sess))
	for i, o := range b.atts {
		attBy[o.sess] = append(attBy[o.sess], i)
	}
	facBy := make([][]int, len(b.sess))
	for i, o := range b.facs {
		facBy[o.sess] = append(facBy[o.sess], i)
	}
	opened := make([]int, len(b.sess))
	// eval is the net value of one more session of si, or ok false when
	// it cannot open. Opening sessions only ever lowers a value (people
	// are booked, facilitators and rooms taken), so a value once computed
	// bounds every later one and the best option is found lazily: the
	// options wait in a heap by their last value, and the top is taken
	// once its fresh value still beats every other's last. This picks
	// what evaluating every option each time would, in the same order.
	eval := func(si int) (val float64, att, fac []int, ok bool) {
		so := b.sess[si]
		if opened[si] >= so.max || g.rooms[[3]int{so.key.site, so.key.day, so.key.slot}] >= r.Sites[so.key.site].GroupRooms {
			return 0, nil, nil, false
		}
		att, val = g.pickAttendees(si, attBy[si])
		if len(att) < r.Interventions[so.key.iv].MinGroup {
			return 0, nil, nil, false
		}
		val -= g.cost(so.col)
		if val <= 0 {
			return 0, nil, nil, false
		}
		fac = g.pickFacilitators(si, facBy[si])
		if fac == nil {
			return 0, nil, nil, false
		}
		return val, att, fac, true
	}
	h := &optHeap{}
	for si := range b.sess {
		if val, _, _, ok := eval(si); ok {
			h.items = append(h.items, optVal{si, val})
		}
	}
	heap.Init(h)
	for h.Len() > 0 {
		top := heap.Pop(h).(optVal)
		val, att, fac, ok := eval(top.i)
		if !ok {
			continue // never opens again
		}
		if h.Len() > 0 && h.less(h.items[0], optVal{top.i, val}) {
			heap.Push(h, optVal{top.i, val}) // another may now be better
			continue
		}
		g.openSession(top.i, att, fac)
		opened[top.i]++
		heap.Push(h, optVal{top.i, val})
	}
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

// pickAttendees chooses up to a group's worth of people for one more
// session of option si, most valuable first.
func (g *greedyState) pickAttendees(si int, opts []int) ([]int, float64) {
	b := g.b
	so := b.sess[si]
	iv := &b.r.Interventions[so.key.iv]
	capacity := min(iv.MaxGroup, b.r.Sites[so.key.site].SeatsPerRoom)
	type cand struct {
		i   int
		val float64
	}
	var cands []cand
	for _, i := range opts {
		o := b.atts[i]
		if g.x[o.col] > 0 || g.left[o.req] < 1 || g.uBusy[[3]int{o.user, so.key.day, so.key.slot}] ||
			(b.r.Settings.OneSessionPerDay && g.uSessDay[[2]int{o.user, so.key.day}]) || g.clashes(o.user, si) {
			continue
		}
		if v := g.unitValue(o.req) - g.cost(o.col); v > 0 {
			cands = append(cands, cand{i, v})
		}
	}
	slices.SortStableFunc(cands, func(a, c cand) int { return cmp.Compare(c.val, a.val) })
	var pick []int
	var val float64
	seen := make(map[int]bool)
	for _, c := range cands {
		o := b.atts[c.i]
		if len(pick) == capacity {
			break
		}
		if seen[o.user] || g.clashesWithin(o.user, pick) {
			continue
		}
		seen[o.user] = true
		pick = append(pick, c.i)
		val += c.val
	}
	return pick, val
}

func (g *greedyState) clashesWithin(u int, pick []int) bool {
	for _, i := range pick {
		if slices.Contains(g.apart[u], g.b.atts[i].user) {
			return true
		}
	}
	return false
}

// pickFacilitators finds the facilitators a session of option si needs,
// preferring staff who hold no cases (case managers' time goes to
// appointments) and those already at the site that day.
func (g *greedyState) pickFacilitators(si int, opts []int) []int {
	b := g.b
	so := b.sess[si]
	iv := &b.r.Interventions[so.key.iv]
	var cands []int
	for _, i := range opts {
		o := b.facs[i]
		p, d := o.prac, so.key.day
		pr := &b.r.Practitioners[p]
		if !g.canBe(p, d, so.key.site) || g.pBusy[pdsKey{p, d, so.key.slot}] ||
			(pr.MaxSessions > 0 && g.pWeekly[p] >= pr.MaxSessions) || g.hoursLeft(p, d) < iv.SessionHours-1e-9 {
			continue
		}
		cands = append(cands, i)
	}
	if len(cands) < iv.Facilitators {
		return nil
	}
	score := func(i int) int {
		o := b.facs[i]
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
	return cands[:iv.Facilitators]
}

func (g *greedyState) openSession(si int, att, fac []int) {
	b := g.b
	so := b.sess[si]
	iv := &b.r.Interventions[so.key.iv]
	g.x[so.col]++
	g.rooms[[3]int{so.key.site, so.key.day, so.key.slot}]++
	for _, i := range att {
		o := b.atts[i]
		g.x[o.col] = 1
		g.left[o.req]--
		g.uBusy[[3]int{o.user, so.key.day, so.key.slot}] = true
		g.uSessDay[[2]int{o.user, so.key.day}] = true
		g.members[si] = append(g.members[si], o.user)
	}
	for _, i := range fac {
		o := b.facs[i]
		g.x[o.col] = 1
		g.site[pdKey{o.prac, so.key.day}] = so.key.site
		g.pBusy[pdsKey{o.prac, so.key.day, so.key.slot}] = true
		g.pHours[pdKey{o.prac, so.key.day}] += iv.SessionHours
		g.pWeekly[o.prac]++
	}
}

// parties runs work parties, best net value first.
func (g *greedyState) parties() {
	b := g.b
	r := b.r
	uwBy := make([][]int, len(b.parties))
	for i, o := range b.uws {
		uwBy[o.party] = append(uwBy[o.party], i)
	}
	supBy := make([][]int, len(b.parties))
	for i, o := range b.sups {
		supBy[o.party] = append(supBy[o.party], i)
	}
	done := make([]bool, len(b.parties))
	offset := len(b.sess) // members of party pi are under offset+pi
	for {
		best, bestVal := -1, 0.0
		var bestW, bestS []int
		for pi, po := range b.parties {
			if done[pi] {
				continue
			}
			pj := &r.Projects[po.proj]
			w, val := g.pickWorkers(pi, uwBy[pi], pj)
			if len(w) < 2 {
				continue
			}
			val -= g.cost(po.col)
			if val <= bestVal {
				continue
			}
			s := g.pickSupervisors(pi, supBy[pi], pj)
			if s == nil {
				continue
			}
			best, bestVal, bestW, bestS = pi, val, w, s
		}
		if best < 0 {
			return
		}
		done[best] = true
		po := b.parties[best]
		pj := &r.Projects[po.proj]
		g.x[po.col] = 1
		women := 0
		for _, i := range bestW {
			o := b.uws[i]
			g.x[o.col] = 1
			g.left[o.req] -= pj.Hours
			g.uPartDay[[2]int{o.user, po.day}] = true
			for s := range b.slots {
				if b.daytime(s) {
					g.uBusy[[3]int{o.user, po.day, s}] = true
				}
			}
			g.members[offset+best] = append(g.members[offset+best], o.user)
			if r.ServiceUsers[o.user].Gender == model.GenderFemale {
				women++
			}
		}
		if col, ok := b.womenCol[best]; ok && women > 0 {
			g.x[col] = 1
		}
		for _, i := range bestS {
			o := b.sups[i]
			g.x[o.col] = 1
			g.site[pdKey{o.prac, po.day}] = b.projectSite(po.proj)
			for s := range b.slots {
				if b.daytime(s) {
					g.pBusy[pdsKey{o.prac, po.day, s}] = true
				}
			}
			g.pHours[pdKey{o.prac, po.day}] += pj.Hours
		}
	}
}

func (g *greedyState) pickWorkers(pi int, opts []int, pj *model.Project) ([]int, float64) {
	b := g.b
	po := b.parties[pi]
	type cand struct {
		i   int
		val float64
	}
	var cands []cand
	for _, i := range opts {
		o := b.uws[i]
		if g.left[o.req] < pj.Hours-1e-9 || g.uPartDay[[2]int{o.user, po.day}] || g.userDayBusy(o.user, po.day) {
			continue
		}
		if v := g.unitValue(o.req)*pj.Hours - g.cost(o.col); v > 0 {
			cands = append(cands, cand{i, v})
		}
	}
	slices.SortStableFunc(cands, func(a, c cand) int { return cmp.Compare(c.val, a.val) })
	var pick []int
	var val float64
	women, men := 0, 0
	seen := make(map[int]bool) // a person with two unpaid_work requirements has an option for each
	for _, c := range cands {
		if len(pick) == pj.Places {
			break
		}
		o := b.uws[c.i]
		if seen[o.user] || g.clashesUW(o.user, pick) {
			continue
		}
		seen[o.user] = true
		pick = append(pick, c.i)
		val += c.val
		if b.r.ServiceUsers[o.user].Gender == model.GenderFemale {
			women++
		} else {
			men++
		}
	}
	if b.r.Settings.NoLoneWoman && women == 1 && men > 0 {
		// Drop the lone woman: she may join another party with women.
		for k, i := range pick {
			if b.r.ServiceUsers[b.uws[i].user].Gender == model.GenderFemale {
				val -= g.unitValue(b.uws[i].req)*pj.Hours - g.cost(b.uws[i].col)
				pick = slices.Delete(pick, k, k+1)
				break
			}
		}
	}
	return pick, val
}

func (g *greedyState) clashesUW(u int, pick []int) bool {
	for _, i := range pick {
		if slices.Contains(g.apart[u], g.b.uws[i].user) {
			return true
		}
	}
	return false
}

func (g *greedyState) userDayBusy(u, d int) bool {
	for s := range g.b.slots {
		if g.b.daytime(s) && g.uBusy[[3]int{u, d, s}] {
			return true
		}
	}
	return false
}

func (g *greedyState) pickSupervisors(pi int, opts []int, pj *model.Project) []int {
	b := g.b
	po := b.parties[pi]
	var cands []int
	for _, i := range opts {
		o := b.sups[i]
		if !g.canBe(o.prac, po.day, b.projectSite(po.proj)) || g.hoursLeft(o.prac, po.day) < pj.Hours-1e-9 {
			continue
		}
		free := true
		for s := range b.slots {
			if b.daytime(s) && g.pBusy[pdsKey{o.prac, po.day, s}] {
				free = false
			}
		}
		if free {
			cands = append(cands, i)
		}
	}
	need := max(1, pj.Supervisors)
	if len(cands) < need {
		return nil
	}
	slices.SortStableFunc(cands, func(a, c int) int {
		return cmp.Compare(btoi(b.r.Practitioners[b.sups[a].prac].Grade.HoldsCases()), btoi(b.r.Practitioners[b.sups[c].prac].Grade.HoldsCases()))
	})
	return cands[:need]
}

func btoi(v bool) int {
	if v {
		return 1
	}
	return 0
}

// staffSites fixes where each case manager with a free choice spends each
// day: the candidate site whose due appointments are worth most, counting
// each person's value over the days they could be seen there.
func (g *greedyState) staffSites() {
	b := g.b
	worth := make(map[[3]int]float64) // prac, day, site
	days := make(map[int]map[int]bool)
	for _, o := range b.appts {
		if days[o.req] == nil {
			days[o.req] = make(map[int]bool)
		}
		days[o.req][o.day] = true
	}
	for _, o := range b.appts {
		worth[[3]int{o.cm, o.day, o.site}] += g.unitValue(o.req) / float64(len(days[o.req]))
	}
	for _, p := range b.pracs {
		for d := range b.days {
			sd := b.loc[pdKey{p, d}]
			if sd == nil {
				continue
			}
			if _, ok := g.site[pdKey{p, d}]; ok {
				continue
			}
			if k, ok := g.prefer[pdKey{p, d}]; ok && slices.Contains(sd.sites, k) {
				g.site[pdKey{p, d}] = k
				continue
			}
			best, bestW := sd.sites[0], -1.0
			for _, k := range sd.sites {
				w := worth[[3]int{p, d, k}]
				if k == sd.usual {
					w += 1e-6 // stay where usual when nothing differs
				}
				if w > bestW {
					best, bestW = k, w
				}
			}
			g.site[pdKey{p, d}] = best
		}
	}
}

// appointments books each person's appointments, most valuable first and,
// among equals, those with fewest options first.
func (g *greedyState) appointments() {
	b := g.b
	r := b.r
	byReq := make(map[int][]int)
	var reqs []int
	for i, o := range b.appts {
		if byReq[o.req] == nil {
			reqs = append(reqs, o.req)
		}
		byReq[o.req] = append(byReq[o.req], i)
	}
	slices.SortStableFunc(reqs, func(a, c int) int {
		return cmp.Or(cmp.Compare(g.unitValue(c), g.unitValue(a)), cmp.Compare(len(byReq[a]), len(byReq[c])))
	})
	apptHours := float64(r.Settings.AppointmentMinutes) / 60
	for _, q := range reqs {
		opts := byReq[q]
		slices.SortStableFunc(opts, func(a, c int) int { return cmp.Compare(b.appts[a].km, b.appts[c].km) })
		for _, i := range opts {
			if g.left[q] < 1 {
				break
			}
			o := b.appts[i]
			ps := pdsKey{o.cm, o.day, o.slot}
			switch {
			case g.site[pdKey{o.cm, o.day}] != o.site, g.pBusy[ps], g.pAppts[ps] >= b.capSlot[o.slot],
				g.uBusy[[3]int{o.user, o.day, o.slot}], g.uApptDay[[2]int{q, o.day}],
				g.iRooms[[3]int{o.site, o.day, o.slot}] >= r.Sites[o.site].InterviewRooms*b.capSlot[o.slot],
				g.hoursLeft(o.cm, o.day) < apptHours-1e-9,
				g.unitValue(q) <= g.cost(o.col):
				continue
			}
			g.x[o.col] = 1
			g.left[q]--
			g.pAppts[ps]++
			g.pHours[pdKey{o.cm, o.day}] += apptHours
			g.uBusy[[3]int{o.user, o.day, o.slot}] = true
			g.uApptDay[[2]int{q, o.day}] = true
			g.iRooms[[3]int{o.site, o.day, o.slot}]++
		}
	}
}

// solution completes the column values: staff sites, slacks and the
// longest journeys.
func (g *greedyState) solution() []float64 {
	b := g.b
	for key, sd := range b.loc {
		for i, c := range sd.cols {
			if c >= 0 && sd.sites[i] == g.site[key] {
				g.x[c] = 1
			}
		}
	}
	for _, sv := range b.slacks {
		g.x[sv.col] = math.Max(0, g.left[sv.req])
	}
	for _, w := range b.worstRows {
		v := 0.0
		for i, c := range w.cols {
			v += g.x[c] * w.km[i]
		}
		g.x[w.worst] = math.Max(g.x[w.worst], v)
	}
	return g.x
}
