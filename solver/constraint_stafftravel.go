package solver

import (
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Staff travel and idle days. Practitioner p's day at site k costs their
// journey from base, and a day away from base needs work there:
//
//	cost  weight.staff_km · km(base_p, k) · z[p,d,k]            (a fixed site: the objective's offset)
//	z[p,d,k] ≤ Σ_{options o of p at k on d} o                    (k ≠ base_p, k ≠ the usual pattern's site)
//
// A day at the usual pattern's site with nothing booked is allowed (the
// pattern fixes it) and the summary lists it as an idle day.
//
// Checker rule: staff.idle-day (and the objective term staff_travel).
type staffTravelFamily struct{ noShare }

func (*staffTravelFamily) name() string { return "staff travel" }

// staffKm is the straight-line km from practitioner p's base to site k.
func staffKm(r *model.Region, p, k int) float64 {
	b, ok := r.SiteIndex(r.Practitioners[p].BaseSite)
	if !ok {
		return 0
	}
	return model.DistanceKm(r.Sites[b].Lat, r.Sites[b].Lon, r.Sites[k].Lat, r.Sites[k].Lon)
}

// columns prices the z columns (the staff family's) by their km, and a
// practitioner-day at a fixed site in the offset.
func (*staffTravelFamily) columns(b *builder) {
	w := b.r.Settings.Weights.StaffKm
	if w == 0 {
		return
	}
	for _, p := range b.pracs {
		for d := range b.days {
			sd := b.staff.loc[pdKey{p, dayIx(d)}]
			if sd == nil {
				continue
			}
			for i, k := range sd.sites {
				c := w * staffKm(b.r, int(p), int(k))
				if sd.cols[i] < 0 {
					b.p.Offset += c
				} else {
					b.p.SetCost(sd.cols[i], b.p.Col(sd.cols[i]).Cost+c)
				}
			}
		}
	}
}

// rows adds z[p,d,k] ≤ Σ options at k, away from base and the usual site.
func (*staffTravelFamily) rows(b *builder) {
	r := b.r
	at := make(map[pdKey]map[siteIx]*lin)
	for _, a := range b.staffActs() {
		k := pdKey{a.prac, a.day}
		if at[k] == nil {
			at[k] = make(map[siteIx]*lin)
		}
		if at[k][a.site] == nil {
			at[k][a.site] = &lin{}
		}
		at[k][a.site].add(a.col, -1)
	}
	for _, p := range b.pracs {
		pr := &r.Practitioners[p]
		base, _ := r.SiteIndex(pr.BaseSite)
		for d := range b.days {
			key := pdKey{p, dayIx(d)}
			sd := b.staff.loc[key]
			if sd == nil {
				continue
			}
			for i, k := range sd.sites {
				if sd.cols[i] < 0 || int(k) == base || k == sd.usual {
					continue
				}
				var e lin
				e.add(sd.cols[i], 1)
				if acts := at[key][k]; acts != nil {
					e.idx = append(e.idx, acts.idx...)
					e.val = append(e.val, acts.val...)
				}
				b.le(colName("idle_", pr.ID, "_", d, "_", r.Sites[k].ID), e, 0)
			}
		}
	}
}

// repair sends home, in the greedy plan, a practitioner-day at a site
// other than base and the usual one with nothing booked.
func (*staffTravelFamily) repair(g *greedyState) {
	b := g.b
	for key, sd := range b.staff.loc {
		k, ok := g.site[key]
		if !ok || len(sd.sites) < 2 {
			continue
		}
		base, _ := b.r.SiteIndex(b.r.Practitioners[key.prac].BaseSite)
		if int(k) == base || k == sd.usual || g.worked(key.prac, key.day, false) || g.worked(key.prac, key.day, true) || g.busyDay(key) {
			continue
		}
		g.site[key] = siteIx(base)
	}
}

// busyDay reports whether p has anything in any slot of d in the greedy plan.
func (g *greedyState) busyDay(key pdKey) bool {
	for s := range g.b.slots {
		if k := (pdsKey{key.prac, key.day, slotIx(s)}); g.pBusy[k] || g.pAppts[k] > 0 {
			return true
		}
	}
	return false
}

// daytimeSlots are the slots a work party fills.
func (b *builder) daytimeSlots() []slotIx {
	var out []slotIx
	for s := range b.slots {
		if b.daytime(slotIx(s)) {
			out = append(out, slotIx(s))
		}
	}
	return out
}

// staffDays are the first staff.csv row of each practitioner's day (the
// site is the same on every row of a day).
func staffDays(pl *plan.Plan) []plan.StaffRow {
	var out []plan.StaffRow
	seen := make(map[[2]string]bool)
	for _, s := range pl.Staff {
		k := [2]string{s.Practitioner, s.Date}
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// staffTravel is the objective's staff_travel term of a plan:
// weight.staff_km × km from base to the day's site, once for each
// practitioner's day in staff.csv.
func staffTravel(r *model.Region, pl *plan.Plan) float64 {
	w := r.Settings.Weights.StaffKm
	t := 0.0
	for _, s := range staffDays(pl) {
		p, ok1 := r.PractitionerIndex(s.Practitioner)
		site, ok2 := r.SiteIndex(s.Site)
		if ok1 && ok2 {
			t += w * staffKm(r, p, site)
		}
	}
	return t
}
