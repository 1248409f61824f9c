package report

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/report/calendar"
)

// diaries collects the calendars' events, by practitioner and by site, in
// the order they first appear.
type diaries struct {
	b                  *builder
	byPrac, bySite     map[string][]calendar.Event
	pracOrder, siteOrd []string
}

func (d *diaries) prac(id string, e calendar.Event) {
	if _, ok := d.byPrac[id]; !ok {
		d.pracOrder = append(d.pracOrder, id)
	}
	d.byPrac[id] = append(d.byPrac[id], e)
}

func (d *diaries) site(id string, e calendar.Event) {
	if _, ok := d.bySite[id]; !ok {
		d.siteOrd = append(d.siteOrd, id)
	}
	d.bySite[id] = append(d.bySite[id], e)
}

// when is Week.When for a diary: without the slot's hours the event is
// all-day.
func (d *diaries) when(at At) (Span, bool, error) {
	sp, err := d.b.wk.When(at)
	if err != nil {
		return sp, false, err
	}
	if !sp.Known() {
		sp.Start, sp.End = sp.Day, sp.Day.AddDate(0, 0, 1)
		return sp, true, nil
	}
	return sp, false, nil
}

// Calendars gives the iCalendar files by file name: <practitioner>.ics and
// site-<site>.ics.
func (ro *Rota) Calendars() (map[string][]byte, error) {
	b, err := ro.newBuilder()
	if err != nil {
		return nil, err
	}
	d := &diaries{b: b, byPrac: map[string][]calendar.Event{}, bySite: map[string][]calendar.Event{}}
	if err := d.staffEvents(); err != nil {
		return nil, err
	}
	for i, s := range ro.Plan.Sessions {
		sp, allDay, err := d.when(ro.sessionAt(i))
		if err != nil {
			return nil, err
		}
		d.site(s.Site, sessionEvent(b.n, s, sp, uid("site", s.ID), allDay))
	}
	return d.files(ro.weekStart().Time) // DTSTAMP: the week's Monday, 00:00 UTC
}

// staffEvents are the practitioners' events from staff.csv, and each case
// manager's slot of appointments on their site's diary too.
func (d *diaries) staffEvents() error {
	p, n := d.b.ro.Plan, d.b.n
	type slotKey struct{ prac, date, slot string }
	appts := map[slotKey][]int{}
	for i, a := range p.Appointments {
		k := slotKey{a.CaseManager, a.Date, a.Slot}
		appts[k] = append(appts[k], i)
	}
	sessIx := map[string]int{}
	for i, s := range p.Sessions {
		sessIx[s.ID] = i
	}
	doneParty := map[string]bool{}
	for _, st := range p.Staff {
		switch st.Activity {
		case plan.ActivityAppointments:
			sp, allDay, err := d.when(At{Date: st.Date, Slot: st.Slot})
			if err != nil {
				return err
			}
			var people []string
			room := ""
			for _, i := range appts[slotKey{st.Practitioner, st.Date, st.Slot}] {
				people = append(people, p.Appointments[i].ServiceUser)
				if a := d.b.ro.apptAt(i); a.Room != "" {
					room = a.Room
				}
			}
			if len(people) == 0 {
				people = strings.Fields(st.Detail)
			}
			loc := n.Site(st.Site)
			if room != "" {
				loc += ", " + room
			}
			e := calendar.Event{UID: uid(st.Practitioner, st.Date, st.Slot, "appointments"), Start: sp.Start, End: sp.End,
				AllDay: allDay, Summary: fmt.Sprintf("Appointments (%d) at %s", len(people), st.Site),
				Location: loc, Description: "Seeing: " + strings.Join(people, ", ") + "\nSlot: " + sp.Label,
				Categories: []string{"appointments"}}
			d.prac(st.Practitioner, e)
			e.UID = uid("site", st.Site, st.Date, st.Slot, st.Practitioner, "appointments")
			e.Summary = fmt.Sprintf("Appointments (%d) with %s", len(people), n.Practitioner(st.Practitioner))
			d.site(st.Site, e)
		case plan.ActivityFacilitating, plan.ActivitySupervising:
			i, ok := sessIx[st.Detail]
			if !ok {
				continue
			}
			if st.Activity == plan.ActivitySupervising {
				if doneParty[st.Practitioner+" "+st.Detail] {
					continue // one event for the party's day, not one per slot
				}
				doneParty[st.Practitioner+" "+st.Detail] = true
			}
			sp, allDay, err := d.when(d.b.ro.sessionAt(i))
			if err != nil {
				return err
			}
			s := p.Sessions[i]
			d.prac(st.Practitioner, sessionEvent(n, s, sp, uid(st.Practitioner, s.ID), allDay))
		case plan.ActivityOffice:
			sp, allDay, err := d.when(At{Date: st.Date, Slot: st.Slot})
			if err != nil {
				return err
			}
			d.prac(st.Practitioner, calendar.Event{UID: uid(st.Practitioner, st.Date, st.Slot, "office"), Start: sp.Start, End: sp.End,
				AllDay: allDay, Summary: "Office at " + st.Site, Location: n.Site(st.Site), Categories: []string{"office"}})
		}
	}
	return nil
}

// files writes each diary.
func (d *diaries) files(stamp time.Time) (map[string][]byte, error) {
	n := d.b.n
	out := map[string][]byte{}
	write := func(file, title string, evs []calendar.Event) error {
		var buf bytes.Buffer
		if err := calendar.Write(&buf, title, evs, stamp); err != nil {
			return err
		}
		out[file] = buf.Bytes()
		return nil
	}
	for _, id := range d.pracOrder {
		if err := write(id+".ics", "Rota: "+n.Practitioner(id), d.byPrac[id]); err != nil {
			return nil, err
		}
	}
	for _, id := range d.siteOrd {
		if err := write("site-"+id+".ics", "Rota: "+n.Site(id), d.bySite[id]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func sessionEvent(n names, s plan.Session, sp Span, id string, allDay bool) calendar.Event {
	e := calendar.Event{UID: id, Start: sp.Start, End: sp.End, AllDay: allDay, Location: n.Site(s.Site)}
	if sp.Room != "" {
		e.Location += ", " + sp.Room
	}
	desc := fmt.Sprintf("Session %s\nStaff: %s\nAttending (%d): %s", s.ID,
		strings.Join(strings.Fields(s.Staff), ", "), s.Size, strings.Join(strings.Fields(s.Attendees), ", "))
	if s.Kind == plan.KindWorkParty {
		e.Summary = "Work party: " + n.Project(s.Project)
		e.Categories = []string{"work party"}
	} else {
		e.Summary = "Group: " + n.Intervention(s.Intervention)
		e.Categories = []string{"group session"}
	}
	e.Description = desc
	return e
}

// uid joins the parts that make an event unique.
func uid(parts ...string) string { return strings.Join(parts, "-") }
