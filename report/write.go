package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/report/calendar"
	"github.com/probation/rota/solver/caseload"
)

// File names the report writes into a rota folder.
const (
	HTMLFile     = "report.html"
	CalendarsDir = "calendars"
)

//go:embed assets/*
var assets embed.FS

func asset(name string) string {
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		panic(err) // only for a name not embedded: a programming error
	}
	return string(b)
}

// gridArgs carries a grid's rows with the page's days into the "grid"
// template.
type gridArgs struct {
	Days                      []dayCol
	Rows                      []gridRow
	Heading, Key, Note, Class string
}

var funcs = template.FuncMap{
	"gridArgs": func(days []dayCol, rows []gridRow, heading, key, note, class string) gridArgs {
		return gridArgs{Days: days, Rows: rows, Heading: heading, Key: key, Note: note, Class: class}
	},
}

var rotaTemplate = template.Must(template.New("rota.html").Funcs(funcs).ParseFS(assets, "assets/rota.html"))

// HTML renders the rota's report.html.
func (ro *Rota) HTML() ([]byte, error) {
	pg, err := ro.build()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = rotaTemplate.Execute(&buf, struct {
		*rotaPage
		CSS template.CSS
		JS  template.JS
	}{pg, template.CSS(asset("style.css")), template.JS(asset("script.js"))})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteDir writes report.html and calendars/ into dir (the rota folder),
// each file atomically. Calendars left by an earlier run for people or
// sites no longer on the rota are removed.
func (ro *Rota) WriteDir(dir string) error {
	b, err := ro.HTML()
	if err != nil {
		return err
	}
	if err := plan.WriteFileAtomic(filepath.Join(dir, HTMLFile), b); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	cals, err := ro.Calendars()
	if err != nil {
		return err
	}
	cdir := filepath.Join(dir, CalendarsDir)
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if old, err := filepath.Glob(filepath.Join(cdir, "*.ics")); err == nil {
		for _, f := range old {
			if _, ok := cals[filepath.Base(f)]; !ok {
				os.Remove(f)
			}
		}
	}
	for name, c := range cals {
		if err := plan.WriteFileAtomic(filepath.Join(cdir, name), c); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// Write is what `rota solve` calls once the plan is written into dir:
// report.html and calendars/ beside the rota files, from the plan in
// memory, the caseload result when balanced (bal may be nil) and the
// region planned.
func Write(dir string, p *plan.Plan, bal *caseload.Result, r *model.Region) error {
	var cl *plan.Caseload
	if bal != nil {
		cl = &plan.Caseload{Rows: bal.Rows, Moves: bal.Moves, Summary: bal.Summary}
	}
	return FromPlan(p, cl, r).WriteDir(dir)
}

// WriteFromDir reads the rota folder dir (planned for r; nil shows ids
// only) and writes its report.html and calendars/ into it.
func WriteFromDir(dir string, r *model.Region) error {
	ro, err := ReadRota(dir, r)
	if err != nil {
		return err
	}
	return ro.WriteDir(dir)
}

// Calendars gives the iCalendar files by file name: <practitioner>.ics and
// site-<site>.ics.
func (ro *Rota) Calendars() (map[string][]byte, error) {
	n := names{ro.Region}
	wk := ro.week()
	p := ro.Plan
	stamp := ro.weekStart().Time // DTSTAMP: the week's Monday, 00:00 UTC
	byPrac := map[string][]calendar.Event{}
	bySite := map[string][]calendar.Event{}
	var pracOrder, siteOrder []string
	addP := func(id string, e calendar.Event) {
		if _, ok := byPrac[id]; !ok {
			pracOrder = append(pracOrder, id)
		}
		byPrac[id] = append(byPrac[id], e)
	}
	addS := func(id string, e calendar.Event) {
		if _, ok := bySite[id]; !ok {
			siteOrder = append(siteOrder, id)
		}
		bySite[id] = append(bySite[id], e)
	}
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
	when := func(at At) (Span, error) {
		sp, err := wk.When(at)
		if err == nil && !sp.Known() {
			// No slot hours: an all-day entry naming the slot.
			sp.Start, sp.End = sp.Day, sp.Day.AddDate(0, 0, 1)
		}
		return sp, err
	}
	sessAt := func(i int) At {
		if i < len(ro.SessionAt) && ro.SessionAt[i].Date == p.Sessions[i].Date {
			return ro.SessionAt[i]
		}
		return At{Date: p.Sessions[i].Date, Slot: p.Sessions[i].Slot}
	}
	apptAt := func(i int) At {
		if i < len(ro.ApptAt) && ro.ApptAt[i].Date == p.Appointments[i].Date {
			return ro.ApptAt[i]
		}
		return At{Date: p.Appointments[i].Date, Slot: p.Appointments[i].Slot}
	}
	doneParty := map[string]bool{}
	for _, st := range p.Staff {
		switch st.Activity {
		case plan.ActivityAppointments:
			rows := appts[slotKey{st.Practitioner, st.Date, st.Slot}]
			sp, err := when(At{Date: st.Date, Slot: st.Slot})
			if err != nil {
				return nil, err
			}
			var people []string
			room := ""
			for _, i := range rows {
				people = append(people, p.Appointments[i].ServiceUser)
				if a := apptAt(i); a.Room != "" {
					room = a.Room
				}
			}
			if len(rows) == 0 {
				people = strings.Fields(st.Detail)
			}
			loc := n.Site(st.Site)
			if room != "" {
				loc += ", " + room
			}
			e := calendar.Event{UID: uid(st.Practitioner, st.Date, st.Slot, "appointments"), Start: sp.Start, End: sp.End,
				AllDay: !wk.known(st.Slot), Summary: fmt.Sprintf("Appointments (%d) at %s", len(people), st.Site),
				Location: loc, Description: "Seeing: " + strings.Join(people, ", ") + "\nSlot: " + sp.Label,
				Categories: []string{"appointments"}}
			addP(st.Practitioner, e)
			e.UID = uid("site", st.Site, st.Date, st.Slot, st.Practitioner, "appointments")
			e.Summary = fmt.Sprintf("Appointments (%d) with %s", len(people), n.Practitioner(st.Practitioner))
			addS(st.Site, e)
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
			s := p.Sessions[i]
			sp, err := when(sessAt(i))
			if err != nil {
				return nil, err
			}
			addP(st.Practitioner, sessionEvent(n, s, sp, uid(st.Practitioner, s.ID), !wk.known(s.Slot)))
		case plan.ActivityOffice:
			sp, err := when(At{Date: st.Date, Slot: st.Slot})
			if err != nil {
				return nil, err
			}
			addP(st.Practitioner, calendar.Event{UID: uid(st.Practitioner, st.Date, st.Slot, "office"), Start: sp.Start, End: sp.End,
				AllDay: !wk.known(st.Slot), Summary: "Office at " + st.Site, Location: n.Site(st.Site), Categories: []string{"office"}})
		}
	}
	for i, s := range p.Sessions {
		sp, err := when(sessAt(i))
		if err != nil {
			return nil, err
		}
		addS(s.Site, sessionEvent(n, s, sp, uid("site", s.ID), !wk.known(s.Slot)))
	}
	out := map[string][]byte{}
	write := func(file, title string, evs []calendar.Event) error {
		var buf bytes.Buffer
		if err := calendar.Write(&buf, title, evs, stamp); err != nil {
			return err
		}
		out[file] = buf.Bytes()
		return nil
	}
	for _, id := range pracOrder {
		if err := write(id+".ics", "Rota: "+n.Practitioner(id), byPrac[id]); err != nil {
			return nil, err
		}
	}
	for _, id := range siteOrder {
		if err := write("site-"+id+".ics", "Rota: "+n.Site(id), bySite[id]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// known reports whether the slot's hours are known.
func (w Week) known(slot string) bool {
	if slot == plan.SlotDay {
		for _, s := range w.Slots {
			if s.Start < daytimeEnd {
				return true
			}
		}
		return false
	}
	for _, s := range w.Slots {
		if s.Name == slot {
			return true
		}
	}
	return false
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
