package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// booking is a timed row: an appointment, a session or a work party.
type booking struct {
	at         string // file:line
	day        int
	site       string
	room       string // "" for a work party
	start, end int    // minutes after midnight
	outside    bool   // outside its slot (time.slot): not checked against shifts
	staff      []string
	people     []string
}

// checkTimes verifies the times and rooms of appointments.csv and
// sessions.csv and the shifts of staff.csv (rules time.*).
func (c *checker) checkTimes() {
	var bs []booking
	for i := range c.appts {
		a := &c.appts[i]
		if !a.ok {
			continue
		}
		at := where(plan.AppointmentsFile, a.i)
		b, ok := c.timed(at, a.row.Start, a.row.End, c.s.Slots[a.slot])
		if !ok {
			continue
		}
		if n := c.apptLength(a); b.end-b.start != n {
			c.add("time.slot", at, "%s–%s lasts %d minutes; %s takes %d", a.row.Start, a.row.End, b.end-b.start, c.apptKind(a), n)
		}
		if !roomOf(a.row.Room, "Interview ", a.site.InterviewRooms) {
			c.add("time.room", at, "room %q is not one of site %s's %d interview rooms (Interview 1 …)", a.row.Room, a.site.ID, a.site.InterviewRooms)
		}
		b.day, b.site, b.room = a.day, a.site.ID, a.row.Room
		b.staff, b.people = []string{a.cm.ID}, []string{a.user.ID}
		bs = append(bs, b)
	}
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok {
			continue
		}
		at := where(plan.SessionsFile, s.i)
		span := c.daytimeSpan()
		if !s.party {
			span = c.s.Slots[s.slot]
		}
		b, ok := c.timed(at, s.row.Start, s.row.End, span)
		if !ok {
			continue
		}
		switch {
		case s.party && s.row.Room != "":
			c.add("time.room", at, "a work party is at its project, not in room %q", s.row.Room)
		case !s.party && !roomOf(s.row.Room, "Group room ", s.site.GroupRooms):
			c.add("time.room", at, "room %q is not one of site %s's %d group rooms (Group room 1 …)", s.row.Room, s.site.ID, s.site.GroupRooms)
		}
		b.day, b.site, b.room = s.day, s.site.ID, s.row.Room
		b.staff, b.people = s.staff, s.attendees
		bs = append(bs, b)
	}
	c.checkRoomOverlaps(bs)
	c.checkPersonOverlaps(bs)
	c.checkShifts(bs)
}

// timed parses a row's start and end and checks them against the span
// they must lie in (time.slot).
func (c *checker) timed(at, start, end string, span model.Slot) (booking, bool) {
	s, err1 := parseClock(start)
	e, err2 := parseClock(end)
	switch {
	case err1 != nil || err2 != nil:
		c.add("time.slot", at, "start %q and end %q must be times HH:MM", start, end)
		return booking{}, false
	case s >= e:
		c.add("time.slot", at, "start %s is not before end %s", start, end)
		return booking{}, false
	case s < span.Start || e > span.End:
		c.add("time.slot", at, "%s–%s is outside %s", start, end, span)
		return booking{at: at, start: s, end: e, outside: true}, true
	}
	return booking{at: at, start: s, end: e}, true
}

// apptLength is the length of appointment a in minutes: induction_minutes
// for an induction (requirements.csv induction), else appointment_minutes.
func (c *checker) apptLength(a *appt) int {
	if q := c.apptReq[a.row.ServiceUser]; q != nil && q.Induction && c.s.InductionMinutes > 0 {
		return c.s.InductionMinutes
	}
	return c.apptMinutes()
}

func (c *checker) apptKind(a *appt) string {
	if q := c.apptReq[a.row.ServiceUser]; q != nil && q.Induction {
		return "an induction"
	}
	return "an appointment"
}

// daytimeSpan is the span of the daytime slots, which a work party fills.
func (c *checker) daytimeSpan() model.Slot {
	span := model.Slot{Name: plan.SlotDay, Start: 24 * 60, End: 0}
	for _, i := range c.daytime {
		span.Start, span.End = min(span.Start, c.s.Slots[i].Start), max(span.End, c.s.Slots[i].End)
	}
	return span
}

// parseClock reads HH:MM as minutes after midnight.
func parseClock(v string) (int, error) {
	h, m, ok := strings.Cut(v, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not HH:MM", v)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, fmt.Errorf("%q is not HH:MM", v)
	}
	return hh*60 + mm, nil
}

// roomOf reports whether name is prefix followed by a number in 1…n.
func roomOf(name, prefix string, n int) bool {
	v, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return false
	}
	k, err := strconv.Atoi(v)
	return err == nil && k >= 1 && k <= n && strconv.Itoa(k) == v
}

// overlaps reports, for bookings grouped under a key, each booking that
// overlaps an earlier-starting one of its group, with that one.
func overlaps[K comparable](bs []booking, keys func(b *booking) []K, report func(k K, a, b *booking)) {
	groups := make(map[K][]*booking)
	var order []K
	for i := range bs {
		for _, k := range keys(&bs[i]) {
			if groups[k] == nil {
				order = append(order, k)
			}
			groups[k] = append(groups[k], &bs[i])
		}
	}
	for _, k := range order {
		g := groups[k]
		slices.SortStableFunc(g, func(a, b *booking) int { return cmp.Compare(a.start, b.start) })
		var last *booking // the booking reaching latest so far
		for _, b := range g {
			if last != nil && b.start < last.end {
				report(k, last, b)
			}
			if last == nil || b.end > last.end {
				last = b
			}
		}
	}
}

// checkRoomOverlaps: no room holds two bookings at once (time.room).
func (c *checker) checkRoomOverlaps(bs []booking) {
	type roomKey struct {
		day        int
		site, room string
	}
	overlaps(bs, func(b *booking) []roomKey {
		if b.room == "" {
			return nil
		}
		return []roomKey{{b.day, b.site, b.room}}
	}, func(k roomKey, a, b *booking) {
		c.add("time.room", b.at, "%s at %s is booked at once by this row and %s", k.room, k.site, a.at)
	})
}

// checkPersonOverlaps: nobody is in two bookings at once (time.overlap).
func (c *checker) checkPersonOverlaps(bs []booking) {
	overlaps(bs, func(b *booking) []pday {
		var ks []pday
		for _, p := range b.staff {
			ks = append(ks, pday{"practitioner " + p, b.day})
		}
		for _, u := range b.people {
			ks = append(ks, pday{"service user " + u, b.day})
		}
		return ks
	}, func(k pday, a, b *booking) {
		c.add("time.overlap", b.at, "%s is booked at once here and at %s", k.who, a.at)
	})
}

// checkShifts checks staff.csv's start and end (time.staff-shift) and that
// every booking lies in its practitioners' shifts (time.shift).
func (c *checker) checkShifts(bs []booking) {
	type shift struct{ start, end int }
	shifts := make(map[pday]shift)
	bad := make(map[pday]bool)
	for i := range c.staff {
		st := &c.staff[i]
		if !st.ok {
			continue
		}
		at := where(plan.StaffFile, st.i)
		k := pday{st.row.Practitioner, st.day}
		s, err1 := parseClock(st.row.Start)
		e, err2 := parseClock(st.row.End)
		switch {
		case err1 != nil || err2 != nil:
			c.add("time.staff-shift", at, "start %q and end %q must be times HH:MM", st.row.Start, st.row.End)
			bad[k] = true
			continue
		case s >= e:
			c.add("time.staff-shift", at, "shift start %s is not before its end %s", st.row.Start, st.row.End)
			bad[k] = true
			continue
		}
		if prev, ok := shifts[k]; ok && prev != (shift{s, e}) {
			c.add("time.staff-shift", at, "shift %s–%s differs from the day's first row's %s–%s",
				st.row.Start, st.row.End, clockOf(prev.start), clockOf(prev.end))
			continue
		}
		shifts[k] = shift{s, e}
		if sl := c.s.Slots[st.slot]; st.row.Activity != plan.ActivityOffice && st.row.Activity != plan.ActivityAbsent && (sl.Start < s || sl.End > e) {
			c.add("time.staff-shift", at, "the %s slot (%s) of %s is outside the shift %s–%s", sl.Name, st.row.Activity, st.row.Practitioner, st.row.Start, st.row.End)
		}
	}
	for i := range bs {
		b := &bs[i]
		for _, p := range b.staff {
			k := pday{p, b.day}
			sh, ok := shifts[k]
			// A day without staff rows is file.staff's finding.
			if ok && !bad[k] && !b.outside && (b.start < sh.start || b.end > sh.end) {
				c.add("time.shift", b.at, "%s–%s is outside %s's shift %s–%s", clockOf(b.start), clockOf(b.end), p, clockOf(sh.start), clockOf(sh.end))
			}
		}
	}
}

func clockOf(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
