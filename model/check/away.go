package check

import (
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// checkAway checks the rules of absences, dated unavailability, who may
// staff a site or a group, and non-associations in the waiting room:
//
//   - staff.absence: no appointment, session or work party of a
//     practitioner in a slot they are absent (absences.csv), and no staff
//     row on a day they are absent all day;
//   - attendance.unavailable-date: no appointment, session or work party
//     of a service user in a slot they cannot come (unavailability.csv);
//   - staff.women-staff: only women work at a site with women_staff;
//   - session.facilitator-genders: an intervention with
//     facilitator_genders female has women facilitators only; mixed, with
//     two or more facilitators, a woman and a man;
//   - waiting-room.non-association: two people under a non-association
//     are not booked at one site in one slot (when
//     non_association_appointments is set), unless in one session or
//     party (attendance.non-association).
func (c *checker) checkAway() {
	c.checkAbsences()
	c.checkWomenStaff()
	c.checkWaitingRoom()
}

// pracIndex is p's position in the region.
func (c *checker) pracIndex(p *model.Practitioner) int {
	i, ok := c.r.PractitionerIndex(p.ID)
	if !ok {
		return -1
	}
	return i
}

// absentAllDay reports whether p is absent all of day d (absences.csv).
func (c *checker) absentAllDay(p *model.Practitioner, d int) bool {
	return c.r.AbsentAllDay(c.pracIndex(p), c.weekday(d))
}

// mayStaffID reports whether p may work at the site with this id.
func (c *checker) mayStaffID(p *model.Practitioner, id string) bool {
	st, ok := c.sites[id]
	return !ok || st.MayStaff(p)
}

func (c *checker) absentIn(who string, d int, slots []int) bool {
	p, ok := c.pracs[who]
	if !ok {
		return false
	}
	i := c.pracIndex(p)
	for _, s := range slots {
		if c.r.Absent(i, c.weekday(d), s) {
			return true
		}
	}
	return false
}

func (c *checker) unavailableIn(who string, d int, slots []int) bool {
	u, ok := c.r.ServiceUserIndex(who)
	if !ok {
		return false
	}
	for _, s := range slots {
		if c.r.Unavailable(u, c.weekday(d), s) {
			return true
		}
	}
	return false
}

func (c *checker) checkAbsences() {
	for i := range c.staff {
		sr := &c.staff[i]
		if !sr.ok {
			continue
		}
		p, ok := c.pracs[sr.row.Practitioner]
		if !ok {
			continue
		}
		at := where(plan.StaffFile, i)
		if c.absentAllDay(p, sr.day) {
			c.add("staff.absence", at, "%s is absent all of %s (absences.csv)", p.ID, sr.row.Date)
		}
		// An absent row is an absence of absences.csv, with its reason.
		if sr.row.Activity == plan.ActivityAbsent {
			if why := c.r.AbsenceReason(c.pracIndex(p), c.weekday(sr.day), sr.slot); why == "" {
				c.add("file.staff", at, "%s is not absent on %s %s in absences.csv", p.ID, sr.row.Date, sr.row.Slot)
			} else if sr.row.Detail != string(why) {
				c.add("file.staff", at, "absent row's detail %q is not the reason %q of absences.csv", sr.row.Detail, why)
			}
		}
	}
	for i := range c.appts {
		a := &c.appts[i]
		if !a.ok {
			continue
		}
		at := where(plan.AppointmentsFile, i)
		if c.absentIn(a.cm.ID, a.day, []int{a.slot}) {
			c.add("staff.absence", at, "%s is absent on %s %s (absences.csv)", a.cm.ID, a.row.Date, a.row.Slot)
		}
		if c.unavailableIn(a.user.ID, a.day, []int{a.slot}) {
			c.add("attendance.unavailable-date", at, "%s cannot come on %s %s (unavailability.csv)", a.user.ID, a.row.Date, a.row.Slot)
		}
	}
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok {
			continue
		}
		at := where(plan.SessionsFile, i)
		for _, who := range s.staff {
			if c.absentIn(who, s.day, s.slots) {
				c.add("staff.absence", at, "%s is absent on %s (absences.csv)", who, s.row.Date)
			}
		}
		for _, who := range s.attendees {
			if c.unavailableIn(who, s.day, s.slots) {
				c.add("attendance.unavailable-date", at, "%s cannot come on %s (unavailability.csv)", who, s.row.Date)
			}
		}
	}
}

func (c *checker) checkWomenStaff() {
	for i := range c.staff {
		sr := &c.staff[i]
		if !sr.ok {
			continue
		}
		if p, ok := c.pracs[sr.row.Practitioner]; ok && !sr.site.MayStaff(p) {
			c.add("staff.women-staff", where(plan.StaffFile, i), "%s works at %s, which takes women staff only, and is not recorded as female", p.ID, sr.site.ID)
		}
	}
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok || s.party || s.iv == nil {
			continue
		}
		at := where(plan.SessionsFile, i)
		var women, men int
		for _, who := range s.staff {
			p := c.pracs[who]
			if p == nil {
				continue
			}
			if p.Gender.Female() {
				women++
			} else if p.Gender.Male() {
				men++
			}
			if !s.iv.MayFacilitate(p) {
				c.add("session.facilitator-genders", at, "%s facilitates %s, which women facilitate, and is not recorded as female", who, s.iv.ID)
			}
		}
		if s.iv.Mixed() && (women == 0 || men == 0) {
			c.add("session.facilitator-genders", at, "%s needs a woman and a man facilitating; %d women and %d men", s.iv.ID, women, men)
		}
	}
}

// checkWaitingRoom finds two people under a non-association at one site
// in one slot, from appointments, sessions and work parties alike.
func (c *checker) checkWaitingRoom() {
	if !c.s.NonAssociationAppointments || len(c.nonAssoc) == 0 {
		return
	}
	type place struct {
		site      string
		day, slot int
	}
	type booking struct {
		who, at string
	}
	here := make(map[place][]booking)
	var order []place
	put := func(k place, b booking) {
		if _, ok := here[k]; !ok {
			order = append(order, k)
		}
		here[k] = append(here[k], b)
	}
	for i := range c.appts {
		a := &c.appts[i]
		if a.ok {
			put(place{a.site.ID, a.day, a.slot}, booking{a.user.ID, where(plan.AppointmentsFile, i)})
		}
	}
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok {
			continue
		}
		for _, sl := range s.slots {
			for _, who := range s.attendees {
				put(place{s.site.ID, s.day, sl}, booking{who, where(plan.SessionsFile, i)})
			}
		}
	}
	seen := make(map[[2]string]bool)
	for _, k := range order {
		bs := here[k]
		for x := range bs {
			for y := x + 1; y < len(bs); y++ {
				u, v := bs[x], bs[y]
				// Two in one session or party are attendance.non-association's.
				if u.who == v.who || u.at == v.at || !slices.Contains(c.nonAssoc[u.who], v.who) {
					continue
				}
				key := [2]string{u.at + u.who, v.at + v.who}
				if seen[key] {
					continue
				}
				seen[key] = true
				c.add("waiting-room.non-association", v.at, "%s and %s must not meet and are both at %s on %s %s (%s)",
					u.who, v.who, k.site, c.s.WeekStart.AddDays(k.day), c.s.Slots[k.slot].Name, u.at)
			}
		}
	}
}
