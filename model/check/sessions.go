package check

import (
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// checkSessions checks group sessions: run at a site open that day that
// the intervention allows (a women-only site only an intervention for
// women), in a slot at least session_hours long; per site and slot at most
// group_rooms sessions; attendees at most seats_per_room and between
// min_group and max_group; exactly `facilitators` facilitators, each
// holding the intervention's skill, none facilitating more than
// max_sessions a week. (Where facilitators are, whether they
// work that day and whether they are free are staff.* rules.)
func (c *checker) checkSessions() {
	type siteSlot struct {
		site      string
		day, slot int
	}
	rooms := make(map[siteSlot]int)
	facilitated := make(map[string]int)
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok || s.party {
			continue
		}
		row, at, iv, site := s.row, where(plan.SessionsFile, i), s.iv, s.site
		if iv.Kind == model.UnpaidWork {
			c.add("session.intervention", at, "%s is an unpaid_work intervention, which runs as work parties, not sessions", iv.ID)
		}
		if !c.siteOpen(site, s.day) {
			c.add("session.site-open", at, "%s is not open to us on %s (%s%s)", site.ID, row.Date, site.OpenDays, c.holiday(s.day))
		}
		if len(iv.Sites) > 0 && !iv.Sites.Has(site.ID) {
			c.add("session.site-allowed", at, "%s may run only at %s, not at %s", iv.ID, iv.Sites, site.ID)
		}
		if site.WomenOnly && iv.Kind != model.UnpaidWork && iv.Gender != model.GenderFemale {
			c.add("session.women-only", at, "%s is a women-only site and %s is not for women (gender %s)", site.ID, iv.ID, genderOf(iv))
		}
		if slot := c.s.Slots[s.slot]; iv.SessionHours*60 > float64(slot.Minutes())+eps {
			c.add("session.slot-length", at, "%s's %g-hour sessions do not fit the %d-minute slot %s",
				iv.ID, iv.SessionHours, slot.Minutes(), slot.Name)
		}
		k := siteSlot{site.ID, s.day, s.slot}
		if rooms[k]++; rooms[k] > site.GroupRooms {
			c.add("session.group-rooms", at, "%s has %s, and this is session %d on %s %s",
				site.ID, plural(site.GroupRooms, "group room"), rooms[k], row.Date, row.Slot)
		}
		n := len(s.attendees)
		if n > site.SeatsPerRoom {
			c.add("session.seats", at, "%s but %s has %s a room", plural(n, "attendee"), site.ID, plural(site.SeatsPerRoom, "seat"))
		}
		if lo := c.minGroup(s.row.ID, iv); n < lo || n > iv.MaxGroup {
			c.add("session.group-size", at, "%s, outside %s's group size %d to %d", plural(n, "attendee"), iv.ID, lo, iv.MaxGroup)
		}
		if len(s.staff) != iv.Facilitators {
			c.add("session.facilitators", at, "%s, but %s needs %d", plural(len(s.staff), "facilitator"), iv.ID, iv.Facilitators)
		}
		for _, who := range s.staff {
			p := c.pracs[who]
			if !p.Skills.Has(skill(iv)) {
				c.add("session.skill", at, "facilitator %s does not hold skill %s", who, skill(iv))
			}
			facilitated[who]++
			if p.MaxSessions > 0 && facilitated[who] == p.MaxSessions+1 {
				c.add("session.max-sessions", at, "%s facilitates more than their max_sessions %d this week", who, p.MaxSessions)
			}
		}
	}
}

// checkAttendance checks who attends group sessions: eligible (the
// intervention's gender and age band at the week start, women-only sites
// only for women, step-free sites for those who need them), available in
// that slot, within max_travel_km, with an intervention or rar requirement
// for it and no more sessions than due, at most one session a day when
// one_session_per_day; and, for sessions and work parties alike, never
// with someone they must not associate with.
func (c *checker) checkAttendance() {
	attended := make(map[ivKey]int)
	perDay := make(map[pday]int)
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok {
			continue
		}
		at := where(plan.SessionsFile, i)
		c.checkNonAssociations(s, at)
		if s.party {
			continue
		}
		iv, site := s.iv, s.site
		wd := c.weekday(s.day)
		for _, id := range s.attendees {
			u := c.users[id]
			if iv.Gender != model.GenderAny && iv.Gender != "" && u.Gender != iv.Gender {
				c.add("attendance.gender", at, "%s is %s but %s is for %s only", u.ID, u.Gender, iv.ID, iv.Gender)
			}
			if (iv.MinAge > 0 && u.Age < iv.MinAge) || (iv.MaxAge > 0 && u.Age > iv.MaxAge) {
				c.add("attendance.age", at, "%s is %d, outside %s's age band %s", u.ID, u.Age, iv.ID, ageBand(iv))
			}
			if area := c.r.AreaOfTeam(u.Team); !serves(site, area) {
				c.add("attendance.site-area", at, "%s is reserved to area %s; %s is in area %s", site.ID, site.Area, u.ID, area)
			}
			if site.WomenOnly && u.Gender != model.GenderFemale {
				c.add("attendance.women-only", at, "%s is %s but %s is a women-only site", u.ID, u.Gender, site.ID)
			}
			if u.StepFree && !site.StepFree {
				c.add("attendance.step-free", at, "%s needs step-free access, which %s lacks", u.ID, site.ID)
			}
			if !u.Available.Has(wd, s.slot) {
				c.add("attendance.available", at, "%s is not available on %s %s (available %q)", u.ID, s.row.Weekday, s.row.Slot, u.Available)
			}
			if d := km(u, site); d > c.s.MaxTravelKm+eps {
				c.add("attendance.travel", at, "%s is %.1f km from %s's home, beyond max_travel_km %g", site.ID, d, u.ID, c.s.MaxTravelKm)
			}
			k := ivKey{u.ID, iv.ID}
			reqs := c.ivReqs[k]
			switch {
			case iv.Kind == model.UnpaidWork:
				// A session of an unpaid-work intervention is wrong in
				// itself (session.intervention); no requirement can match.
			case len(reqs) == 0:
				c.add("attendance.requirement", at, "%s has no intervention or rar requirement for %s", u.ID, iv.ID)
			default:
				due := 0
				for _, q := range reqs {
					due += c.due(q)
				}
				if attended[k]++; attended[k] == due+1 {
					c.add("attendance.due", at, "%s attends more %s sessions than the %d due", u.ID, iv.ID, due)
				}
			}
			if c.s.OneSessionPerDay {
				ud := pday{u.ID, s.day}
				if perDay[ud]++; perDay[ud] == 2 {
					c.add("attendance.one-session-a-day", at, "%s has a second session on %s", u.ID, s.row.Date)
				}
			}
		}
	}
}

// checkNonAssociations reports pairs in one session or work party who must
// not associate, looking each attendee's pairs up in a set of the
// attendees (linear in the attendees and their pairs).
func (c *checker) checkNonAssociations(s *sess, at string) {
	in := make(map[string]bool, len(s.attendees))
	for _, u := range s.attendees {
		in[u] = true
	}
	for _, u := range s.attendees {
		for _, v := range c.nonAssoc[u] {
			if u < v && in[v] {
				c.add("attendance.non-association", at, "%s and %s must not associate but both attend %s", u, v, s.row.ID)
			}
		}
	}
}

// genderOf is an intervention's gender, any when empty.
func genderOf(iv *model.Intervention) model.Gender {
	if iv.Gender == "" {
		return model.GenderAny
	}
	return iv.Gender
}

func ageBand(iv *model.Intervention) string {
	switch {
	case iv.MaxAge == 0:
		return itoa(iv.MinAge) + "+"
	case iv.MinAge == 0:
		return "up to " + itoa(iv.MaxAge)
	}
	return itoa(iv.MinAge) + "–" + itoa(iv.MaxAge)
}
