// Package calendar writes iCalendar (RFC 5545) files of a planned week: one
// per practitioner and one per site, for a diary or a phone. It uses
// github.com/arran4/golang-ical to write and read them.
//
// The output is deterministic: the same events give the same bytes. Every
// event's DTSTAMP is the stamp given (the report uses the planning week's
// Monday at 00:00 UTC), UIDs are built from what the event is (who, where,
// when), and times are floating local times (no time zone: an appointment
// at 09:00 is at 09:00 wherever the diary is read), with the calendar
// marked X-WR-TIMEZONE Europe/London.
package calendar

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Event is one entry of a diary.
type Event struct {
	UID         string    // stable id, unique in the calendar, e.g. "p01-2018-06-04-morning"
	Start, End  time.Time // local wall-clock times; the location is ignored
	AllDay      bool      // Start's date only (End is the day after)
	Summary     string
	Location    string
	Description string
	Categories  []string
}

// Domain ends every UID, as RFC 5545 recommends.
const Domain = "rota.probation"

const localLayout = "20060102T150405"

// Write writes a calendar named name holding events, sorted by start then
// UID, each stamped with stamp.
func Write(w io.Writer, name string, events []Event, stamp time.Time) error {
	cal := ics.NewCalendar()
	cal.SetProductId("-//probation//rota//EN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone("Europe/London")
	evs := slices.Clone(events)
	slices.SortStableFunc(evs, func(a, b Event) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.UID, b.UID)
	})
	for _, e := range evs {
		uid := e.UID
		if !strings.Contains(uid, "@") {
			uid += "@" + Domain
		}
		ev := cal.AddEvent(uid)
		ev.SetDtStampTime(stamp)
		if e.AllDay {
			ev.SetAllDayStartAt(e.Start)
			ev.SetAllDayEndAt(e.Start.AddDate(0, 0, 1))
		} else {
			ev.SetProperty(ics.ComponentPropertyDtStart, e.Start.Format(localLayout))
			ev.SetProperty(ics.ComponentPropertyDtEnd, e.End.Format(localLayout))
		}
		ev.SetSummary(e.Summary)
		if e.Location != "" {
			ev.SetLocation(e.Location)
		}
		if e.Description != "" {
			ev.SetDescription(e.Description)
		}
		if len(e.Categories) > 0 {
			ev.SetProperty(ics.ComponentPropertyCategories, strings.Join(e.Categories, ","))
		}
	}
	if err := cal.SerializeTo(w); err != nil {
		return fmt.Errorf("calendar: %s: %w", name, err)
	}
	return nil
}

// Read parses a calendar written by Write (or any iCalendar file) back
// into events, in file order. Floating times are read in loc.
func Read(r io.Reader, loc *time.Location) ([]Event, error) {
	cal, err := ics.ParseCalendar(r)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	var out []Event
	for _, ev := range cal.Events() {
		e := Event{UID: ev.Id()}
		if p := ev.GetProperty(ics.ComponentPropertySummary); p != nil {
			e.Summary = p.Value
		}
		if p := ev.GetProperty(ics.ComponentPropertyLocation); p != nil {
			e.Location = p.Value
		}
		if p := ev.GetProperty(ics.ComponentPropertyDescription); p != nil {
			e.Description = p.Value
		}
		if p := ev.GetProperty(ics.ComponentPropertyCategories); p != nil {
			e.Categories = strings.Split(p.Value, ",")
		}
		start := ev.GetProperty(ics.ComponentPropertyDtStart)
		if start == nil {
			return nil, fmt.Errorf("calendar: event %s has no DTSTART", e.UID)
		}
		if len(start.Value) == len("20060102") {
			e.AllDay = true
			if e.Start, err = time.ParseInLocation("20060102", start.Value, loc); err != nil {
				return nil, fmt.Errorf("calendar: event %s: %w", e.UID, err)
			}
			e.End = e.Start.AddDate(0, 0, 1)
		} else {
			if e.Start, err = time.ParseInLocation(localLayout, start.Value, loc); err != nil {
				return nil, fmt.Errorf("calendar: event %s: %w", e.UID, err)
			}
			end := ev.GetProperty(ics.ComponentPropertyDtEnd)
			if end == nil {
				return nil, fmt.Errorf("calendar: event %s has no DTEND", e.UID)
			}
			if e.End, err = time.ParseInLocation(localLayout, end.Value, loc); err != nil {
				return nil, fmt.Errorf("calendar: event %s: %w", e.UID, err)
			}
		}
		out = append(out, e)
	}
	return out, nil
}
