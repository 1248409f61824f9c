package check

import (
	"slices"
	"strings"

	"github.com/probation/rota/model/plan"
)

// checkFiles checks that the files agree with one another: staff.csv with
// the appointments, sessions and work parties it mirrors (and a row for
// every slot of every working day), attendance.csv with the sessions'
// attendee lists.
func (c *checker) checkFiles() {
	c.checkStaffRows()
	c.checkStaffComplete()
	c.checkAttendanceRows()
}

// checkStaffRows compares staff.csv with appointments.csv and sessions.csv,
// both ways: every row's activity and detail must be what the other files
// say the practitioner does in that slot, and everything they do must have
// its row.
func (c *checker) checkStaffRows() {
	// Service users each case manager sees per slot.
	seen := make(map[pslot][]string)
	for i := range c.appts {
		a := &c.appts[i]
		if !a.ok {
			continue
		}
		k := pslot{a.cm.ID, a.day, a.slot}
		seen[k] = append(seen[k], a.user.ID)
	}
	for i := range c.staff {
		sr := &c.staff[i]
		if !sr.ok {
			continue
		}
		row, at := sr.row, where(plan.StaffFile, i)
		k := pslot{row.Practitioner, sr.day, sr.slot}
		switch row.Activity {
		case plan.ActivityAppointments:
			want := slices.Clone(seen[k])
			got := strings.Fields(row.Detail)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				if len(want) == 0 {
					c.add("file.staff", at, "%s has no appointments in %s on %s %s", row.Practitioner, plan.AppointmentsFile, row.Date, row.Slot)
				} else {
					c.add("file.staff", at, "detail %q is not the service users %s sees then: %s", row.Detail, row.Practitioner, strings.Join(want, " "))
				}
			}
		case plan.ActivityFacilitating, plan.ActivitySupervising:
			kind, role := plan.KindSession, "facilitating"
			if row.Activity == plan.ActivitySupervising {
				kind, role = plan.KindWorkParty, "supervising"
			}
			j, ok := c.sessByID[row.Detail]
			if !ok {
				c.add("file.staff", at, "%s detail %q is not a session id of %s", role, row.Detail, plan.SessionsFile)
				break
			}
			s := &c.sess[j]
			switch {
			case s.row.Kind != kind:
				c.add("file.staff", at, "%s %s, which is a %s", role, s.row.ID, s.row.Kind)
			case !slices.Contains(s.staff, row.Practitioner):
				c.add("file.staff", at, "%s %s, whose staff %q do not include %s", role, s.row.ID, s.row.Staff, row.Practitioner)
			case s.day != sr.day || !slices.Contains(s.slots, sr.slot):
				c.add("file.staff", at, "%s %s, which is not on %s %s", role, s.row.ID, row.Date, row.Slot)
			}
		case plan.ActivityOffice:
			if row.Detail != "" {
				c.add("file.staff", at, "an office row has detail %q", row.Detail)
			}
		}
	}
	has := func(k pslot, activity, detail string) bool {
		for _, i := range c.staffAt[k] {
			r := c.staff[i].row
			if r.Activity == activity && (detail == "" || r.Detail == detail) {
				return true
			}
		}
		return false
	}
	for i := range c.appts {
		a := &c.appts[i]
		if a.ok && !has(pslot{a.cm.ID, a.day, a.slot}, plan.ActivityAppointments, "") {
			c.add("file.staff", where(plan.AppointmentsFile, i), "%s has no appointments row in %s for %s %s",
				a.cm.ID, plan.StaffFile, a.row.Date, a.row.Slot)
		}
	}
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok {
			continue
		}
		activity := plan.ActivityFacilitating
		if s.party {
			activity = plan.ActivitySupervising
		}
		for _, p := range s.staff {
			for _, sl := range s.slots {
				if !has(pslot{p, s.day, sl}, activity, s.row.ID) {
					c.add("file.staff", where(plan.SessionsFile, i), "%s has no %s row for %s in %s on %s %s",
						p, activity, s.row.ID, plan.StaffFile, s.row.Date, c.s.Slots[sl].Name)
				}
			}
		}
	}
}

// checkStaffComplete checks that staff.csv has a row for every
// practitioner, working day and slot (docs/output-format.md: "one row per
// practitioner, working day and slot").
func (c *checker) checkStaffComplete() {
	for i := range c.r.Practitioners {
		p := &c.r.Practitioners[i]
		for d := range 7 {
			if !c.works(p, d) {
				continue
			}
			var missing []string
			for sl, slot := range c.s.Slots {
				if len(c.staffAt[pslot{p.ID, d, sl}]) == 0 {
					missing = append(missing, slot.Name)
				}
			}
			if len(missing) > 0 {
				c.add("file.staff", plan.StaffFile, "%s works on %s but has no row for %s",
					p.ID, c.s.WeekStart.AddDays(d), strings.Join(missing, ", "))
			}
		}
	}
}

// checkAttendanceRows compares attendance.csv with sessions.csv's attendee
// lists both ways, and each row's copied columns with its session's.
func (c *checker) checkAttendanceRows() {
	type pair struct {
		user string
		sess int
	}
	rows := make(map[pair]int, len(c.att))
	for i := range c.att {
		a := &c.att[i]
		if !a.ok {
			continue
		}
		row, at := a.row, where(plan.AttendanceFile, i)
		k := pair{a.user.ID, a.sess}
		if j, dup := rows[k]; dup {
			c.add("file.duplicate", at, "%s at %s again (first at line %d)", row.ServiceUser, row.Session, j+2)
			continue
		}
		rows[k] = i
		s := &c.sess[a.sess]
		if !slices.Contains(s.attendees, a.user.ID) {
			c.add("file.attendance", at, "%s is not among %s's attendees in %s", a.user.ID, s.row.ID, plan.SessionsFile)
			continue
		}
		sr := s.row
		for _, f := range [...]struct{ name, got, want string }{
			{"kind", row.Kind, sr.Kind},
			{"intervention", row.Intervention, sr.Intervention},
			{"site", row.Site, sr.Site},
			{"date", row.Date, sr.Date},
			{"weekday", row.Weekday, sr.Weekday},
			{"slot", row.Slot, sr.Slot},
		} {
			if f.got != f.want {
				c.add("file.attendance", at, "%s %q is not session %s's %q", f.name, f.got, sr.ID, f.want)
			}
		}
		if s.ok {
			if !closeTo(row.Hours, s.hours) {
				c.add("file.attendance", at, "hours %g are not session %s's %g", row.Hours, sr.ID, s.hours)
			}
			c.travelColumn(at, row.TravelKm, km(a.user, s.site))
		}
	}
	for i := range c.sess {
		s := &c.sess[i]
		for _, u := range s.attendees {
			if _, ok := rows[pair{u, i}]; !ok {
				c.add("file.attendance", where(plan.SessionsFile, i), "attendee %s has no row in %s", u, plan.AttendanceFile)
			}
		}
	}
}
