package solver

import (
	"fmt"

	"github.com/probation/rota/model"
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
//	cost weight.session_run · w[j,d]
//
// The party takes the day: personSlotRows and the practitioners' busy rows
// count v and g in every daytime slot.
func (b *builder) partyOptions() {
	r := b.r
	var workers []userReq
	for _, u := range b.users {
		for _, q := range b.reqsOf()[u] {
			if r.Requirements[q].Kind == model.KindUnpaidWork && Due(r, q) > 0 {
				workers = append(workers, userReq{u, q})
			}
		}
	}
	b.workers = workers
	for j := range r.Projects {
		pj := &r.Projects[j]
		k := b.projectSite(j)
		if k < 0 || pj.Places < 2 {
			continue
		}
		for d := range b.days {
			if !pj.Days.Has(b.days[d].Weekday) || !b.open(k, d) {
				continue
			}
			sups := 0
			for _, p := range b.pracs {
				if r.Practitioners[p].Skills.Has(skillUnpaidWork) && b.canBeAt(p, d, k) {
					sups++
				}
			}
			if sups < max(1, pj.Supervisors) {
				continue
			}
			n := 0
			for _, w := range workers {
				if b.canWork(w.user, j, d) {
					n++
				}
			}
			if n < 2 {
				continue
			}
			col := b.addBinary(colName("w_", pj.ID, "_", b.days[d].Weekday), r.Settings.Weights.SessionRun)
			b.parties = append(b.parties, partyOpt{col: col, proj: j, day: d})
		}
	}
}

func (b *builder) canWork(u, j, d int) bool {
	pj := &b.r.Projects[j]
	if pj.WomenOnly && b.r.ServiceUsers[u].Gender != model.GenderFemale {
		return false
	}
	return b.reachable(u, b.projectSite(j)) && b.availableDay(u, d)
}

func (b *builder) workPartyOptions() {
	r := b.r
	for pi, po := range b.parties {
		for _, w := range b.workers {
			if !b.canWork(w.user, po.proj, po.day) {
				continue
			}
			km := b.km(w.user, b.projectSite(po.proj))
			col := b.addBinary(colName("v_", r.ServiceUsers[w.user].ID, "_", r.Projects[po.proj].ID, "_", po.day),
				r.Settings.Weights.TravelKm*km)
			b.uws = append(b.uws, uwOpt{col: col, user: w.user, req: w.req, party: pi, km: km})
		}
	}
	for _, w := range b.workers {
		b.addSlack(w.req)
	}
}

func (b *builder) supervisorOptions() {
	r := b.r
	for pi, po := range b.parties {
		k := b.projectSite(po.proj)
		for _, p := range b.pracs {
			if !r.Practitioners[p].Skills.Has(skillUnpaidWork) {
				continue
			}
			if _, ok := b.at(p, po.day, k); !ok {
				continue
			}
			col := b.addBinary(colName("g_", r.Practitioners[p].ID, "_", r.Projects[po.proj].ID, "_", po.day), 0)
			b.sups = append(b.sups, supOpt{col: col, prac: p, party: pi})
			b.supBy[pdKey{p, po.day}] = append(b.supBy[pdKey{p, po.day}], col)
			b.supHours[col] = projectHours(&r.Projects[po.proj])
		}
	}
}

func projectHours(pj *model.Project) float64 {
	if pj.Hours > 0 {
		return pj.Hours
	}
	return 7
}

func (b *builder) workPartyRows() {
	r := b.r
	due := newRowSet[int]()
	people := make([]lin, len(b.parties))
	women := make([]lin, len(b.parties))
	type ud struct{ u, d int }
	perDay := newRowSet[ud]()
	dayClass := make(map[ud]string)
	for _, o := range b.uws {
		po := b.parties[o.party]
		due.add(o.req, o.col, projectHours(&r.Projects[po.proj]))
		people[o.party].add(o.col, 1)
		if r.ServiceUsers[o.user].Gender == model.GenderFemale {
			women[o.party].add(o.col, 1)
		}
		perDay.add(ud{o.user, po.day}, o.col, 1)
		if _, ok := dayClass[ud{o.user, po.day}]; !ok {
			dayClass[ud{o.user, po.day}] = b.reqClass(o.req)
		}
		var e lin
		e.add(o.col, 1)
		e.add(po.col, -1)
		b.le("vlink", e, 0)
	}
	b.dueRows(model.KindUnpaidWork, due)
	for i, e := range perDay.rows {
		if len(e.idx) > 1 {
			k := perDay.keys[i]
			b.family(b.le(colName("uwday_", k.u, "_", k.d), e, 1), fmt.Sprint("uwday|", dayClass[k], "|", k.d))
		}
	}
	sups := make([]lin, len(b.parties))
	for _, o := range b.sups {
		sups[o.party].add(o.col, 1)
		b.link("glink", o.col, o.prac, b.parties[o.party].day, b.projectSite(b.parties[o.party].proj))
		var e lin
		e.add(o.col, 1)
		e.add(b.parties[o.party].col, -1)
		b.le("grun", e, 0)
	}
	for pi, po := range b.parties {
		pj := &r.Projects[po.proj]
		name := colName("_", pj.ID, "_", po.day)
		lo := people[pi]
		lo.add(po.col, -2)
		b.ge("partymin"+name, lo, 0)
		hi := lin{idx: append([]int(nil), people[pi].idx...), val: append([]float64(nil), people[pi].val...)}
		hi.add(po.col, -float64(pj.Places))
		b.le("partymax"+name, hi, 0)
		s := sups[pi]
		s.add(po.col, -float64(max(1, pj.Supervisors)))
		b.eq("supervisors"+name, s, 0)
		// No lone woman: only needed where men could be there too.
		if r.Settings.NoLoneWoman && !women[pi].empty() && len(women[pi].idx) < len(people[pi].idx) {
			l := b.addBinary("women"+name, 0)
			b.womenCol[pi] = l
			wl := women[pi]
			wl.add(l, -2)
			b.ge("lonewoman"+name, wl, 0)
			wh := lin{idx: append([]int(nil), women[pi].idx...), val: append([]float64(nil), women[pi].val...)}
			wh.add(l, -float64(pj.Places))
			b.le("womenparty"+name, wh, 0)
		}
	}
}
