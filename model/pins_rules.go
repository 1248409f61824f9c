package model

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// The rules a pin must not break. A pin that breaks a hard rule of the
// week is an error at load time, naming the pin's row, the rule (the id
// `rota check` reports for it, model/check) and the row of the other file
// it conflicts with, e.g.
//
//	pins.csv:4: site: appointment at oakham on tue 2018-06-05 morning breaks appointment.site-open: sites.csv:7: oakham is open mon wed
//
// What only the solve can find (two pins that together leave no plan)
// is reported after the solve by the pins the plan could not keep
// (rule pins.kept).

// pinLines are the lines of the rows of each file, by position, for the
// messages; the loader records them.
type pinLines map[string][]int

// SetPins checks pins against the region and, when none breaks a rule,
// makes them the region's pins with frozen as the moment before which
// nothing else may start (zero: none). Each pin's ids are resolved to
// positions. The error joins a *FieldError for every problem, located at
// the pin's File and Line. show puts service users' ids into messages
// (Options.ShowValues).
func (r *Region) SetPins(pins []Pin, frozen Moment, show bool) error {
	pc := &pinCheck{r: r, show: show}
	out := make([]Pin, 0, len(pins))
	for _, p := range pins {
		if pc.resolve(&p) {
			pc.rules(&p)
			out = append(out, p)
		}
	}
	out = pc.dedupe(out)
	pc.together(out)
	if len(pc.errs) > 0 {
		return errors.Join(pc.errs...)
	}
	r.Pins.List, r.Pins.Frozen = out, frozen
	return nil
}

type pinCheck struct {
	r    *Region
	show bool
	errs []error
}

func (pc *pinCheck) add(p *Pin, col, format string, args ...any) {
	pc.errs = append(pc.errs, &FieldError{File: p.File, Line: p.Line, Column: col, Msg: fmt.Sprintf(format, args...)})
}

// breaks reports pin p breaking rule, with the other row and what holds there.
func (pc *pinCheck) breaks(p *Pin, col, rule, other, format string, args ...any) {
	pc.add(p, col, "%s breaks %s: %s: %s", pc.describe(p), rule, other, fmt.Sprintf(format, args...))
}

// row gives "FILE:LINE" of row i of file, or the file alone when its lines
// are not known.
func (pc *pinCheck) row(file string, i int) string {
	if ls := pc.r.Pins.lines[file]; i >= 0 && i < len(ls) {
		return fmt.Sprintf("%s:%d", file, ls[i])
	}
	return file
}

func (pc *pinCheck) user(p *Pin) string {
	if p.ServiceUser == "" {
		return ""
	}
	if pc.show {
		return p.ServiceUser
	}
	return "the service user"
}

// describe says what the pin fixes, e.g. "appointment of u0123 at oakham on
// tue 2018-06-05 morning".
func (pc *pinCheck) describe(p *Pin) string {
	when := fmt.Sprintf("%s %s", p.Day, p.Date)
	if p.SlotIx >= 0 {
		when += " " + pc.r.Settings.Slots[p.SlotIx].Name
	}
	who := pc.user(p)
	if who == "" {
		who = p.Practitioner
		if p.Kind == PinParty {
			who = p.Supervisor
		}
	}
	switch p.Kind {
	case PinStaff:
		return fmt.Sprintf("%s at %s on %s", p.Practitioner, p.Site, when)
	case PinAppointment:
		return fmt.Sprintf("appointment of %s at %s on %s", who, p.Site, when)
	case PinGroup:
		return fmt.Sprintf("%s in %s at %s on %s", who, p.Intervention, p.Site, when)
	}
	return fmt.Sprintf("%s in the %s work party on %s", who, p.Project, when)
}

var sessionIDPattern = regexp.MustCompile(`^(.+)-(\d{4}-\d{2}-\d{2})-([A-Za-z0-9_.]+)-\d+$`)

// resolve fills the pin's positions; false when an id, the date or the
// time does not resolve (reported).
func (pc *pinCheck) resolve(p *Pin) bool {
	r := pc.r
	p.Prac, p.User, p.SiteIx, p.Iv, p.Proj, p.SlotIx = -1, -1, -1, -1, -1, -1
	if p.Session != "" && !pc.splitSession(p) {
		return false
	}
	ok := true
	ref := func(col, id string, idx func(string) (int, bool), file, what string, to *int) {
		if id == "" {
			return
		}
		i, found := idx(id)
		if !found {
			shown := id
			if col == "service_user" && !pc.show {
				shown = "the value"
			}
			pc.add(p, col, "%q names no %s in %s", shown, what, file)
			ok = false
			return
		}
		*to = i
	}
	ref("practitioner", p.Practitioner, r.PractitionerIndex, FilePractitioners, "practitioner", &p.Prac)
	ref("supervisor", p.Supervisor, r.PractitionerIndex, FilePractitioners, "practitioner", &p.Prac)
	ref("service_user", p.ServiceUser, r.ServiceUserIndex, FileServiceUsers, "service user", &p.User)
	ref("site", p.Site, r.SiteIndex, FileSites, "site", &p.SiteIx)
	ref("intervention", p.Intervention, r.InterventionIndex, FileInterventions, "intervention", &p.Iv)
	ref("project", p.Project, r.ProjectIndex, FileProjects, "project", &p.Proj)
	if p.Proj >= 0 {
		p.Site = r.Projects[p.Proj].Site
		p.SiteIx, _ = r.SiteIndex(p.Site)
	}
	start := r.Settings.WeekStart
	if p.Date.Before(start.Time) || p.Date.After(start.AddDays(6).Time) {
		pc.add(p, "date", "%s is outside the planning week (%s to %s)", p.Date, start, start.AddDays(6))
		return false
	}
	p.Day = WeekdayOf(p.Date.Time)
	return pc.resolveSlot(p) && ok
}

// splitSession reads a session id INTERVENTION-SITE-DATE-SLOT-N into the
// pin's columns.
func (pc *pinCheck) splitSession(p *Pin) bool {
	m := sessionIDPattern.FindStringSubmatch(p.Session)
	bad := func() bool {
		pc.add(p, "session", "%q is not a session id of sessions.csv (INTERVENTION-SITE-DATE-SLOT-N)", p.Session)
		return false
	}
	if m == nil {
		return bad()
	}
	for _, iv := range pc.r.Interventions {
		site, found := strings.CutPrefix(m[1], iv.ID+"-")
		if _, isSite := pc.r.SiteIndex(site); found && isSite {
			d, err := ParseDate(m[2])
			if err != nil {
				return bad()
			}
			p.Intervention, p.Site, p.Date, p.Slot = iv.ID, site, d, m[3]
			return true
		}
	}
	return bad()
}

// resolveSlot finds the slot named, or the one the start time lies in.
func (pc *pinCheck) resolveSlot(p *Pin) bool {
	ss := pc.r.Settings.Slots
	if p.Slot != "" {
		if p.SlotIx = slotIndex(ss, p.Slot); p.SlotIx < 0 {
			pc.add(p, "slot", "%q is not a slot of the settings (%s)", p.Slot, slotNames(ss))
			return false
		}
	}
	if p.Start == "" {
		return true
	}
	m, err := parseClock(p.Start)
	if err != nil {
		pc.add(p, "start", "%s", err)
		return false
	}
	for i, s := range ss {
		if m >= s.Start && m < s.End && (p.SlotIx < 0 || p.SlotIx == i) {
			p.SlotIx = i
			return true
		}
	}
	pc.add(p, "start", "%s is in no slot of the settings (%s)", p.Start, slotNames(ss))
	return false
}
