package check

import (
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// checkStaff checks the staff rota: for each practitioner and day, one site
// (their base or a site open to us that day), only on days they work, the
// usual pattern kept when patterns are fixed, their activities at that site
// and within their hours, and one staff row a slot.
//
// A practitioner's day allows contracted_hours ÷ |days| hours; an
// appointment takes appointment_minutes, a session its session_hours and a
// work party its project's hours.
func (c *checker) checkStaff() {
	c.checkStaffDays()
	c.checkActivities()
}

// checkStaffDays checks staff.csv's rows: one site a day and one row a
// slot; and, once for each practitioner's day, that they work that day, at
// their base or a site open that day, not reserved to another area, and at
// their usual site when patterns are fixed.
func (c *checker) checkStaffDays() {
	for i := range c.staff {
		sr := &c.staff[i]
		if !sr.ok {
			continue
		}
		row, at := sr.row, where(plan.StaffFile, i)
		pd := pday{row.Practitioner, sr.day}
		first := c.staffSite[pd]
		if sr.site != first.site {
			c.add("staff.one-site-a-day", at, "%s is at %s but at %s earlier that day (line %d)",
				row.Practitioner, sr.site.ID, first.site.ID, first.i+2)
		}
		if rows := c.staffAt[pslot{row.Practitioner, sr.day, sr.slot}]; rows[0] != i {
			c.add("staff.one-activity-a-slot", at, "%s has another row for %s %s (line %d)",
				row.Practitioner, row.Date, row.Slot, rows[0]+2)
		}
		if first.i != i {
			continue // the rest is checked once a day
		}
		p := c.pracs[row.Practitioner]
		if !c.works(p, sr.day) {
			c.add("staff.working-day", at, "%s does not work on %s (days %q%s)", p.ID, row.Date, workDays(p), c.holiday(sr.day))
			continue
		}
		if sr.site.ID != p.BaseSite && !c.siteOpen(sr.site, sr.day) {
			c.add("staff.site-open", at, "%s is at %s, neither their base %s nor open on %s%s",
				p.ID, sr.site.ID, p.BaseSite, row.Date, c.holiday(sr.day))
		}
		if area := c.r.AreaOfTeam(p.Team); !serves(sr.site, area) {
			c.add("staff.site-area", at, "%s is at %s, reserved to area %s; %s is in area %s", p.ID, sr.site.ID, sr.site.Area, p.ID, area)
		}
		if usual, ok := p.Pattern.Site(c.weekday(sr.day)); ok && usual != sr.site.ID && c.mayStaffID(p, usual) {
			c.patternAway++
			if c.s.PatternChangePenalty < 0 {
				c.add("staff.pattern", at, "%s is at %s on %s, not at %s as their usual pattern %q fixes",
					p.ID, sr.site.ID, row.Date, usual, p.Pattern)
			}
		}
	}
}

// checkActivities checks each practitioner's appointments, sessions and
// work parties against their staff rows: on days they work, at the site of
// that day's staff rows, and within the day's hours.
func (c *checker) checkActivities() {
	// Days worked, seen from the activities: reported here only for days
	// with no staff row (a staff row on that day is checkStaffDays').
	notWorking := func(who string, d int, at string) {
		p := c.pracs[who]
		if _, ok := c.staffSite[pday{who, d}]; ok || c.works(p, d) {
			return
		}
		c.add("staff.working-day", at, "%s does not work on %s (days %q%s)",
			who, c.s.WeekStart.AddDays(d), workDays(p), c.holiday(d))
	}
	// at names where a practitioner's activities of a day are first met.
	type load struct {
		minutes float64
		at      string
	}
	loads := make(map[pday]*load)
	addLoad := func(who string, d int, minutes float64, at string) {
		l := loads[pday{who, d}]
		if l == nil {
			l = &load{at: at}
			loads[pday{who, d}] = l
		}
		l.minutes += minutes
	}
	for i := range c.appts {
		a := &c.appts[i]
		if !a.ok {
			continue
		}
		at := where(plan.AppointmentsFile, i)
		notWorking(a.cm.ID, a.day, at)
		if sr, ok := c.staffSite[pday{a.cm.ID, a.day}]; ok && sr.site != a.site {
			c.add("staff.activity-site", at, "case manager %s is at %s that day (%s), not at %s",
				a.cm.ID, sr.site.ID, where(plan.StaffFile, sr.i), a.site.ID)
		}
		addLoad(a.cm.ID, a.day, float64(c.apptLength(a)), at)
	}
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok {
			continue
		}
		at := where(plan.SessionsFile, i)
		for _, p := range s.staff {
			notWorking(p, s.day, at)
			if sr, ok := c.staffSite[pday{p, s.day}]; ok && sr.site != s.site {
				c.add("staff.activity-site", at, "%s is at %s that day (%s), not at %s",
					p, sr.site.ID, where(plan.StaffFile, sr.i), s.site.ID)
			}
			addLoad(p, s.day, s.hours*60, at)
		}
	}
	for k, l := range loads {
		p := c.pracs[k.who]
		if limit := dayMinutes(p); l.minutes > limit+eps {
			c.add("staff.hours", l.at, "%s works %s hours on %s, more than %s (%g contracted hours over %d days)",
				p.ID, fmtHours(l.minutes/60), c.s.WeekStart.AddDays(k.day), fmtHours(limit/60),
				p.ContractedHours, workDays(p).Len())
		}
	}
}

// holiday explains, in a message, that day d is a bank holiday.
func (c *checker) holiday(d int) string {
	if c.bank[d] {
		return ", and it is a bank holiday"
	}
	return ""
}

// apptMinutes is the length of an appointment.
func (c *checker) apptMinutes() int {
	if c.s.AppointmentMinutes <= 0 {
		return 45
	}
	return c.s.AppointmentMinutes
}

// serves reports whether site may be used by area: it is reserved to that
// area (sites.csv area), or to none.
func serves(site *model.Site, area string) bool { return site.Area == "" || site.Area == area }
