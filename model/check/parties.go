package check

import (
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// skillUnpaidWork is the skill a work-party supervisor holds.
const skillUnpaidWork = "unpaid_work"

// checkParties checks unpaid-work parties: on one of the project's days at
// a site open that day; between two people and the project's places;
// exactly `supervisors` supervisors holding the unpaid_work skill; each
// person with an unpaid-work requirement, credited the project's hours per
// party day and never more than their hours due; women only at women-only
// projects and at women-only sites; step-free sites for those who need
// them; no lone woman among men when no_lone_woman; everyone within
// max_travel_km and available in every daytime slot of the day. (The
// supervisors' days, sites and other activities are staff.* rules; the
// people's other activities attendance.one-activity-a-slot.)
func (c *checker) checkParties() {
	credited := make(map[string]float64)
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok || !s.party {
			continue
		}
		row, at, pr, site := s.row, where(plan.SessionsFile, i), s.proj, s.site
		wd := c.weekday(s.day)
		if !pr.Days.Has(wd) || !c.siteOpen(site, s.day) {
			c.add("party.day", at, "project %s runs on %s at %s, open %s; not on %s%s",
				pr.ID, pr.Days, site.ID, site.OpenDays, row.Date, c.holiday(s.day))
		}
		n := len(s.attendees)
		if n > pr.Places {
			c.add("party.places", at, "%s but project %s has %s", people(n), pr.ID, plural(pr.Places, "place"))
		}
		if n < 2 {
			c.add("party.min-size", at, "%s; a work party needs at least two", people(n))
		}
		if want := projectSupervisors(pr); len(s.staff) != want {
			c.add("party.supervisors", at, "%s, but project %s needs %d", plural(len(s.staff), "supervisor"), pr.ID, want)
		}
		for _, who := range s.staff {
			if !c.pracs[who].Skills.Has(skillUnpaidWork) {
				c.add("party.skill", at, "supervisor %s does not hold skill %s", who, skillUnpaidWork)
			}
		}
		women, men := 0, 0
		for _, id := range s.attendees {
			u := c.users[id]
			if u.Gender == model.GenderFemale {
				women++
			} else {
				men++
			}
			if area := c.r.AreaOfTeam(u.Team); !serves(site, area) {
				c.add("party.site-area", at, "%s is reserved to area %s; %s is in area %s", site.ID, site.Area, u.ID, area)
			}
			switch {
			case u.Gender == model.GenderFemale:
			case pr.WomenOnly:
				c.add("party.women-only", at, "%s is %s but project %s is women-only", u.ID, u.Gender, pr.ID)
			case site.WomenOnly:
				c.add("party.women-only-site", at, "%s is %s but %s, project %s's site, is women-only", u.ID, u.Gender, site.ID, pr.ID)
			}
			if u.StepFree && !site.StepFree {
				c.add("party.step-free", at, "%s needs step-free access, which %s, project %s's site, lacks", u.ID, site.ID, pr.ID)
			}
			if d := km(u, site); d > c.s.MaxTravelKm+eps {
				c.add("party.travel", at, "%s is %.1f km from %s's home, beyond max_travel_km %g", site.ID, d, u.ID, c.s.MaxTravelKm)
			}
			for _, sl := range s.slots {
				if !u.Available.Has(wd, sl) {
					c.add("party.available", at, "%s is not available on %s %s, which the party covers (available %q)",
						u.ID, row.Weekday, c.s.Slots[sl].Name, u.Available)
					break
				}
			}
			reqs := c.uwReqs[u.ID]
			if len(reqs) == 0 {
				c.add("party.requirement", at, "%s has no unpaid_work requirement", u.ID)
				continue
			}
			due := 0.0
			for _, q := range reqs {
				due += q.Hours
			}
			before := credited[u.ID]
			credited[u.ID] += s.hours
			if before <= due+eps && credited[u.ID] > due+eps {
				c.add("party.hours-due", at, "%s is credited %g hours by now, more than the %g due this week",
					u.ID, credited[u.ID], due)
			}
		}
		if c.s.NoLoneWoman && women == 1 && men > 0 {
			word := "men"
			if men == 1 {
				word = "man"
			}
			c.add("party.lone-woman", at, "one woman among %d %s", men, word)
		}
	}
}

// checkOccupancy checks that nobody does two things at once: a
// practitioner's slot holds one activity (their appointments in that slot
// count as one; a work party fills every daytime slot), and so does a
// service user's (appointments, sessions and work parties together).
func (c *checker) checkOccupancy() {
	type activity struct {
		id   string // "appointments", a session id, or "an appointment (FILE:LINE)"
		at   string
		appt bool // a service user's appointment
	}
	staff := make(map[pslot][]activity)
	users := make(map[pslot][]activity)
	for i := range c.appts {
		a := &c.appts[i]
		if !a.ok {
			continue
		}
		at := where(plan.AppointmentsFile, i)
		k := pslot{a.cm.ID, a.day, a.slot}
		if len(staff[k]) == 0 || staff[k][0].id != plan.ActivityAppointments {
			staff[k] = append([]activity{{id: plan.ActivityAppointments, at: at}}, staff[k]...)
		}
		u := pslot{a.user.ID, a.day, a.slot}
		users[u] = append(users[u], activity{id: "an appointment (" + at + ")", at: at, appt: true})
	}
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok {
			continue
		}
		at := where(plan.SessionsFile, i)
		for _, sl := range s.slots {
			for _, p := range s.staff {
				k := pslot{p, s.day, sl}
				staff[k] = append(staff[k], activity{id: s.row.ID, at: at})
			}
			for _, u := range s.attendees {
				k := pslot{u, s.day, sl}
				users[k] = append(users[k], activity{id: s.row.ID, at: at})
			}
		}
	}
	for k, acts := range staff {
		for _, a := range acts[1:] {
			c.add("staff.one-activity-a-slot", a.at, "%s is also busy with %s on %s %s",
				k.who, acts[0].id, c.s.WeekStart.AddDays(k.day), c.s.Slots[k.slot].Name)
		}
	}
	for k, acts := range users {
		// Two appointments in one slot are appointment.one-a-day's; here
		// only clashes with a session or work party count.
		sessions := 0
		for _, a := range acts {
			if !a.appt {
				sessions++
			}
		}
		if sessions == 0 || len(acts) < 2 {
			continue
		}
		for _, a := range acts[1:] {
			c.add("attendance.one-activity-a-slot", a.at, "%s is also at %s on %s %s",
				k.who, acts[0].id, c.s.WeekStart.AddDays(k.day), c.s.Slots[k.slot].Name)
		}
	}
}
