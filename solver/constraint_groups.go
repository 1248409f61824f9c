package solver

import (
	"cmp"
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Running groups (groups.csv): a group keeps its place, day, slot,
// facilitators and (closed) members from week to week.
//
// Each running group G of intervention i, due n_G sessions this week
// (sessions_per_week, no more than it has left), has session options of
// its own r[G,k,d,s] ∈ {0,1}, built and ruled like the sessions family's
// (rooms, seats, facilitators, one activity a slot), at its own site k_G
// on any open day and slot, and at any site on its own weekdays D_G in its
// own slot s_G. With m_G ≥ 0 the sessions not held:
//
//	Σ_{k,d,s} r[G,k,d,s] + m_G = n_G                       (the sessions due)
//	Σ_{k,s} r[G,k,d,s] ≤ 1                                 (one a day, when n_G > 1)
//	Σ_{d ∉ D_G} r[G,k_G,d,s_G] ≤ spw_i − |D_G|             (a group with fewer weekdays than its
//	                                                        sessions a week settles the rest, free)
//	1·r[G,o] ≤ Σ_u x[u,G,o] ≤ min(max_i, seats(k))·r[G,o]  (group size: a running group meets with one)
//	x[u,G,o] exists only for u ∈ members(G), and, when G is rolling, for
//	  people due i who are members of no running group of i;
//	x[u,o] of a new session (the sessions family's) only for people who
//	  are members of no running group of i
//	cost weight.group_move·r[G,k,d,s]   where (k,d,s) ∉ {k_G}×D_G×{s_G} (D_G: every day while
//	                                    |D_G| < spw_i)
//	   + weight.group_facilitator·f[p,G,o]   for p ∉ facilitators(G)
//	   + weight.group_not_held·m_G
//
// So a session keeps its place, day, slot and facilitators unless a hard
// rule makes that impossible (the site closed, a facilitator absent, the
// room taken) or keeping it costs more than the change; each change is
// written to group_sessions.csv and summary.json with its reason. Every
// session of the sessions family starts a new group; the rota's groups.csv
// is the groups running after the week (next week's input).
//
// Checker rules: group.session, group.kept, group.closed, group.rolling,
// group.every-session, group.next.
type groupFamily struct {
	noShare
	run    []runGroup
	member map[ivUser]int  // (intervention, person) → their running group in run
	byOpt  map[int]int     // session option → its group in run
	held   map[int][]heldS // session option → the sessions extracted from it
}

type ivUser struct {
	iv int
	u  userIx
}

// runGroup is a running group of this part.
type runGroup struct {
	g       int // position in Region.Groups
	iv      int
	site    siteIx
	slot    slotIx
	facs    map[pracIx]bool
	n       int   // sessions due this week
	opts    []int // its session options (sessionFamily.opts)
	miss    int   // m_G
	rolling bool
	index   int // its place in groupFamily.run
	// daysFree: weekdays the group has yet to settle (sessions_per_week
	// less its weekdays): a session at its site in its slot on another
	// day settles one, at no cost.
	daysFree int
	own      map[string]bool // its sessions this week (ids), once extracted
}

// heldS is one session extracted from an option.
type heldS struct {
	id            string
	date          string
	staff, people []string
}

func (*groupFamily) name() string { return "groups" }

// joinGroups: a running group's members and facilitators are planned in
// one part.
func (a *areaJoin) joinGroups() {
	r := a.r
	for _, g := range r.Groups {
		first := -1
		join := func(team string) {
			if i := a.area(team); first < 0 {
				first = i
			} else {
				a.uf.union(first, i)
			}
		}
		for _, id := range g.Members {
			if u, ok := r.ServiceUserIndex(id); ok {
				join(r.ServiceUsers[u].Team)
			}
		}
		for _, id := range g.Facilitators {
			if p, ok := r.PractitionerIndex(id); ok {
				join(r.Practitioners[p].Team)
			}
		}
	}
}

// ours reports whether group G's people are in this part: its members, or
// else its facilitators (Parts keeps them in one part).
func (b *builder) ours(g *model.Group) bool {
	for _, id := range g.Members {
		if u, ok := b.r.ServiceUserIndex(id); ok {
			return b.inUser[userIx(u)]
		}
	}
	for _, id := range g.Facilitators {
		if p, ok := b.r.PractitionerIndex(id); ok {
			return b.inPrac[pracIx(p)]
		}
	}
	return false
}

// events makes each running group's session options.
func (f *groupFamily) events(b *builder) {
	r := b.r
	for gi := range r.Groups {
		g := &r.Groups[gi]
		n := r.SessionsThisWeek(g)
		if n == 0 || !b.ours(g) {
			continue
		}
		iv, _ := r.InterventionIndex(g.Intervention)
		k, _ := r.SiteIndex(g.Site)
		rg := runGroup{g: gi, iv: iv, site: siteIx(k), n: n, facs: map[pracIx]bool{}, rolling: g.Mode == model.GroupRolling, index: len(f.run)}
		rg.daysFree = max(r.Interventions[iv].SessionsPerWeek-g.Weekday.Len(), 0)
		rg.slot = slotIx(slices.IndexFunc(b.slots, func(s model.Slot) bool { return s.Name == g.Slot }))
		for _, id := range g.Facilitators {
			p, _ := r.PractitionerIndex(id)
			rg.facs[pracIx(p)] = true
		}
		for _, id := range g.Members {
			if u, ok := r.ServiceUserIndex(id); ok && b.inUser[userIx(u)] {
				f.member[ivUser{iv, userIx(u)}] = len(f.run)
			}
		}
		f.options(b, &rg, len(f.run)+1)
		f.run = append(f.run, rg)
	}
}

// options makes group rg's session options: at its site on any day and
// slot, and at any site on its weekdays in its slot.
func (f *groupFamily) options(b *builder, rg *runGroup, grp int) {
	r, w := b.r, b.r.Settings.Weights
	g, iv := &r.Groups[rg.g], &r.Interventions[rg.iv]
	for k := range r.Sites {
		st := &r.Sites[k]
		if st.GroupRooms == 0 || (len(iv.Sites) > 0 && !iv.Sites.Has(st.ID)) || !hostsSessions(st, iv) {
			continue
		}
		for d := range b.days {
			d := dayIx(d)
			if !b.open(siteIx(k), d) || b.canStaff(iv.Skill, d, siteIx(k)) < iv.Facilitators {
				continue
			}
			for s := range b.slots {
				s := slotIx(s)
				own := (g.Weekday.Has(b.days[d].Weekday) || rg.daysFree > 0) && s == rg.slot
				if float64(b.slots[s].Minutes()) < iv.SessionHours*60-tol || (siteIx(k) != rg.site && !own) {
					continue
				}
				cost := w.SessionRun
				if !own || siteIx(k) != rg.site {
					cost += w.GroupMove
				}
				key := sessKey{iv: rg.iv, site: siteIx(k), day: d, slot: s, grp: grp}
				col := b.addInt(colName("r_", iv.ID, "_", st.ID, "_", b.days[d].Weekday, int(s), "_", g.ID), 1, cost)
				f.byOpt[len(b.sessions.opts)] = grp - 1
				rg.opts = append(rg.opts, len(b.sessions.opts))
				b.sessions.at[key] = len(b.sessions.opts)
				b.sessions.opts = append(b.sessions.opts, sessOpt{col: col, key: key, max: 1, group: b.groups.add("apart_", col, 1)})
			}
		}
	}
}

// admits reports whether u may attend session option so: a new session
// only if u is in no running group of its intervention; a group's own
// session its members and, when it is rolling, anyone in no running group
// of the intervention.
func (f *groupFamily) admits(u userIx, so sessOpt) bool {
	mine, member := f.member[ivUser{so.key.iv, u}]
	if so.key.grp == 0 {
		return !member
	}
	if member {
		return mine == so.key.grp-1
	}
	return f.run[so.key.grp-1].rolling
}

// minGroup is the fewest attendees of a session of option so: a running
// group meets with one; a new group needs the intervention's min_group.
func (f *groupFamily) minGroup(so sessOpt, iv *model.Intervention) int {
	if so.key.grp != 0 {
		return 1
	}
	return iv.MinGroup
}

// columns prices facilitators who are not the group's own, and makes the
// sessions not held m_G.
func (f *groupFamily) columns(b *builder) {
	w := b.r.Settings.Weights
	for _, o := range b.sessions.facs {
		if grp := b.sessions.opts[o.sess].key.grp; grp != 0 && !f.run[grp-1].facs[o.prac] {
			b.p.SetCost(o.col, b.p.Col(o.col).Cost+w.GroupFacilitator)
		}
	}
	for i := range f.run {
		rg := &f.run[i]
		rg.miss = b.addCont(colName("gmiss_", b.r.Groups[rg.g].ID), float64(rg.n), w.GroupNotHeld)
	}
}

// rows adds the sessions due and one a day.
func (f *groupFamily) rows(b *builder) {
	for i := range f.run {
		rg := &f.run[i]
		id := b.r.Groups[rg.g].ID
		var due lin
		perDay := newRowSet[dayIx]()
		for _, si := range rg.opts {
			so := b.sessions.opts[si]
			due.add(so.col, 1)
			perDay.add(so.key.day, so.col, 1)
		}
		due.add(rg.miss, 1)
		b.eq(colName("gdue_", id), due, float64(rg.n))
		if rg.daysFree > 0 {
			var settle lin
			for _, si := range rg.opts {
				if k := b.sessions.opts[si].key; k.site == rg.site && k.slot == rg.slot && !b.r.Groups[rg.g].Weekday.Has(b.days[k.day].Weekday) {
					settle.add(b.sessions.opts[si].col, 1)
				}
			}
			b.le(colName("gsettle_", id), settle, float64(rg.daysFree))
		}
		if rg.rolling {
			var joins lin
			for _, o := range b.attendance.opts {
				if f.byOpt[o.sess] == i && b.sessions.opts[o.sess].key.grp != 0 && !f.isMember(rg, o.user) {
					joins.add(o.col, 1)
				}
			}
			b.le(colName("gjoin_", id), joins, float64(f.freePlaces(b, rg)))
		}
		if rg.n > 1 {
			for i, e := range perDay.rows {
				if len(e.idx) > 1 {
					b.le(colName("gday_", id, "_", int(perDay.keys[i])), e, 1)
				}
			}
		}
	}
}

// isMember reports whether u is a member of running group rg.
func (f *groupFamily) isMember(rg *runGroup, u userIx) bool {
	return f.member[ivUser{rg.iv, u}] == rg.index && f.hasMember(rg.iv, u)
}

func (f *groupFamily) hasMember(iv int, u userIx) bool { _, ok := f.member[ivUser{iv, u}]; return ok }

// freePlaces is how many newcomers rolling group rg may take: max_group
// less its members.
func (f *groupFamily) freePlaces(b *builder, rg *runGroup) int {
	return max(b.r.Interventions[rg.iv].MaxGroup-len(b.r.Groups[rg.g].Members), 0)
}

// greedy holds each running group's sessions for the greedy start before
// any new group opens: its own place, day and slot first, then the
// cheapest change, with its own facilitators where they are free.
func (f *groupFamily) greedy(g *greedyState) {
	b := g.b
	ss := b.sessions
	attBy := make(map[int][]int)
	for i, o := range b.attendance.opts {
		if _, ok := f.byOpt[o.sess]; ok {
			attBy[o.sess] = append(attBy[o.sess], i)
		}
	}
	facBy, ownBy := make(map[int][]int), make(map[int][]int)
	for i, o := range ss.facs {
		if gi, ok := f.byOpt[o.sess]; ok {
			facBy[o.sess] = append(facBy[o.sess], i)
			if f.run[gi].facs[o.prac] {
				ownBy[o.sess] = append(ownBy[o.sess], i)
			}
		}
	}
	for i := range f.run {
		rg := &f.run[i]
		joined := 0
		opts := slices.Clone(rg.opts)
		slices.SortStableFunc(opts, func(a, c int) int { return cmp.Compare(g.cost(ss.opts[a].col), g.cost(ss.opts[c].col)) })
		held, days := 0, map[dayIx]bool{}
		for _, si := range opts {
			so := ss.opts[si]
			if held == rg.n {
				break
			}
			if days[so.key.day] || g.rooms[sdsKey{so.key.site, so.key.day, so.key.slot}] >= b.r.Sites[so.key.site].GroupRooms {
				continue
			}
			att, _ := b.attendance.pick(g, si, attBy[si])
			att = slices.DeleteFunc(att, func(a int) bool { // newcomers into free places only
				if f.isMember(rg, b.attendance.opts[a].user) {
					return false
				}
				if joined >= f.freePlaces(b, rg) {
					return true
				}
				joined++
				return false
			})
			if len(att) == 0 {
				continue
			}
			fac := ss.pickFacilitators(g, si, ownBy[si])
			if fac == nil {
				fac = ss.pickFacilitators(g, si, facBy[si])
			}
			if fac == nil && b.r.Interventions[rg.iv].Facilitators > 0 {
				continue
			}
			ss.open(g, si, att, fac)
			held++
			days[so.key.day] = true
		}
	}
}

// complete sets the sessions not held of a greedy plan (any plan: the
// empty start holds none).
func (f *groupFamily) complete(g *greedyState) {
	for _, rg := range f.run {
		held := 0.0
		for _, si := range rg.opts {
			held += g.x[g.b.sessions.opts[si].col]
		}
		g.x[rg.miss] = float64(rg.n) - held
	}
}

// freeOn frees the sessions not held of the groups with a session on the
// days on holds.
func (f *groupFamily) freeOn(b *builder, free []bool, on map[dayIx]bool) (any bool) {
	for _, rg := range f.run {
		for _, si := range rg.opts {
			if on[b.sessions.opts[si].key.day] {
				free[rg.miss] = true
			}
		}
	}
	return false
}

// record keeps a session extracted from option si, for extract.
func (f *groupFamily) record(si int, s heldS) { f.held[si] = append(f.held[si], s) }

// extract writes group_sessions.csv's rows and the groups after the week:
// the running groups' sessions with their changes, and one new group for
// each new session.
func (f *groupFamily) extract(ps *partSolution, ex *extraction) {
	b, r := ps.b, ex.r
	joined := map[ivUser]bool{} // who is a member of a group after the week
	for _, rg := range f.run {
		for _, id := range r.Groups[rg.g].Members {
			if u, ok := r.ServiceUserIndex(id); ok {
				joined[ivUser{rg.iv, userIx(u)}] = true
			}
		}
	}
	for i := range f.run {
		f.extractRunning(ps, ex, &f.run[i], joined)
	}
	var fresh []newSession
	for si, so := range b.sessions.opts {
		if so.key.grp != 0 {
			continue
		}
		for _, s := range f.held[si] {
			fresh = append(fresh, newSession{so, s})
		}
	}
	// In the order they meet, so that a group's first session names it.
	slices.SortStableFunc(fresh, func(a, b newSession) int {
		return cmp.Or(cmp.Compare(a.so.key.day, b.so.key.day), cmp.Compare(a.so.key.slot, b.so.key.slot))
	})
	ng := &newGroups{started: map[string]*startedGroup{}}
	for _, ns := range fresh {
		if g := ng.continued(ex, ns); g != nil {
			g.add(ex, ns, joined)
			continue
		}
		if g := f.extractNew(ex, ns.so, ns.s, joined); g != nil {
			ng.started[g.ID] = &startedGroup{row: g, iv: ns.so.key.iv, days: model.Weekdays(0).With(ex.days[ns.so.key.day].Weekday),
				met: model.Weekdays(0).With(ex.days[ns.so.key.day].Weekday), people: slices.Clone(ns.s.people)}
			ng.order = append(ng.order, g.ID)
		}
	}
	for _, id := range ng.order {
		g := ng.started[id]
		if t := r.Interventions[g.iv].TotalSessions; t > 0 && g.row.SessionsDone >= t {
			continue // the programme is complete: the group ends
		}
		ex.pl.Groups = append(ex.pl.Groups, *g.row)
	}
}

// newSession is a session held this week that is not a running group's.
type newSession struct {
	so sessOpt
	s  heldS
}

// newGroups are the groups a part starts this week, in the order their
// first sessions meet.
type newGroups struct {
	started map[string]*startedGroup
	order   []string
}

type startedGroup struct {
	row    *plan.Group
	iv     int            // its intervention
	days   model.Weekdays // its weekdays: those it met this week in its slot
	met    model.Weekdays // every weekday it met this week
	people []string       // everyone at its sessions this week
}

// continued is the group started earlier this week that new session ns
// continues, or nil: a programme meeting more than once a week (its
// sessions_per_week) starts one group, whose later sessions that week are
// on other days and share attendees with it (in any slot: the first
// week's sessions may fall in different slots; the group keeps its first
// session's slot, and a later session in it settles a second weekday, as
// for a running group). A person attends one group of a programme a week
// (attendance.one-cohort), so a later session they attend is their
// group's wherever it meets and whoever facilitates it: the group keeps
// its first session's site and facilitators. Of several, the one sharing
// the most attendees, then at its site with its facilitators (the first
// on a tie).
func (ng *newGroups) continued(ex *extraction, ns newSession) *startedGroup {
	r := ex.r
	iv := &r.Interventions[ns.so.key.iv]
	if iv.SessionsPerWeek < 2 {
		return nil
	}
	site, wd := r.Sites[ns.so.key.site].ID, ex.days[ns.so.key.day].Weekday
	var best *startedGroup
	bestShared := 0
	for _, id := range ng.order {
		g := ng.started[id]
		if g.row.Intervention != iv.ID || g.met.Has(wd) || g.row.SessionsDone >= iv.SessionsPerWeek {
			continue
		}
		shared := 0
		for _, u := range ns.s.people {
			if slices.Contains(g.people, u) {
				shared += 2
			}
		}
		if shared > 0 && g.row.Site == site && sameSet(strings.Fields(g.row.Facilitators), ns.s.staff) {
			shared++ // its own place and facilitators break a tie
		}
		if shared > bestShared {
			best, bestShared = g, shared
		}
	}
	return best
}

// add writes new session ns as a further session of group g this week: a
// session done, its weekday the group's when it is at the group's site in
// its slot, and its attendees not yet in a group of the programme join it.
func (g *startedGroup) add(ex *extraction, ns newSession, joined map[ivUser]bool) {
	r := ex.r
	ex.pl.GroupSessions = append(ex.pl.GroupSessions, plan.GroupSession{Group: g.row.ID, Session: ns.s.id, Date: ns.s.date, Change: plan.ChangeNew})
	wd := ex.days[ns.so.key.day].Weekday
	g.met = g.met.With(wd)
	if r.Settings.Slots[ns.so.key.slot].Name == g.row.Slot && r.Sites[ns.so.key.site].ID == g.row.Site {
		g.days = g.days.With(wd)
		g.row.Weekday = g.days.String()
	}
	g.row.SessionsDone++
	g.row.Members = strings.Join(join(r, ns.so.key.iv, strings.Fields(g.row.Members), ns.s.people, joined), " ")
	for _, id := range ns.s.people {
		if !slices.Contains(g.people, id) {
			g.people = append(g.people, id)
		}
	}
}

// join adds to members the attendees people of a session of intervention
// iv who are in no group of it yet (joined, which it updates): a person
// is a member of one group of a programme, listed once.
func join(r *model.Region, iv int, members, people []string, joined map[ivUser]bool) []string {
	for _, id := range people {
		u, _ := r.ServiceUserIndex(id)
		if k := (ivUser{iv, userIx(u)}); !joined[k] {
			joined[k] = true
			members = append(members, id)
		}
	}
	return members
}

// extractRunning writes the sessions of running group rg and the group
// after the week.
func (f *groupFamily) extractRunning(ps *partSolution, ex *extraction, rg *runGroup, joined map[ivUser]bool) {
	b, r := ps.b, ex.r
	g := &r.Groups[rg.g]
	members := slices.Clone(g.Members)
	days := g.Weekday // its weekdays, with those settled this week
	held := 0
	rg.own = map[string]bool{}
	for _, si := range rg.opts {
		for _, s := range f.held[si] {
			rg.own[s.id] = true
		}
	}
	for _, si := range rg.opts {
		so := b.sessions.opts[si]
		for _, s := range f.held[si] {
			held++
			if wd := b.days[so.key.day].Weekday; !days.Has(wd) && so.key.site == rg.site && so.key.slot == rg.slot &&
				days.Len() < r.Interventions[rg.iv].SessionsPerWeek {
				days = days.With(wd)
			}
			change := f.changed(b, days, rg, so, s.staff)
			gs := plan.GroupSession{Group: g.ID, Session: s.id, Date: s.date, Change: change}
			if change != "" {
				gs.Reason = f.why(b, ex, rg, so, s.staff)
			}
			ex.pl.GroupSessions = append(ex.pl.GroupSessions, gs)
			members = join(r, rg.iv, members, s.people, joined)
		}
	}
	for range rg.n - held {
		ex.pl.GroupSessions = append(ex.pl.GroupSessions, plan.GroupSession{
			Group: g.ID, Change: plan.ChangeNotHeld, Reason: f.notHeld(ps, ex, rg, held)})
	}
	done := g.SessionsDone + held
	if t := r.Interventions[rg.iv].TotalSessions; t > 0 && done >= t {
		return // the programme is complete: the group ends
	}
	ex.pl.Groups = append(ex.pl.Groups, plan.Group{
		ID: g.ID, Intervention: g.Intervention, Site: g.Site, Weekday: days.String(), Slot: g.Slot,
		Facilitators: g.Facilitators.String(), Members: strings.Join(members, " "), SessionsDone: done, Mode: string(g.Mode)})
}

// extractNew writes a new session's group: it starts this week, at the
// session's place, day and slot, with its facilitators and attendees (a
// person already in a group of the intervention is not listed twice).
func (f *groupFamily) extractNew(ex *extraction, so sessOpt, s heldS, joined map[ivUser]bool) *plan.Group {
	r := ex.r
	iv := &r.Interventions[so.key.iv]
	members := join(r, so.key.iv, nil, s.people, joined)
	ex.pl.GroupSessions = append(ex.pl.GroupSessions, plan.GroupSession{Group: s.id, Session: s.id, Date: s.date, Change: plan.ChangeNew})
	if iv.TotalSessions == 1 {
		return nil
	}

	mode := model.GroupRolling
	if iv.Kind == model.Programme {
		mode = model.GroupClosed // accredited programmes run as closed groups (docs/model.md)
	}
	return &plan.Group{
		ID: s.id, Intervention: iv.ID, Site: r.Sites[so.key.site].ID, Weekday: ex.days[so.key.day].Weekday.String(),
		Slot: r.Settings.Slots[so.key.slot].Name, Facilitators: strings.Join(s.staff, " "), Members: strings.Join(members, " "),
		SessionsDone: 1, Mode: string(mode)}
}

// changed names what a held session of rg changed (days: the group's
// weekdays, with those settled this week): "site", "weekday",
// "slot", "facilitators", space-separated; "" when nothing did.
func (f *groupFamily) changed(b *builder, days model.Weekdays, rg *runGroup, so sessOpt, staff []string) string {
	g := &b.r.Groups[rg.g]
	var ch []string
	if so.key.site != rg.site {
		ch = append(ch, "site")
	}
	if !days.Has(b.days[so.key.day].Weekday) {
		ch = append(ch, "weekday")
	}
	if so.key.slot != rg.slot {
		ch = append(ch, "slot")
	}
	if !sameSet(staff, g.Facilitators) {
		ch = append(ch, "facilitators")
	}
	return strings.Join(ch, " ")
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
