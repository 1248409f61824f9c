package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Pins: decisions an operations manager has already taken ("p017 is at
// Oakham on Tuesday", "u0123 is seen on Wednesday at 10:00") that the
// plan must keep. File pins.csv, optional; docs/data-format.md.

// FilePins is the optional file of pinned decisions.
const FilePins = "pins.csv"

var specPins = fileSpec{FilePins, false, []string{"kind"}, nil}

func init() { personalFiles[FilePins] = true }

// PinKind is the kind of decision a pin fixes.
type PinKind string

// Pin kinds.
const (
	PinStaff       PinKind = "staff"       // a practitioner at a site on a date
	PinAppointment PinKind = "appointment" // a person's supervision appointment
	PinGroup       PinKind = "group"       // a person (or a facilitator) in a group session
	PinParty       PinKind = "party"       // a work party on a date, with a worker or supervisor
)

// UnmarshalText implements encoding.TextUnmarshaler: one of the kinds, any case.
func (k *PinKind) UnmarshalText(b []byte) error {
	s := PinKind(strings.ToLower(strings.TrimSpace(string(b))))
	switch s {
	case PinStaff, PinAppointment, PinGroup, PinParty, "":
		*k = s
		return nil
	}
	return badValue(string(b), "is not a kind of pin (staff, appointment, group, party)")
}

// Pin is one pinned decision: a row of pins.csv, or a booking of a rota
// kept by `rota replan`. Its columns are named as in the rota files; the
// columns its kind does not use are empty.
//
//   - staff: practitioner, date, site;
//   - appointment: service_user, date, start or slot, site (practitioner,
//     when given, must be the case manager);
//   - group: service_user or practitioner (a facilitator), and either
//     session (an id of sessions.csv) or intervention, date, site and slot
//     (or start);
//   - party: project, date, and service_user (a worker) or supervisor.
type Pin struct {
	Kind         PinKind `csv:"kind"`
	Practitioner string  `csv:"practitioner,omitempty"`
	ServiceUser  string  `csv:"service_user,omitempty"`
	Date         Date    `csv:"date,omitempty"`
	Start        string  `csv:"start,omitempty"`
	Slot         string  `csv:"slot,omitempty"`
	Site         string  `csv:"site,omitempty"`
	Session      string  `csv:"session,omitempty"`
	Intervention string  `csv:"intervention,omitempty"`
	Project      string  `csv:"project,omitempty"`
	Supervisor   string  `csv:"supervisor,omitempty"`

	// File and Line say where the pin comes from, for messages:
	// "pins.csv" and its line, or "rota DIR/appointments.csv" and the
	// booking's line for a pin `rota replan` made.
	File string `csv:"-"`
	Line int    `csv:"-"`

	// Positions, filled by Region.SetPins: -1 when the pin has none.
	Prac, User, SiteIx, Iv, Proj int     `csv:"-"`
	Day                          Weekday `csv:"-"`
	SlotIx                       int     `csv:"-"`
}

// Where gives "FILE:LINE", the pin's origin.
func (p Pin) Where() string { return p.File + ":" + strconv.Itoa(p.Line) }

// Moment is a date and a time of day (minutes after midnight).
type Moment struct {
	Date   Date
	Minute int
}

// IsZero reports whether m is unset.
func (m Moment) IsZero() bool { return m.Date.IsZero() }

// Before reports whether the start of slot on date lies before m.
func (m Moment) Before(date Date, minute int) bool {
	if m.IsZero() {
		return false
	}
	if !date.Equal(m.Date.Time) {
		return date.Before(m.Date.Time)
	}
	return minute < m.Minute
}

// String gives "YYYY-MM-DDTHH:MM".
func (m Moment) String() string {
	return fmt.Sprintf("%sT%02d:%02d", m.Date, m.Minute/60, m.Minute%60)
}

// ParseMoment reads "YYYY-MM-DDTHH:MM" (or a space for the T).
func ParseMoment(s string) (Moment, error) {
	s = strings.TrimSpace(s)
	d, t, ok := strings.Cut(strings.Replace(s, " ", "T", 1), "T")
	if !ok {
		return Moment{}, fmt.Errorf("%q: want YYYY-MM-DDTHH:MM", s)
	}
	date, err := ParseDate(d)
	if err != nil {
		return Moment{}, err
	}
	m, err := parseClock(t)
	if err != nil {
		return Moment{}, fmt.Errorf("%q: %w", s, err)
	}
	return Moment{Date: date, Minute: m}, nil
}

// Pins are the region's pinned decisions (pins.csv, or a rota's past
// kept by `rota replan`) and, for a re-plan, the moment before which
// nothing may be added: every booking that starts before Frozen is kept
// as pinned, and no other may start before it.
type Pins struct {
	List   []Pin
	Frozen Moment

	lines pinLines // lines of the other files' rows, for messages
}

// pinColumns are the columns each kind uses; a cell in another column is
// an error, so that a pin never reads as more than it fixes.
var pinColumns = map[PinKind][]string{
	PinStaff:       {"practitioner", "date", "site"},
	PinAppointment: {"service_user", "practitioner", "date", "start", "slot", "site"},
	PinGroup:       {"service_user", "practitioner", "date", "start", "slot", "site", "session", "intervention"},
	PinParty:       {"project", "date", "service_user", "supervisor"},
}

// loadPins reads pins.csv: the kind, the columns the kind uses, dates
// and times. References and the rules a pin must not break are checked
// once the region is built (Region.SetPins).
func (l *loader) loadPins() {
	l.r.Pins.List, _ = decodeFile(l, specPins, func(r *row, v *Pin) {
		v.File, v.Line = FilePins, r.line
		if !r.ok("kind") {
			return
		}
		use := pinColumns[v.Kind]
		for _, col := range []string{"practitioner", "service_user", "date", "start", "slot", "site", "session", "intervention", "project", "supervisor"} {
			if r.raw(col) != "" && !contains(use, col) {
				r.errf(col, "a %s pin does not use %s (it uses %s)", v.Kind, col, strings.Join(use, ", "))
			}
		}
		if r.raw("start") != "" {
			if _, err := parseClock(r.raw("start")); err != nil {
				r.errf("start", "%s", err)
			}
		}
		l.checkPinNeeds(r, v)
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkPinNeeds reports the columns a pin of its kind must fill.
func (l *loader) checkPinNeeds(r *row, v *Pin) {
	need := func(cols ...string) {
		for _, c := range cols {
			if r.raw(c) == "" {
				r.errf(c, "a %s pin needs %s", v.Kind, c)
			}
		}
	}
	either := func(a, b string) {
		if r.raw(a) == "" && r.raw(b) == "" {
			r.errf(a, "a %s pin needs %s or %s", v.Kind, a, b)
		}
	}
	switch v.Kind {
	case PinStaff:
		need("practitioner", "date", "site")
	case PinAppointment:
		need("service_user", "date", "site")
		either("start", "slot")
	case PinGroup:
		either("service_user", "practitioner")
		if r.raw("session") == "" {
			need("intervention", "date", "site")
			either("slot", "start")
		}
	case PinParty:
		need("project", "date")
		either("service_user", "supervisor")
	case "":
		r.errf("kind", "a pin needs its kind (staff, appointment, group, party)")
	}
}

// setPins records the rows' lines for the pins' messages and checks the
// pins of pins.csv against the built region (Region.SetPins).
func (l *loader) setPins() error {
	l.r.Pins.lines = pinLines{FileSites: l.siteLines, FilePractitioners: l.pracLines,
		FileServiceUsers: l.userLines, FileProjects: l.projLines,
		FileInterventions: l.intvLines, FileNonAssociations: l.naLines}
	if len(l.r.Pins.List) == 0 {
		return nil
	}
	return l.r.SetPins(l.r.Pins.List, Moment{}, l.opt.ShowValues)
}
