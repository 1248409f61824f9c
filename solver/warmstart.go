package solver

import (
	"github.com/probation/rota/model/plan"
)

// warmSites reads a previous rota's practitioner sites as the greedy
// start's preferred sites (greedyWith): each practitioner of the part at
// the site the rota gave them on the same weekday, where that site is one
// of the day's candidates. Last week's plan of the same region is a good
// start for this week's: the week's staff decisions are the hard part of
// the model (SCALE-NOTES), and the sites of a settled team change little
// from one week to the next. Nil when pl is nil or gives no site.
func (b *builder) warmSites(pl *plan.Plan) map[pdKey]siteIx {
	if pl == nil {
		return nil
	}
	type pw struct{ prac, weekday string }
	site := make(map[pw]string)
	for _, s := range pl.Staff {
		if s.Site != "" {
			site[pw{s.Practitioner, s.Weekday}] = s.Site
		}
	}
	out := make(map[pdKey]siteIx)
	for key, sd := range b.staff.loc {
		id, ok := site[pw{b.r.Practitioners[key.prac].ID, b.days[key.day].Weekday.String()}]
		if !ok {
			continue
		}
		k, ok := b.r.SiteIndex(id)
		if !ok {
			continue
		}
		for _, c := range sd.sites {
			if c == siteIx(k) {
				out[key] = c
				break
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
