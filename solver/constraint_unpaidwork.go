package solver

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Unpaid work (Community Payback).
//
// A party option (j,d) exists for project j on each of its days d where its
// site is open (not a bank holiday), at least two people could work and
// enough supervisors could be there. w[j,d] ∈ {0,1} (one party per project
// a day; a project with more parties is listed once per party). For person
// u with unpaid-work requirement q of h_q hours, v[u,j,d] ∈ {0,1} where the
// project's site is within the travel limit and meets their access needs,
// u is available in every daytime slot of d, and the project is not
// women-only or u is a woman. With H_j the project's hours a day:
//
//	Σ_{j,d} H_j·v[u,j,d] + e_q = h_q,  e_q ≥ 0      (hours toward the week; e_q priced)
//	v[u,j,d] ≤ w[j,d]
//	2·w[j,d] ≤ Σ_u v[u,j,d] ≤ places_j·w[j,d]       (a party needs two; places)
//	Σ_p g[p,j,d] = supervisors_j·w[j,d]             (supervisors holding unpaid_work)
//	g[p,j,d] ≤ z[p,d,site_j],  g[p,j,d] ≤ w[j,d]
//	W[j,d] = Σ_{u woman} v[u,j,d];  2·l[j,d] ≤ W[j,d] ≤ places_j·l[j,d],  l ∈ {0,1}
//	                                                (no lone woman in a mixed party, when set)
//	v[u,j,d] + v[v,j,d] ≤ w[j,d]                    (u, v must not associate: apartRows, constraint_attendance.go)
//	cost weight.session_run · w[j,d]
//
// The party takes the day: the people's and practitioners' slot rows
// (userTime, practitionerTime) count v and g in every daytime slot.
// A project's hours and supervisors default (7 and 1) at load.
//
// Checker rules: party.day, party.places, party.min-size,
// party.supervisors, party.skill, party.requirement, party.hours-due,
// party.women-only, party.site-area, party.lone-woman, party.travel,
// party.available.
type unpaidFamily struct {
	noShare
	workers  []userReq // unpaid-work requirements
	parties  []partyOpt
	uws      []uwOpt
	sups     []supOpt
	womenCol map[int]int    // party → its "women present" column
	optSig   map[int]uint64 // requirement → its set of work parties (optionSig)
	// uws by requirement and by party, for the unmet reasons (made once:
	// explain is asked for every unmet requirement).
	byReq, byParty map[int][]int
}

// index makes byReq and byParty, once.
func (f *unpaidFamily) index() {
	if f.byReq != nil {
		return
	}
	f.byReq, f.byParty = make(map[int][]int), make(map[int][]int)
	for i, o := range f.uws {
		f.byReq[o.req] = append(f.byReq[o.req], i)
		f.byParty[o.party] = append(f.byParty[o.party], i)
	}
}

// partyOpt: the work party of project proj on day; group is its place in
// builder.groups.
type partyOpt struct {
	col, proj int
	day       dayIx
	group     int
}

// uwOpt: service user works in party toward requirement req.
type uwOpt struct {
	col, req, party int
	user            userIx
	km              float64
}

// supOpt: practitioner supervises party.
type supOpt struct {
	col, party int
	prac       pracIx
}

func (*unpaidFamily) name() string { return "unpaid work" }

// projectSite is the site of project j.
func (b *builder) projectSite(j int) siteIx {
	k, _ := b.r.SiteIndex(b.r.Projects[j].Site)
	return siteIx(k)
}

// canWork reports whether u may work in project j's party on day d: the
// project admits them (women-only), its site is within reach and they are
// free all day.
func (b *builder) canWork(u userIx, j int, d dayIx) bool {
	return womenOnlyAdmits(b.r, int(u), b.r.Projects[j].WomenOnly) &&
		b.reachable(u, b.projectSite(j)) && b.availableDay(u, d)
}

// events makes the party options w.
func (f *unpaidFamily) events(b *builder) {
	r := b.r
	for _, u := range b.users {
		for _, q := range b.reqsOf()[u] {
			if r.Requirements[q].Kind == model.KindUnpaidWork && Due(r, q) > 0 {
				f.workers = append(f.workers, userReq{u, q})
			}
		}
	}
	for j := range r.Projects {
		pj := &r.Projects[j]
		k := b.projectSite(j)
		if k < 0 || pj.Places < 2 {
			continue
		}
		for d := range b.days {
			d := dayIx(d)
			if !pj.Days.Has(b.days[d].Weekday) || !b.open(k, d) {
				continue
			}
			if b.canStaff(skillUnpaidWork, d, k) < pj.Supervisors {
				continue
			}
			n := 0
			for _, w := range f.workers {
				if b.canWork(w.user, j, d) {
					n++
				}
			}
			if n < 2 {
				continue
			}
			col := b.addBinary(colName("w_", pj.ID, "_", b.days[d].Weekday), r.Settings.Weights.SessionRun)
			f.parties = append(f.parties, partyOpt{col: col, proj: j, day: d, group: b.groups.add("apartuw_", col, 1)})
		}
	}
}

// columns makes the workers' options v, their unmet columns, and the
// supervisors' options g.
func (f *unpaidFamily) columns(b *builder) {
	r := b.r
	for pi, po := range f.parties {
		for _, w := range f.workers {
			if !b.canWork(w.user, po.proj, po.day) {
				continue
			}
			km := b.km(w.user, b.projectSite(po.proj))
			col := b.addBinary(colName("v_", r.ServiceUsers[w.user].ID, "_", r.Projects[po.proj].ID, "_", int(po.day)),
				r.Settings.Weights.TravelKm*km)
			f.uws = append(f.uws, uwOpt{col: col, user: w.user, req: w.req, party: pi, km: km})
			b.groups.join(w.user, po.group, col)
			b.userTime.allDay(w.user, po.day, col)
			b.userTime.journey(w.user, po.day, -1, journeyParty, col, km)
		}
	}
	for _, w := range f.workers {
		b.addSlack(w.req)
	}
	for pi, po := range f.parties {
		k := b.projectSite(po.proj)
		for _, p := range b.pracs {
			if !r.Practitioners[p].Skills.Has(skillUnpaidWork) || !pracFreeDay(r, int(p), b.days[po.day]) {
				continue
			}
			if _, ok := b.at(p, po.day, k); !ok {
				continue
			}
			col := b.addBinary(colName("g_", r.Practitioners[p].ID, "_", r.Projects[po.proj].ID, "_", int(po.day)), 0)
			f.sups = append(f.sups, supOpt{col: col, prac: p, party: pi})
			b.staffTime.addAllDay(p, po.day, col, r.Projects[po.proj].Hours)
		}
	}
}

// rows adds the hours due, one party a day, the links, the party size,
// the supervisors and no lone woman.
func (f *unpaidFamily) rows(b *builder) {
	r := b.r
	due := newRowSet[int]()
	people := make([]lin, len(f.parties))
	women := make([]lin, len(f.parties))
	type ud struct {
		u userIx
		d dayIx
	}
	perDay := newRowSet[ud]()
	dayClass := make(map[ud]string)
	for _, o := range f.uws {
		po := f.parties[o.party]
		due.add(o.req, o.col, r.Projects[po.proj].Hours)
		people[o.party].add(o.col, 1)
		if r.ServiceUsers[o.user].Gender == model.GenderFemale {
			women[o.party].add(o.col, 1)
		}
		perDay.add(ud{o.user, po.day}, o.col, 1)
		if _, ok := dayClass[ud{o.user, po.day}]; !ok {
			dayClass[ud{o.user, po.day}] = b.reqClass(o.req)
		}
		b.onlyWith("vlink", o.col, po.col)
	}
	b.dueRows(model.KindUnpaidWork, due)
	for i, e := range perDay.rows {
		if len(e.idx) > 1 {
			k := perDay.keys[i]
			b.classRow(b.le(colName("uwday_", int(k.u), "_", int(k.d)), e, 1), fmt.Sprint("uwday|", dayClass[k], "|", int(k.d)))
		}
	}
	sups := make([]lin, len(f.parties))
	for _, o := range f.sups {
		po := f.parties[o.party]
		sups[o.party].add(o.col, 1)
		b.link("glink", o.col, o.prac, po.day, b.projectSite(po.proj))
		b.onlyWith("grun", o.col, po.col)
	}
	for pi := range f.parties {
		f.partyRows(b, pi, people[pi], women[pi], sups[pi])
	}
}

// partyRows adds one party's size, supervisors and no-lone-woman rows.
func (f *unpaidFamily) partyRows(b *builder, pi int, people, women, sups lin) {
	r := b.r
	po := f.parties[pi]
	pj := &r.Projects[po.proj]
	name := colName("_", pj.ID, "_", int(po.day))
	lo := people
	lo.add(po.col, -2)
	b.ge("partymin"+name, lo, 0)
	hi := people.clone()
	hi.add(po.col, -float64(pj.Places))
	b.le("partymax"+name, hi, 0)
	sups.add(po.col, -float64(pj.Supervisors))
	b.eq("supervisors"+name, sups, 0)
	// No lone woman: only needed where men could be there too.
	if r.Settings.NoLoneWoman && !women.empty() && len(women.idx) < len(people.idx) {
		l := b.addBinary("women"+name, 0)
		f.womenCol[pi] = l
		wl := women
		wl.add(l, -2)
		b.ge("lonewoman"+name, wl, 0)
		wh := women.clone()
		wh.add(l, -float64(pj.Places))
		b.le("womenparty"+name, wh, 0)
	}
}

// optionSig names the set of work parties unpaid-work requirement q could
// join, as a hash: people with the same set have the same columns, so the
// class's rows keep who can go where. Two sets sharing a hash only merge
// two classes, which keeps the relaxation valid (any partition into
// classes does).
func (f *unpaidFamily) optionSig(q int) uint64 {
	if f.optSig == nil {
		h := make(map[int]hash.Hash64)
		for _, o := range f.uws {
			fh, ok := h[o.req]
			if !ok {
				fh = fnv.New64a()
				h[o.req] = fh
			}
			var buf [8]byte
			binary.LittleEndian.PutUint64(buf[:], uint64(o.party))
			fh.Write(buf[:])
		}
		f.optSig = make(map[int]uint64, len(h))
		for req, fh := range h {
			f.optSig[req] = fh.Sum64()
		}
	}
	return f.optSig[q]
}

// relaxGroups merges the places of one requirement class in one party.
func (f *unpaidFamily) relaxGroups(b *builder, cg *classGroups) {
	for _, o := range f.uws {
		cg.assign(o.col, gkey{kind: 'v', class: cg.class(o.req), a: o.party})
	}
}

// greedy runs work parties for the greedy start, best net value first,
// each with its workers and supervisors.
func (f *unpaidFamily) greedy(g *greedyState) {
	uwBy := make([][]int, len(f.parties))
	for i, o := range f.uws {
		uwBy[o.party] = append(uwBy[o.party], i)
	}
	supBy := make([][]int, len(f.parties))
	for i, o := range f.sups {
		supBy[o.party] = append(supBy[o.party], i)
	}
	done := make([]bool, len(f.parties))
	for !g.halted() {
		best, bestVal := -1, 0.0
		var bestW, bestS []int
		for pi, po := range f.parties {
			if done[pi] {
				continue
			}
			pj := &g.b.r.Projects[po.proj]
			w, val := f.pickWorkers(g, pi, uwBy[pi], pj)
			if len(w) < 2 {
				continue
			}
			val -= g.cost(po.col)
			if val <= bestVal {
				continue
			}
			s := f.pickSupervisors(g, pi, supBy[pi], pj)
			if s == nil {
				continue
			}
			best, bestVal, bestW, bestS = pi, val, w, s
		}
		if best < 0 {
			return
		}
		done[best] = true
		f.run(g, best, bestW, bestS)
	}
}

// run takes party pi into the greedy plan with workers w and supervisors s.
func (f *unpaidFamily) run(g *greedyState, pi int, w, s []int) {
	b := g.b
	po := f.parties[pi]
	pj := &b.r.Projects[po.proj]
	g.x[po.col] = 1
	women := 0
	for _, i := range w {
		o := f.uws[i]
		g.x[o.col] = 1
		g.left[o.req] -= pj.Hours
		g.uPartDay[pdUser{o.user, po.day}] = true
		for s := range b.slots {
			if b.daytime(slotIx(s)) {
				g.uBusy[udsKey{o.user, po.day, slotIx(s)}] = true
			}
		}
		g.members[po.group] = append(g.members[po.group], o.user)
		g.sit(o.user, b.projectSite(po.proj), po.day, -1, po.group)
		if b.r.ServiceUsers[o.user].Gender == model.GenderFemale {
			women++
		}
	}
	if col, ok := f.womenCol[pi]; ok && women > 0 {
		g.x[col] = 1
	}
	for _, i := range s {
		o := f.sups[i]
		g.x[o.col] = 1
		g.site[pdKey{o.prac, po.day}] = b.projectSite(po.proj)
		for s := range b.slots {
			if b.daytime(slotIx(s)) {
				g.pBusy[pdsKey{o.prac, po.day, slotIx(s)}] = true
			}
		}
		g.pHours[pdKey{o.prac, po.day}] += pj.Hours
	}
}

// pickWorkers chooses up to a party's places of people for party pi, most
// valuable first, leaving out a lone woman in a mixed party.
func (f *unpaidFamily) pickWorkers(g *greedyState, pi int, opts []int, pj *model.Project) ([]int, float64) {
	b := g.b
	po := f.parties[pi]
	type cand struct {
		i   int
		val float64
	}
	var cands []cand
	for _, i := range opts {
		o := f.uws[i]
		if g.left[o.req] < pj.Hours-tol || g.uPartDay[pdUser{o.user, po.day}] || g.userDayBusy(o.user, po.day) ||
			g.waitingClash(o.user, b.projectSite(po.proj), po.day, -1, po.group) {
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
	userOf := func(i int) userIx { return f.uws[i].user }
	seen := make(map[userIx]bool) // a person with two unpaid_work requirements has an option for each
	for _, c := range cands {
		if len(pick) == pj.Places {
			break
		}
		o := f.uws[c.i]
		if seen[o.user] || g.clashesWithin(o.user, pick, userOf) {
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
			if b.r.ServiceUsers[f.uws[i].user].Gender == model.GenderFemale {
				val -= g.unitValue(f.uws[i].req)*pj.Hours - g.cost(f.uws[i].col)
				pick = slices.Delete(pick, k, k+1)
				break
			}
		}
	}
	return pick, val
}

// pickSupervisors finds the supervisors party pi needs, free all day,
// preferring staff who hold no cases.
func (f *unpaidFamily) pickSupervisors(g *greedyState, pi int, opts []int, pj *model.Project) []int {
	b := g.b
	po := f.parties[pi]
	var cands []int
	for _, i := range opts {
		o := f.sups[i]
		if !g.canBe(o.prac, po.day, b.projectSite(po.proj)) || g.hoursLeft(o.prac, po.day) < pj.Hours-tol ||
			!g.staffRulesAllow(o.prac, po.day, b.daytimeSlots(), pj.Hours) {
			continue
		}
		free := true
		for s := range b.slots {
			if b.daytime(slotIx(s)) && g.pBusy[pdsKey{o.prac, po.day, slotIx(s)}] {
				free = false
			}
		}
		if free {
			cands = append(cands, i)
		}
	}
	need := pj.Supervisors
	if len(cands) < need {
		return nil
	}
	slices.SortStableFunc(cands, func(a, c int) int {
		return cmp.Compare(btoi(b.r.Practitioners[f.sups[a].prac].Grade.HoldsCases()), btoi(b.r.Practitioners[f.sups[c].prac].Grade.HoldsCases()))
	})
	return cands[:need]
}

func btoi(v bool) int {
	if v {
		return 1
	}
	return 0
}

// placesHoods are the people neighbourhoods of work-party places, day by
// day: one restriction of all of them spent 6 s diving through 40 nodes on
// 76,000 columns (the largest part of 25,000 cases) where the five days
// took 4 s for most of its gain.
func (f *unpaidFamily) placesHoods(b *builder, hs *hoodSet) {
	byDay := make(map[dayIx][]int)
	for _, o := range f.uws {
		d := f.parties[o.party].day
		byDay[d] = append(byDay[d], o.col)
	}
	for pi, c := range f.womenCol {
		d := f.parties[pi].day
		byDay[d] = append(byDay[d], c)
	}
	for d := range b.days {
		if len(byDay[dayIx(d)]) > 0 {
			hs.people(fmt.Sprint("work-party places on ", b.days[d].Weekday), byDay[dayIx(d)])
		}
	}
}

// partyHoods are the neighbourhoods of work parties day by day, with
// their supervisors' sites: which parties run, who supervises them and
// who joins them.
func (f *unpaidFamily) partyHoods(b *builder, hs *hoodSet) {
	for d := range b.days {
		free := hs.newFree()
		if !f.freeOn(b, free, map[dayIx]bool{dayIx(d): true}) {
			continue
		}
		for _, p := range b.pracs {
			if b.r.Practitioners[p].Skills.Has(skillUnpaidWork) {
				b.freeSites(free, p, dayIx(d))
			}
		}
		hs.add(hood{name: fmt.Sprint("work parties on ", b.days[d].Weekday), tight: true}, free)
	}
}

// freeOn frees the work parties on the days on holds, with their places,
// supervisors and "women present" columns; it reports whether there was
// any.
func (f *unpaidFamily) freeOn(b *builder, free []bool, on map[dayIx]bool) (any bool) {
	for pi, po := range f.parties {
		if on[po.day] {
			free[po.col], any = true, true
			if c, ok := f.womenCol[pi]; ok {
				free[c] = true
			}
		}
	}
	for _, o := range f.uws {
		free[o.col] = free[o.col] || on[f.parties[o.party].day]
	}
	for _, o := range f.sups {
		free[o.col] = free[o.col] || on[f.parties[o.party].day]
	}
	return any
}

// extract writes the work parties' sessions.csv and attendance.csv rows
// and the supervisors' days.
func (f *unpaidFamily) extract(ps *partSolution, ex *extraction) {
	r, b := ex.r, ps.b
	uwIv := unpaidWorkIntervention(r)
	for pi, po := range f.parties {
		if !ps.on(po.col) {
			continue
		}
		pj := &r.Projects[po.proj]
		d := ex.days[po.day]
		id := fmt.Sprintf("%s-%s-1", pj.ID, d.Date)
		k := b.projectSite(po.proj)
		var users, staff []string
		var workers []uwOpt
		for _, o := range f.uws {
			if o.party == pi && ps.on(o.col) {
				workers = append(workers, o)
			}
		}
		slices.SortFunc(workers, func(a, c uwOpt) int { return cmp.Compare(a.user, c.user) })
		for _, o := range workers {
			users = append(users, r.ServiceUsers[o.user].ID)
			ex.pl.Attendance = append(ex.pl.Attendance, plan.Attendance{
				ServiceUser: r.ServiceUsers[o.user].ID, Session: id, Kind: plan.KindWorkParty,
				Intervention: uwIv, Site: r.Sites[k].ID, Date: d.Date.String(), Weekday: d.Weekday.String(),
				Slot: plan.SlotDay, Hours: pj.Hours, TravelKm: round1(o.km),
			})
		}
		for _, o := range f.sups {
			if o.party == pi && ps.on(o.col) {
				staff = append(staff, r.Practitioners[o.prac].ID)
				for s := range b.slots {
					if b.daytime(slotIx(s)) {
						key := pdsKey{o.prac, po.day, slotIx(s)}
						ex.busy[key] = plan.ActivitySupervising
						ex.detail[key] = []string{id}
					}
				}
			}
		}
		ex.pl.Sessions = append(ex.pl.Sessions, plan.Session{
			ID: id, Kind: plan.KindWorkParty, Intervention: uwIv, Project: pj.ID, Site: r.Sites[k].ID,
			Date: d.Date.String(), Weekday: d.Weekday.String(), Slot: plan.SlotDay, Hours: pj.Hours,
			Staff: strings.Join(staff, " "), Attendees: strings.Join(users, " "), Size: len(users),
		})
	}
}

func unpaidWorkIntervention(r *model.Region) string {
	for _, iv := range r.Interventions {
		if iv.Kind == model.UnpaidWork {
			return iv.ID
		}
	}
	return ""
}

// explain says why unpaid-work requirement q is unmet, got hours planned.
func (f *unpaidFamily) explain(d *diagnosis, ps *partSolution, u userIx, q int, got float64) (string, bool) {
	if d.r.Requirements[q].Kind != model.KindUnpaidWork {
		return "", false
	}
	b, r := ps.b, d.r
	reach, womenOnly := false, false
	for j := range r.Projects {
		k := b.projectSite(j)
		switch {
		case k < 0:
		case !womenOnlyAdmits(r, int(u), r.Projects[j].WomenOnly || r.Sites[k].WomenOnly):
			// A women-only site's parties are for women, as a women-only project's.
			womenOnly = womenOnly || withinTravel(r, int(u), int(k))
		case b.reachable(u, k):
			reach = true
		}
	}
	switch {
	case !reach && womenOnly:
		return "not eligible: the unpaid-work projects within " + d.km() + " are for women only", true
	case !reach:
		return "no unpaid-work project within " + d.km(), true
	}
	f.index()
	var opts []uwOpt
	for _, i := range f.byReq[q] {
		opts = append(opts, f.uws[i])
	}
	if len(opts) == 0 {
		if why := f.noParty(b, u); why != "" {
			return why, true
		}
		return "not free for a full day when a work party they can reach runs", true
	}
	left := Due(r, q) - got
	minHours := 0.0
	for _, o := range opts {
		h := r.Projects[f.parties[o.party].proj].Hours
		if minHours == 0 || h < minHours {
			minHours = h
		}
	}
	if left < minHours-tol {
		return fmt.Sprintf("the hours left are less than a work-party day (%g h)", minHours), true
	}
	return f.blocked(d, ps, u, opts), true
}

// blocked says why each party option u had went unused; the commonest
// blocker is the reason.
func (f *unpaidFamily) blocked(d *diagnosis, ps *partSolution, u userIx, opts []uwOpt) string {
	b, r := ps.b, d.r
	su := &r.ServiceUsers[u]
	var full, busy, apart, lone int
	var nr notRunCount
	for _, o := range opts {
		po := f.parties[o.party]
		var members []string
		women := 0
		for _, i := range f.byParty[o.party] {
			if v := f.uws[i]; ps.on(v.col) {
				members = append(members, r.ServiceUsers[v.user].ID)
				if r.ServiceUsers[v.user].Gender == model.GenderFemale {
					women++
				}
			}
		}
		switch {
		case slices.Contains(members, su.ID):
			continue // the party they are in
		case !ps.on(po.col) && d.busyDay(su.ID, b.days[po.day].Date.String()):
			busy++ // not run, but they were booked that day anyway
		case !ps.on(po.col):
			nr.add(f.notRun(d, b, o.party))
			nr.need = max(nr.need, r.Projects[po.proj].Supervisors)
		case len(members) >= r.Projects[po.proj].Places:
			full++
		case d.busyDay(su.ID, b.days[po.day].Date.String()):
			busy++
		case d.meetsApart(u, members):
			apart++
		case r.Settings.NoLoneWoman && su.Gender == model.GenderFemale && women == 0:
			lone++
		default:
			return d.fallback()
		}
	}
	if joined := len(opts) - full - busy - apart - lone - nr.total(); joined == len(opts) {
		return fmt.Sprintf("they work in every party they could join (%d), and no other party runs on a day they could work", joined)
	}
	return commonest(
		blocker{nr.n[causeFewFree], fmt.Sprintf("too few people for a party of two: at most %d still due could work in a party they could join", nr.best[causeFewFree])},
		blocker{nr.n[causeFacilitatorsBusy], fmt.Sprintf("no supervisor free all day at a party they could join: at most %d of the %d needed", nr.best[causeFacilitatorsBusy], nr.need)},
		blocker{nr.n[causeCouldRun], d.fallback()},
		blocker{full, "work parties they could join were full: places used by higher-priority cases"},
		blocker{busy, "booked for something else on each day a party they could join ran"},
		blocker{apart, "every work party they could join holds someone they must not meet"},
		blocker{lone, "she would be the only woman in a mixed party (no lone woman)"},
	)
}

// noParty says why u, who may work in some project's party on one of its
// days, has no party option: the commonest cause over those project days,
// with its figures; "" when there is none.
func (f *unpaidFamily) noParty(b *builder, u userIx) string {
	r := b.r
	var closed, lone, noSup, small int
	need := 0
	for j := range r.Projects {
		pj := &r.Projects[j]
		k := b.projectSite(j)
		for day := range b.days {
			d := dayIx(day)
			if k < 0 || !pj.Days.Has(b.days[d].Weekday) || !b.canWork(u, j, d) {
				continue
			}
			switch {
			case pj.Places < 2:
				small++
			case !b.open(k, d):
				closed++
			case b.canStaff(skillUnpaidWork, d, k) < pj.Supervisors:
				noSup++
				need = max(need, pj.Supervisors)
			default:
				lone++
			}
		}
	}
	if closed+lone+noSup+small == 0 {
		return ""
	}
	return commonest(
		blocker{noSup, fmt.Sprintf("no supervisor with skill `%s` works at the project's site on the days its party could run (%d needed)", skillUnpaidWork, need)},
		blocker{lone, "too few people for a party of two: no one else could work in a party they could join"},
		blocker{closed, "the project's site is closed on the days its party could run"},
		blocker{small, "the project takes fewer than two people, too few for a party"},
	)
}

// notRun finds why party option pi did not run, from the model's options
// and the plan: the workers still due and free that day against a party of
// two, then the supervisors free all day at the project's site.
func (f *unpaidFamily) notRun(d *diagnosis, b *builder, pi int) (notRunCause, int) {
	r := d.r
	po := f.parties[pi]
	date := b.days[po.day].Date.String()
	free := make(map[userIx]bool)
	for _, i := range f.byParty[pi] {
		o := f.uws[i]
		if d.got[o.req] < Due(r, o.req)-1e-9 && !d.busyDay(r.ServiceUsers[o.user].ID, date) {
			free[o.user] = true
		}
	}
	if len(free) < 2 {
		return causeFewFree, len(free)
	}
	site := r.Sites[b.projectSite(po.proj)].ID
	sups := 0
	for _, s := range f.sups {
		if s.party != pi {
			continue
		}
		id := r.Practitioners[s.prac].ID
		if at, ok := d.staffAt[[2]string{id, date}]; ok && at != site {
			continue
		}
		if !d.busyStaffDay(id, date) {
			sups++
		}
	}
	if sups < r.Projects[po.proj].Supervisors {
		return causeFacilitatorsBusy, sups
	}
	return causeCouldRun, 0
}
