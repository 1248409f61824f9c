package check

import (
	"strconv"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// checkAppointments checks supervision appointments: with the service
// user's case manager, at a site open that day, on a slot the user is
// available, at a women-only site only for a woman, at a step-free site for
// someone who needs one, within max_travel_km of home; per site and slot
// at most interview_rooms × ⌊slot minutes ÷ appointment_minutes⌋
// appointments, per case manager and slot at most ⌊slot minutes ÷
// appointment_minutes⌋; per user at most one a day and no more than are
// due.
func (c *checker) checkAppointments() {
	type siteSlot struct {
		site      string
		day, slot int
	}
	perSite := make(map[siteSlot]int)
	perCM := make(map[pslot]int)
	perUserDay := make(map[pday]int)
	perUser := make(map[string]int)
	for i := range c.appts {
		a := &c.appts[i]
		if !a.ok {
			continue
		}
		row, at := a.row, where(plan.AppointmentsFile, i)
		if a.user.CaseManager != a.cm.ID {
			cm := a.user.CaseManager
			if cm == "" {
				cm = "nobody (unallocated)"
			}
			c.add("appointment.case-manager", at, "%s's case manager is %s, not %s", a.user.ID, cm, a.cm.ID)
		}
		if !c.siteOpen(a.site, a.day) {
			c.add("appointment.site-open", at, "%s is not open to us on %s (%s%s)",
				a.site.ID, row.Date, a.site.OpenDays, c.holiday(a.day))
		}
		if area := c.r.AreaOfTeam(a.user.Team); !serves(a.site, area) {
			c.add("appointment.site-area", at, "%s is reserved to area %s; %s is in area %s", a.site.ID, a.site.Area, a.user.ID, area)
		}
		if !a.user.Available.Has(c.weekday(a.day), a.slot) {
			c.add("appointment.available", at, "%s is not available on %s %s (available %q)",
				a.user.ID, row.Weekday, row.Slot, a.user.Available)
		}
		if a.site.WomenOnly && a.user.Gender != model.GenderFemale {
			c.add("appointment.women-only", at, "%s is %s but %s is a women-only site", a.user.ID, a.user.Gender, a.site.ID)
		}
		if a.user.StepFree && !a.site.StepFree {
			c.add("appointment.step-free", at, "%s needs step-free access, which %s lacks", a.user.ID, a.site.ID)
		}
		if a.km > c.s.MaxTravelKm+eps {
			c.add("appointment.travel", at, "%s is %.1f km from %s's home, beyond max_travel_km %g",
				a.site.ID, a.km, a.user.ID, c.s.MaxTravelKm)
		}
		per := c.s.Slots[a.slot].Minutes() / c.apptMinutes()
		ss := siteSlot{a.site.ID, a.day, a.slot}
		perSite[ss]++
		if n, capacity := perSite[ss], a.site.InterviewRooms*per; n > capacity {
			if a.site.InterviewRooms == 0 {
				c.add("appointment.interview-rooms", at, "%s has no interview rooms", a.site.ID)
			} else if n == capacity+1 {
				c.add("appointment.interview-rooms", at, "more than %s at %s on %s %s (%s × %d a slot)",
					plural(capacity, "appointment"), a.site.ID, row.Date, row.Slot, plural(a.site.InterviewRooms, "interview room"), per)
			}
		}
		k := pslot{a.cm.ID, a.day, a.slot}
		if perCM[k]++; perCM[k] == per+1 {
			c.add("appointment.case-manager-capacity", at, "%s has more than %s on %s %s (%d-minute slot, %d-minute appointments)",
				a.cm.ID, plural(per, "appointment"), row.Date, row.Slot, c.s.Slots[a.slot].Minutes(), c.apptMinutes())
		}
		ud := pday{a.user.ID, a.day}
		if perUserDay[ud]++; perUserDay[ud] == 2 {
			c.add("appointment.one-a-day", at, "%s has a second appointment on %s", a.user.ID, row.Date)
		}
		perUser[a.user.ID]++
		if due := c.apptDue(a.user.ID); perUser[a.user.ID] == due+1 {
			c.add("appointment.due", at, "%s has more appointments than the %s due", a.user.ID, plural(due, "appointment"))
		}
	}
}

// apptDue is how many appointments a service user is due this week.
func (c *checker) apptDue(user string) int {
	q := c.apptReq[user]
	if q == nil {
		return 0
	}
	return c.due(q)
}

// people gives "1 person" or "n people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return strconv.Itoa(n) + " people"
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
