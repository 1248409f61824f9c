package check

import (
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// checkStaffRules checks the rules that make a practitioner's week one
// they can work (issue 15): one shift a day, evenings only on late days
// (staff.shift, staff.late-days), face-to-face hours within their contact
// share (staff.contact), no idle day away from base that the usual
// pattern does not fix (staff.idle-day); and it prices staff travel from
// base to the day's site (the objective's staff_travel term).
//
// A slot is an evening slot when it starts at 17:00 or later and a
// morning slot when it starts before 12:00; a late shift is the slots
// from 12:00 on.
func (c *checker) checkStaffRules() {
	type dayWork struct {
		morning, evening string // where the first such activity is
		sites            map[string]bool
	}
	work := make(map[pday]*dayWork)
	contact := make(map[string]float64)
	contactAt := make(map[string]string)
	note := func(who string, d int, slots []int, site *model.Site, hours float64, at string) {
		w := work[pday{who, d}]
		if w == nil {
			w = &dayWork{sites: make(map[string]bool)}
			work[pday{who, d}] = w
		}
		w.sites[site.ID] = true
		for _, s := range slots {
			if s < 0 || s >= len(c.s.Slots) {
				continue
			}
			switch st := c.s.Slots[s].Start; {
			case st >= 17*60 && w.evening == "":
				w.evening = at
			case st < 12*60 && w.morning == "":
				w.morning = at
			}
		}
		contact[who] += hours
		if contactAt[who] == "" {
			contactAt[who] = at
		}
	}
	for i := range c.appts {
		if a := &c.appts[i]; a.ok {
			note(a.cm.ID, a.day, []int{a.slot}, a.site, float64(c.apptMinutes())/60, where(plan.AppointmentsFile, i))
		}
	}
	for i := range c.sess {
		if s := &c.sess[i]; s.ok {
			for _, p := range s.staff {
				note(p, s.day, s.slots, s.site, s.hours, where(plan.SessionsFile, i))
			}
		}
	}
	// Shifts and late days, practitioner by practitioner in input order.
	for _, pr := range c.r.Practitioners {
		lates := 0
		for d := 0; d < 7; d++ {
			w := work[pday{pr.ID, d}]
			if w == nil || w.evening == "" {
				continue
			}
			if w.morning != "" {
				c.add("staff.shift", w.evening, "%s works the morning (%s) and the evening of %s: a day is one shift, a day or a late one",
					pr.ID, w.morning, c.s.WeekStart.AddDays(d))
			}
			wd := c.weekday(d)
			switch {
			case pr.LateDays != 0 && !pr.LateDays.Has(wd):
				c.add("staff.late-days", w.evening, "%s works the evening of %s, not one of their late days %q",
					pr.ID, c.s.WeekStart.AddDays(d), pr.LateDays)
			case pr.LateDays == 0:
				if lates++; lates > c.s.MaxLateDays {
					c.add("staff.late-days", w.evening, "%s works a late shift on %s, their %s; max_late_days is %d",
						pr.ID, c.s.WeekStart.AddDays(d), ordinal(lates), c.s.MaxLateDays)
				}
			}
		}
		if limit := c.s.ContactLimit(pr); contact[pr.ID] > limit+eps {
			c.add("staff.contact", contactAt[pr.ID], "%s has %s face-to-face hours in the week, more than %s (contact share %g of %g contracted less %g reduction hours)",
				pr.ID, fmtHours(contact[pr.ID]), fmtHours(limit), c.s.ContactShare[pr.Grade], pr.ContractedHours, pr.ReductionHours)
		}
	}
	// Idle days away from base, and the km from base to the day's site,
	// once a day in staff.csv's order.
	for i := range c.staff {
		sr := &c.staff[i]
		if !sr.ok || c.staffSite[pday{sr.row.Practitioner, sr.day}].i != i {
			continue
		}
		p := c.pracs[sr.row.Practitioner]
		base := c.sites[p.BaseSite]
		if p == nil || base == nil {
			continue
		}
		c.terms.StaffTravel += c.s.Weights.StaffKm * model.DistanceKm(base.Lat, base.Lon, sr.site.Lat, sr.site.Lon)
		if sr.site.ID == p.BaseSite {
			continue
		}
		if w := work[pday{p.ID, sr.day}]; w != nil && w.sites[sr.site.ID] {
			continue
		}
		if usual, ok := p.Pattern.Site(c.weekday(sr.day)); ok && usual == sr.site.ID {
			continue // an idle day the usual pattern fixes: listed in the summary
		}
		c.add("staff.idle-day", where(plan.StaffFile, i), "%s is at %s on %s with nothing booked there; away from their base %s only for work, or where their usual pattern puts them",
			p.ID, sr.site.ID, sr.row.Date, p.BaseSite)
	}
}

// ordinal gives "1st", "2nd", "3rd", "4th" … for small n.
func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return itoa(n) + "th"
	case n%10 == 1:
		return itoa(n) + "st"
	case n%10 == 2:
		return itoa(n) + "nd"
	case n%10 == 3:
		return itoa(n) + "rd"
	}
	return itoa(n) + "th"
}
