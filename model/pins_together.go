package model

import (
	"fmt"
	"time"
)

// pinKey is what a pin fixes, once resolved: two pins with one key are
// the same decision (an appointment's minute within its slot is the
// timetable's, its practitioner the case manager's).
type pinKey struct {
	kind                       PinKind
	prac, user, site, iv, proj int
	slot                       int
	date                       time.Time
}

func keyOf(p *Pin) pinKey {
	k := pinKey{p.Kind, p.Prac, p.User, p.SiteIx, p.Iv, p.Proj, p.SlotIx, p.Date.Time}
	if p.Kind == PinAppointment {
		k.prac = -1
	}
	return k
}

// dedupe drops a pin that repeats an earlier one. A row written twice in
// one file (the same cells) is an error naming both rows, not a pin in
// conflict with itself; across files (a pinned booking that a re-plan
// also keeps as past) the same decision is kept once.
func (pc *pinCheck) dedupe(pins []Pin) []Pin {
	type row struct {
		key         pinKey
		start, file string
		prac        int
	}
	rows := make(map[row]*Pin, len(pins))
	first := make(map[pinKey]*Pin, len(pins))
	out := pins[:0:0]
	for i := range pins {
		p := &pins[i]
		if q, ok := rows[row{keyOf(p), p.Start, p.File, p.Prac}]; ok {
			pc.add(p, "", "the same pin as %s", q.Where())
			continue
		}
		rows[row{keyOf(p), p.Start, p.File, p.Prac}] = p
		if q, ok := first[keyOf(p)]; ok && q.File != p.File {
			continue
		}
		first[keyOf(p)] = p
		out = append(out, *p)
	}
	return out
}

// together checks the rules between pins: one site a day for a
// practitioner, one activity a slot for a person, people who must not
// meet, and the places of a session, a party or a site's interview rooms.
// Each conflict is reported on the later pin, naming the earlier.
func (pc *pinCheck) together(pins []Pin) {
	staffAt := map[[2]int]*Pin{}   // practitioner, weekday → the pin placing them
	userSlot := map[[3]int]*Pin{}  // user, weekday, slot → the pin booking it
	members := map[string][]*Pin{} // occasion → the people pinned to it
	for i := range pins {
		p := &pins[i]
		pc.oneSite(p, staffAt)
		if p.User >= 0 {
			pc.oneSlot(p, userSlot)
			k := occasion(p)
			pc.apart(p, members[k])
			members[k] = append(members[k], p)
			pc.places(p, members[k])
		}
	}
}

// oneSite: a practitioner is at one site a day (staff pins, a case
// manager's pinned appointments, facilitators and supervisors).
func (pc *pinCheck) oneSite(p *Pin, at map[[2]int]*Pin) {
	prac := p.Prac
	if p.Kind == PinAppointment && p.User >= 0 {
		cm, ok := pc.r.PractitionerIndex(pc.r.ServiceUsers[p.User].CaseManager)
		if !ok {
			return
		}
		prac = cm
	} else if p.User >= 0 {
		return
	}
	if prac < 0 || p.SiteIx < 0 {
		return
	}
	k := [2]int{prac, int(p.Day)}
	if q, ok := at[k]; ok && q.SiteIx != p.SiteIx {
		pc.breaks(p, "site", "staff.one-site-a-day", q.Where(), "%s is pinned to %s that day", pc.r.Practitioners[prac].ID, q.Site)
		return
	}
	at[k] = p
}

// oneSlot: a person has one activity a slot (a work party takes every
// daytime slot).
func (pc *pinCheck) oneSlot(p *Pin, taken map[[3]int]*Pin) {
	slots := []int{p.SlotIx}
	if p.Kind == PinParty {
		slots = daytimeSlots(pc.r.Settings.Slots)
	}
	for _, s := range slots {
		k := [3]int{p.User, int(p.Day), s}
		if q, ok := taken[k]; ok {
			pc.breaks(p, "", "attendance.one-activity-a-slot", q.Where(), "%s is pinned there at the same time", pc.describe(q))
			return
		}
	}
	for _, s := range slots {
		taken[[3]int{p.User, int(p.Day), s}] = p
	}
}

// apart: two people who must not meet are not pinned to one session or party.
func (pc *pinCheck) apart(p *Pin, others []*Pin) {
	if p.Kind == PinAppointment {
		return
	}
	for _, q := range others {
		for i, na := range pc.r.NonAssociations {
			a, b := pc.r.ServiceUsers[p.User].ID, pc.r.ServiceUsers[q.User].ID
			if (na.A == a && na.B == b) || (na.A == b && na.B == a) {
				rule := "attendance.non-association"
				pc.breaks(p, "service_user", rule, pc.row(FileNonAssociations, i), "the person must not meet the person of %s, pinned to the same %s", q.Where(), kindWord(p.Kind))
				return
			}
		}
	}
}

func kindWord(k PinKind) string {
	if k == PinParty {
		return "work party"
	}
	return "session"
}

// places: a session's group size and seats, a party's places, a site's
// interview rooms in a slot.
func (pc *pinCheck) places(p *Pin, in []*Pin) {
	r, n := pc.r, len(in)
	switch p.Kind {
	case PinGroup:
		iv, st := &r.Interventions[p.Iv], &r.Sites[p.SiteIx]
		if n > iv.MaxGroup {
			pc.breaks(p, "", "session.group-size", pc.row(FileInterventions, p.Iv), "%d people pinned to one session of %s, max_group %d", n, iv.ID, iv.MaxGroup)
		} else if n > st.SeatsPerRoom {
			pc.breaks(p, "", "session.seats", pc.row(FileSites, p.SiteIx), "%d people pinned to one session, %s seats %d a room", n, st.ID, st.SeatsPerRoom)
		}
	case PinParty:
		if pj := &r.Projects[p.Proj]; n > pj.Places {
			pc.breaks(p, "", "party.places", pc.row(FileProjects, p.Proj), "%d people pinned to one party of %s, places %d", n, pj.ID, pj.Places)
		}
	case PinAppointment:
		st := &r.Sites[p.SiteIx]
		per := r.Settings.Slots[p.SlotIx].Minutes() / max(1, r.Settings.AppointmentMinutes)
		if room := st.InterviewRooms * per; n > room {
			pc.breaks(p, "", "appointment.interview-rooms", pc.row(FileSites, p.SiteIx), "%d appointments pinned to %s in one slot, room for %s", n, st.ID, fmt.Sprint(room))
		}
	}
}
