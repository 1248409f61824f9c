package solver

import (
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Staff rota: each practitioner is at one place on each day they work.
// A site reserved to an area (sites.csv area) is a candidate only for that
// area's staff, and serves only that area's people (reaches).
//
// For practitioner p and working day d, K(p,d) is the set of candidate
// sites: the site of their usual weekly pattern for d when one is given and
// patterns are fixed (settings pattern_change_penalty < 0); otherwise their
// base and every site open that day where they could do something (a case
// of theirs within reach, a session their skills could run, a work party
// they could supervise). With z[p,d,k] ∈ {0,1}:
//
//	Σ_{k∈K(p,d)} z[p,d,k] = 1                          (one place a day)
//	cost  pattern_change_penalty · z[p,d,k]  for k ≠ pattern site (when a pattern may change)
//
// Where K(p,d) has one site, z is the constant 1 and no column is made.
// Every appointment, session and work party of p on d is tied to z by the
// linking rows of its own family (option ≤ z[p,d,k]).
//
// Checker rules: staff.one-site-a-day, staff.working-day, staff.site-open,
// staff.site-area, staff.activity-site, staff.pattern.
type staffFamily struct {
	noShare
	loc map[pdKey]*siteChoice // K(p,d) and its columns
}

// siteChoice is K(p,d) of one practitioner-day.
type siteChoice struct {
	sites []siteIx
	cols  []int  // column of z per site; -1 where the site is fixed
	usual siteIx // the pattern's site, or -1
}

func (*staffFamily) name() string { return "staff" }

// at returns the column of z[p,d,k] (-1 when the site is certain) and
// whether k is a candidate at all.
func (b *builder) at(p pracIx, d dayIx, k siteIx) (col int, ok bool) {
	sd := b.staff.loc[pdKey{p, d}]
	if sd == nil {
		return -1, false
	}
	for i, s := range sd.sites {
		if s == k {
			return sd.cols[i], true
		}
	}
	return -1, false
}

// columns decides K(p,d) and makes the z columns.
func (f *staffFamily) columns(b *builder) {
	r := b.r
	want := f.wantedSites(b)
	penalty := r.Settings.PatternChangePenalty
	for _, p := range b.pracs {
		pr := &r.Practitioners[p]
		base, _ := r.SiteIndex(pr.BaseSite)
		for d := range b.days {
			day := dayIx(d)
			if !b.works(p, day) {
				continue
			}
			sd := &siteChoice{usual: -1}
			if id, ok := usualFor(r, int(p), b.days[d].Weekday); ok {
				k, _ := r.SiteIndex(id)
				sd.usual = siteIx(k)
			}
			switch {
			case sd.usual >= 0 && penalty < 0:
				sd.sites = []siteIx{sd.usual}
			default:
				sites := append([]siteIx{siteIx(base)}, want[pdKey{p, day}]...)
				if sd.usual >= 0 {
					sites = append(sites, sd.usual)
				}
				slices.Sort(sites)
				sd.sites = slices.Compact(sites)
			}
			admitStaff(r, p, sd)
			sd.cols = make([]int, len(sd.sites))
			for i, k := range sd.sites {
				sd.cols[i] = -1
				if len(sd.sites) == 1 {
					continue
				}
				cost := 0.0
				if sd.usual >= 0 && k != sd.usual {
					cost = penalty
				}
				sd.cols[i] = b.addBinary(colName("z_", pr.ID, "_", b.days[d].Weekday, "_", r.Sites[k].ID), cost)
			}
			f.loc[pdKey{p, day}] = sd
		}
	}
}

// wantedSites lists, by practitioner and day, the sites where their work
// could take them: case managers to sites within reach of their people
// due an appointment, facilitators to sessions their skills could run,
// supervisors to work parties.
func (f *staffFamily) wantedSites(b *builder) map[pdKey][]siteIx {
	r := b.r
	want := make(map[pdKey][]siteIx)
	addWant := func(p pracIx, d dayIx, k siteIx) {
		if r.SiteServes(int(k), r.AreaOfTeam(r.Practitioners[p].Team)) {
			want[pdKey{p, d}] = append(want[pdKey{p, d}], k)
		}
	}
	for _, u := range b.users {
		if !b.hasAppointment(u) {
			continue
		}
		cm, ok := b.caseManager(u)
		if !ok || !b.inPrac[cm] {
			continue
		}
		for k := range r.Sites {
			if r.Sites[k].InterviewRooms == 0 || !b.reachable(u, siteIx(k)) {
				continue
			}
			for d := range b.days {
				if b.open(siteIx(k), dayIx(d)) && b.works(cm, dayIx(d)) {
					addWant(cm, dayIx(d), siteIx(k))
				}
			}
		}
	}
	for _, so := range b.sessions.opts {
		skill := r.Interventions[so.key.iv].Skill
		for _, p := range b.pracs {
			if r.Practitioners[p].Skills.Has(skill) && b.works(p, so.key.day) {
				addWant(p, so.key.day, so.key.site)
			}
		}
	}
	for _, po := range b.unpaid.parties {
		k := b.projectSite(po.proj)
		for _, p := range b.pracs {
			if r.Practitioners[p].Skills.Has(skillUnpaidWork) && b.works(p, po.day) {
				addWant(p, po.day, k)
			}
		}
	}
	b.pins.wantedSites(b, want)
	return want
}

// rows adds Σ_k z[p,d,k] = 1 for every practitioner-day with a choice.
func (f *staffFamily) rows(b *builder) {
	for _, p := range b.pracs {
		for d := range b.days {
			sd := f.loc[pdKey{p, dayIx(d)}]
			if sd == nil || len(sd.sites) < 2 {
				continue
			}
			var e lin
			for _, c := range sd.cols {
				e.add(c, 1)
			}
			b.eq(colName("oneplace_", b.r.Practitioners[p].ID, "_", b.days[d].Weekday), e, 1)
		}
	}
}

// link adds option ≤ z[p,d,k] when the site is a choice; it reports whether
// p can be at k on d at all.
func (b *builder) link(name string, col int, p pracIx, d dayIx, k siteIx) bool {
	z, ok := b.at(p, d, k)
	if !ok {
		return false
	}
	if z >= 0 {
		b.onlyWith(name, col, z)
	}
	return true
}

const skillUnpaidWork = "unpaid_work"

// caseManager is service user u's case manager, if any.
func (b *builder) caseManager(u userIx) (pracIx, bool) {
	id := b.r.ServiceUsers[u].CaseManager
	if id == "" {
		return -1, false
	}
	p, ok := b.r.PractitionerIndex(id)
	return pracIx(p), ok
}

// canBeAt reports whether practitioner p could be at site k on day d,
// before the z columns exist (pattern fixed elsewhere rules it out).
func (b *builder) canBeAt(p pracIx, d dayIx, k siteIx) bool {
	pr := &b.r.Practitioners[p]
	if !b.works(p, d) || !b.r.SiteServes(int(k), b.r.AreaOfTeam(pr.Team)) {
		return false
	}
	if id, ok := usualFor(b.r, int(p), b.days[d].Weekday); ok && b.r.Settings.PatternChangePenalty < 0 {
		return id == b.r.Sites[k].ID
	}
	return staffs(b.r, int(p), int(k))
}

// canStaff counts the practitioners holding skill who could be at site k
// on day d.
func (b *builder) canStaff(skill string, d dayIx, k siteIx) int {
	n := 0
	for _, p := range b.pracs {
		if b.r.Practitioners[p].Skills.Has(skill) && b.canBeAt(p, d, k) {
			n++
		}
	}
	return n
}

// freeSites frees practitioner p's site columns on day d.
func (b *builder) freeSites(free []bool, p pracIx, d dayIx) {
	if sd := b.staff.loc[pdKey{p, d}]; sd != nil {
		for _, c := range sd.cols {
			if c >= 0 {
				free[c] = true
			}
		}
	}
}

// freeOn frees every practitioner's sites on the days on holds.
func (f *staffFamily) freeOn(b *builder, free []bool, on map[dayIx]bool) bool {
	for _, p := range b.pracs {
		for d := range b.days {
			if on[dayIx(d)] {
				b.freeSites(free, p, dayIx(d))
			}
		}
	}
	return false
}

// relaxedSites reads, from a solution y of the relaxation, the site where
// each practitioner with a choice is most on each day (the class
// relaxation keeps every z column as it is).
func (f *staffFamily) relaxedSites(rl *relaxation, y []float64) map[pdKey]siteIx {
	out := make(map[pdKey]siteIx)
	for key, sd := range f.loc {
		best := -1.0
		for i, c := range sd.cols {
			if c < 0 {
				continue
			}
			if v := y[rl.col[c]]; v > best+1e-9 {
				best = v
				out[key] = sd.sites[i]
			}
		}
	}
	return out
}

// greedy fixes, for the greedy start, where each case manager with a free
// choice spends each day: the relaxation's site (prefer) when it is a
// candidate, else the candidate site whose due appointments are worth
// most, counting each person's value over the days they could be seen
// there.
func (f *staffFamily) greedy(g *greedyState) {
	b := g.b
	worth := make(map[pdKey]map[siteIx]float64)
	days := make(map[int]map[dayIx]bool)
	for _, o := range b.appts.opts {
		if days[o.req] == nil {
			days[o.req] = make(map[dayIx]bool)
		}
		days[o.req][o.day] = true
	}
	for _, o := range b.appts.opts {
		k := pdKey{o.cm, o.day}
		if worth[k] == nil {
			worth[k] = make(map[siteIx]float64)
		}
		worth[k][o.site] += g.unitValue(o.req) / float64(len(days[o.req]))
	}
	for _, p := range b.pracs {
		for d := range b.days {
			key := pdKey{p, dayIx(d)}
			sd := f.loc[key]
			if sd == nil {
				continue
			}
			if _, ok := g.site[key]; ok {
				continue
			}
			if k, ok := g.prefer[key]; ok && slices.Contains(sd.sites, k) {
				g.site[key] = k
				continue
			}
			best, bestW := sd.sites[0], -1.0
			for _, k := range sd.sites {
				w := worth[key][k]
				if k == sd.usual {
					w += 1e-6 // stay where usual when nothing differs
				}
				if w > bestW {
					best, bestW = k, w
				}
			}
			g.site[key] = best
		}
	}
}

// complete sets the z columns of the greedy plan to the sites fixed.
func (f *staffFamily) complete(g *greedyState) {
	for key, sd := range f.loc {
		for i, c := range sd.cols {
			if c >= 0 && sd.sites[i] == g.site[key] {
				g.x[c] = 1
			}
		}
	}
}

// extract records where each practitioner of the part is each day.
func (f *staffFamily) extract(ps *partSolution, ex *extraction) {
	for key, sd := range f.loc {
		ex.site[key] = sd.sites[0]
		for i, c := range sd.cols {
			if c >= 0 && ps.on(c) {
				ex.site[key] = sd.sites[i]
			}
		}
	}
}

// staffRota writes staff.csv: every practitioner, working day and slot, in
// input order, with the activity extraction recorded. Practitioners of
// parts not planned (a cancelled solve) are at their usual site or base.
func staffRota(r *model.Region, ex *extraction) {
	days := ex.days
	for p := range r.Practitioners {
		pr := &r.Practitioners[p]
		for d := range days {
			if !worksOn(r, p, days[d]) {
				continue
			}
			k, ok := ex.site[pdKey{pracIx(p), dayIx(d)}]
			if !ok {
				k = restingSite(r, p, d)
			}
			for s, sl := range r.Settings.Slots {
				key := pdsKey{pracIx(p), dayIx(d), slotIx(s)}
				act, detail := ex.busy[key], joinIDs(ex.detail[key])
				if act == "" {
					act = plan.ActivityOffice
				}
				if act == plan.ActivityOffice && r.Absent(p, days[d].Weekday, s) {
					act, detail = plan.ActivityAbsent, string(r.AbsenceReason(p, days[d].Weekday, s))
				}
				ex.pl.Staff = append(ex.pl.Staff, plan.StaffRow{
					Practitioner: pr.ID, Name: pr.Name, Date: days[d].Date.String(), Weekday: days[d].Weekday.String(),
					Site: r.Sites[k].ID, Slot: sl.Name, Activity: act, Detail: detail,
				})
			}
		}
	}
}

// restingSite is where a practitioner with nothing planned is: their usual
// site for the day, else their base.
func restingSite(r *model.Region, p, d int) siteIx {
	pr := &r.Practitioners[p]
	if id, ok := usualFor(r, p, r.Days()[d].Weekday); ok {
		if k, ok := r.SiteIndex(id); ok {
			return siteIx(k)
		}
	}
	k, _ := r.SiteIndex(pr.BaseSite)
	return siteIx(k)
}
