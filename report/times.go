package report

import (
	"fmt"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Week turns the days and slots of rota rows into times. Its zero value
// knows no slots: rows then show their slot's name.
type Week struct {
	Slots []model.Slot // the region's slots, in the day's order
}

// At is where a row stands in time: what the rota file says (date, slot,
// and start, end and room when the file has those columns).
type At struct {
	Date, Slot string
	Start, End string // "HH:MM", empty when the file has no such column
	Room       string
}

// Span is when a rota row happens.
type Span struct {
	Day        time.Time // the date at 00:00, floating (UTC location, read as local)
	Start, End time.Time // zero when the times are unknown
	Room       string
	Label      string // "09:00–12:30", or the slot's name when its hours are unknown
}

// Known reports whether the span has times.
func (s Span) Known() bool { return !s.Start.IsZero() }

// daytimeEnd is when daytime ends: a work party ("day") covers every slot
// that starts before it (docs/output-format.md).
const daytimeEnd = 17 * 60

// When is the one place a row's date and slot (and start, end and room,
// when the rota carries them) become times. A work party's slot "day"
// spans the daytime slots. An unparsable date gives an error.
func (w Week) When(a At) (Span, error) {
	day, err := time.Parse(time.DateOnly, a.Date)
	if err != nil {
		return Span{}, fmt.Errorf("report: date %q: %w", a.Date, err)
	}
	sp := Span{Day: day, Room: a.Room, Label: a.Slot}
	if a.Start != "" && a.End != "" {
		s, err1 := clock(a.Start)
		e, err2 := clock(a.End)
		if err1 == nil && err2 == nil {
			sp.Start, sp.End = day.Add(s), day.Add(e)
			sp.Label = a.Start + "–" + a.End
			return sp, nil
		}
	}
	lo, hi := -1, -1
	for _, s := range w.Slots {
		if s.Name == a.Slot || (a.Slot == plan.SlotDay && s.Start < daytimeEnd) {
			if lo < 0 || s.Start < lo {
				lo = s.Start
			}
			hi = max(hi, s.End)
		}
	}
	if lo < 0 {
		return sp, nil
	}
	sp.Start = day.Add(time.Duration(lo) * time.Minute)
	sp.End = day.Add(time.Duration(hi) * time.Minute)
	sp.Label = hhmm(lo) + "–" + hhmm(hi)
	return sp, nil
}

// SlotLabel is a slot's heading: "morning 09:00–12:30", or its name.
func (w Week) SlotLabel(name string) string {
	for _, s := range w.Slots {
		if s.Name == name {
			return name + " " + hhmm(s.Start) + "–" + hhmm(s.End)
		}
	}
	if name == plan.SlotDay {
		return "work parties (day)"
	}
	return name
}

func hhmm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}
