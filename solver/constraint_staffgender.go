package solver

import "github.com/probation/rota/model"

// Who may staff a site or a group: a unit of the staff and sessions
// families, kept apart from their older rules.
//
// A site with women_staff (sites.csv) takes women practitioners only
// (practitioners.csv gender female): it is never a candidate site of
// anyone else, K(p,d) ∌ k, so no z, appointment, facilitation or
// supervision of theirs is made there; a usual pattern that sends them to
// one is not followed that day (the loader warns). An intervention with
// facilitator_genders female is facilitated by women only: no f column
// is made for anyone else. One with facilitator_genders mixed and two or
// more facilitators has, for each session option o,
//
//	Σ_{p female} f[p,o] ≥ r_o,   Σ_{p male} f[p,o] ≥ r_o   (a woman and a man in every session)
//
// Checker rules: staff.women-staff, session.facilitator-genders.

// admitStaff drops from a practitioner-day's candidate sites those p may
// not staff, and the usual site with them; it keeps the base (the loader
// refuses a base p may not staff).
func admitStaff(r *model.Region, p pracIx, sd *siteChoice) {
	if sd.usual >= 0 && !staffs(r, int(p), int(sd.usual)) {
		sd.usual = -1
	}
	kept := sd.sites[:0]
	for _, k := range sd.sites {
		if staffs(r, int(p), int(k)) {
			kept = append(kept, k)
		}
	}
	sd.sites = kept
}

// usualFor is p's usual site on day d by their pattern, when the pattern
// fixes one they may staff.
func usualFor(r *model.Region, p int, d model.Weekday) (string, bool) {
	id, ok := r.Practitioners[p].Pattern.Site(d)
	if !ok {
		return "", false
	}
	if k, ok := r.SiteIndex(id); ok && !staffs(r, p, k) {
		return "", false
	}
	return id, true
}

// mixedRows adds, for each session option of a mixed intervention, a
// woman and a man among its facilitators for every session run.
func (f *sessionFamily) mixedRows(b *builder) {
	r := b.r
	women := make(map[int]*lin)
	men := make(map[int]*lin)
	for _, o := range f.facs {
		iv := &r.Interventions[f.opts[o.sess].key.iv]
		if !iv.Mixed() {
			continue
		}
		g := r.Practitioners[o.prac].Gender
		switch {
		case g.Female():
			if women[o.sess] == nil {
				women[o.sess] = &lin{}
			}
			women[o.sess].add(o.col, 1)
		case g.Male():
			if men[o.sess] == nil {
				men[o.sess] = &lin{}
			}
			men[o.sess].add(o.col, 1)
		}
	}
	for si, so := range f.opts {
		iv := &r.Interventions[so.key.iv]
		if !iv.Mixed() {
			continue
		}
		name := colName("_", iv.ID, "_", r.Sites[so.key.site].ID, "_", int(so.key.day), int(so.key.slot))
		for _, side := range []struct {
			prefix string
			e      *lin
		}{{"facwoman", women[si]}, {"facman", men[si]}} {
			var e lin
			if side.e != nil {
				e = side.e.clone()
			}
			e.add(so.col, -1)
			b.ge(side.prefix+name, e, 0)
		}
	}
}

// chooseFacilitators takes n of the candidates, best first; for a mixed
// intervention a woman and a man come first, and nil is returned when
// the candidates hold no pair.
func chooseFacilitators(r *model.Region, f *sessionFamily, iv *model.Intervention, cands []int) []int {
	n := iv.Facilitators
	if !iv.Mixed() {
		return cands[:n]
	}
	woman, man := -1, -1
	for i, c := range cands {
		g := r.Practitioners[f.facs[c].prac].Gender
		if woman < 0 && g.Female() {
			woman = i
		}
		if man < 0 && g.Male() {
			man = i
		}
	}
	if woman < 0 || man < 0 {
		return nil
	}
	out := []int{cands[woman], cands[man]}
	for i, c := range cands {
		if len(out) == n {
			break
		}
		if i != woman && i != man {
			out = append(out, c)
		}
	}
	return out
}
