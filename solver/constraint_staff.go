package solver

import "slices"

// Staff rota: each practitioner is at one place on each day they work.
// A site reserved to an area (sites.csv area) is a candidate only for that
// area's staff, and serves only that area's people (builder.reachable).
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
type staffDay struct {
	sites []int
	cols  []int // column of z per site; -1 where the site is fixed
	usual int   // the pattern's site, or -1
}

// at returns the column of z[p,d,k] (-1 when the site is certain) and
// whether k is a candidate at all.
func (b *builder) at(p, d, k int) (col int, ok bool) {
	sd := b.loc[pdKey{p, d}]
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

// staffLocations decides K(p,d) and makes the z columns.
func (b *builder) staffLocations() {
	r := b.r
	// Sites where each practitioner's work could take them, by day.
	want := make(map[pdKey][]int)
	addWant := func(p, d, k int) {
		if r.SiteServes(k, r.AreaOfTeam(r.Practitioners[p].Team)) {
			want[pdKey{p, d}] = append(want[pdKey{p, d}], k)
		}
	}

	// Case managers: sites within reach of their people due an appointment.
	for _, u := range b.users {
		if !b.hasAppointment(u) {
			continue
		}
		cm, ok := b.caseManager(u)
		if !ok || !b.inPrac[cm] {
			continue
		}
		for k := range r.Sites {
			if r.Sites[k].InterviewRooms == 0 || !b.reachable(u, k) {
				continue
			}
			for d := range b.days {
				if b.open(k, d) && b.works(cm, d) {
					addWant(cm, d, k)
				}
			}
		}
	}
	// Facilitators: sites of sessions their skills could run.
	for _, so := range b.sess {
		skill := r.Interventions[so.key.iv].Skill
		for _, p := range b.pracs {
			if r.Practitioners[p].Skills.Has(skill) && b.works(p, so.key.day) {
				addWant(p, so.key.day, so.key.site)
			}
		}
	}
	// Supervisors: sites of work parties.
	for _, po := range b.parties {
		k := b.projectSite(po.proj)
		for _, p := range b.pracs {
			if r.Practitioners[p].Skills.Has(skillUnpaidWork) && b.works(p, po.day) {
				addWant(p, po.day, k)
			}
		}
	}

	penalty := r.Settings.PatternChangePenalty
	for _, p := range b.pracs {
		pr := &r.Practitioners[p]
		base, _ := r.SiteIndex(pr.BaseSite)
		for d := range b.days {
			if !b.works(p, d) {
				continue
			}
			sd := &staffDay{usual: -1}
			if id, ok := pr.Pattern.Site(b.days[d].Weekday); ok {
				sd.usual, _ = r.SiteIndex(id)
			}
			switch {
			case sd.usual >= 0 && penalty < 0:
				sd.sites = []int{sd.usual}
			default:
				sites := append([]int{base}, want[pdKey{p, d}]...)
				if sd.usual >= 0 {
					sites = append(sites, sd.usual)
				}
				slices.Sort(sites)
				sd.sites = slices.Compact(sites)
			}
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
			b.loc[pdKey{p, d}] = sd
		}
	}
}

// staffRows adds Σ_k z[p,d,k] = 1 for every practitioner-day with a choice.
func (b *builder) staffRows() {
	for _, p := range b.pracs {
		for d := range b.days {
			sd := b.loc[pdKey{p, d}]
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
func (b *builder) link(name string, col, p, d, k int) bool {
	z, ok := b.at(p, d, k)
	if !ok {
		return false
	}
	if z >= 0 {
		var e lin
		e.add(col, 1)
		e.add(z, -1)
		b.le(name, e, 0)
	}
	return true
}

const skillUnpaidWork = "unpaid_work"

// caseManager is service user u's case manager, if any.
func (b *builder) caseManager(u int) (int, bool) {
	id := b.r.ServiceUsers[u].CaseManager
	if id == "" {
		return -1, false
	}
	return b.r.PractitionerIndex(id)
}

func (b *builder) projectSite(j int) int {
	k, _ := b.r.SiteIndex(b.r.Projects[j].Site)
	return k
}

// canBeAt reports whether practitioner p could be at site k on day d,
// before the z columns exist (pattern fixed elsewhere rules it out).
func (b *builder) canBeAt(p, d, k int) bool {
	pr := &b.r.Practitioners[p]
	if !b.works(p, d) || !b.r.SiteServes(k, b.r.AreaOfTeam(pr.Team)) {
		return false
	}
	if id, ok := pr.Pattern.Site(b.days[d].Weekday); ok && b.r.Settings.PatternChangePenalty < 0 {
		return id == b.r.Sites[k].ID
	}
	return true
}
