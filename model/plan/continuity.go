package plan

import (
	"errors"
	"fmt"
	"io/fs"
)

// Continuity counts what changed from last week's rota (rota solve
// --previous; docs/output-format.md). Weekdays, slots and sites are
// compared, not dates.
//
// A regular appointment is an appointment this week of a person who had
// one last week. It is kept when last week had one for them on the same
// weekday, in the same slot, at the same site. A moved one is compared
// with their last week's appointment on the same weekday, else their
// first of last week, for the three counts of what moved (one appointment
// may count in several).
//
// A practitioner-day is compared when the practitioner worked that
// weekday in both weeks; days worked in one week only follow from the
// working pattern and absences in the input, and are counted apart.
type Continuity struct {
	Regular      int     `json:"regular_appointments"`         // appointments this week of people seen last week
	Kept         int     `json:"kept"`                         // on last week's weekday, slot and site
	KeptDaySite  int     `json:"kept_weekday_site"`            // on one of last week's weekday and site pairs, any slot
	KeptShare    float64 `json:"kept_share"`                   // Kept ÷ Regular (1 when none)
	DaySiteShare float64 `json:"kept_weekday_site_share"`      // KeptDaySite ÷ Regular (1 when none)
	MovedWeekday int     `json:"moved_weekday"`                // moved appointments on another weekday
	MovedSlot    int     `json:"moved_slot"`                   // … in another slot
	MovedSite    int     `json:"moved_site"`                   // … at another site
	StaffDays    int     `json:"staff_days"`                   // practitioner-days on a weekday worked in both weeks
	StaffMoved   int     `json:"staff_site_changes"`           // of those, at another site than last week
	DaysDropped  int     `json:"staff_days_not_worked"`        // weekdays worked last week and not this week
	DaysAdded    int     `json:"staff_days_new"`               // weekdays worked this week and not last week
	Unmatched    int     `json:"previous_people_not_in_input"` // people with an appointment last week who are not in this week's input
}

// RegularFile is the optional file of each person's regular appointment.
const RegularFile = "regular.csv"

// RegularRow is a person's regular appointment (regular.csv): the weekday,
// slot and site of their latest appointment, and its date. A rota planned
// after last week's (rota solve --previous) lists this week's appointments
// and, for people with none this week (contact every 2 or 4 weeks), their
// row of last week's regular.csv (or last week's appointments), so that
// the week they are next due keeps their time. RegularOf gives the
// reference a rota offers the week after it.
type RegularRow struct {
	ServiceUser string `csv:"service_user"`
	Date        string `csv:"date"` // the appointment's date
	Weekday     string `csv:"weekday"`
	Slot        string `csv:"slot"`
	Site        string `csv:"site"`
}

// RegularOf is the reference p offers the week after it: p's appointments,
// then the rows of p's regular.csv of people with no appointment in p.
func RegularOf(p *Plan) []RegularRow {
	out := make([]RegularRow, 0, len(p.Appointments)+len(p.Regular))
	seen := make(map[string]bool)
	for _, a := range p.Appointments {
		out = append(out, RegularRow{ServiceUser: a.ServiceUser, Date: a.Date, Weekday: a.Weekday, Slot: a.Slot, Site: a.Site})
		seen[a.ServiceUser] = true
	}
	for _, g := range p.Regular {
		if !seen[g.ServiceUser] {
			out = append(out, g)
		}
	}
	return out
}

// readRegular reads regular.csv when the folder has one.
func readRegular(fsys fs.FS, p *Plan) error {
	if _, err := fs.Stat(fsys, RegularFile); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := readCSV(fsys, RegularFile, &p.Regular); err != nil {
		return fmt.Errorf("plan: %s: %w", RegularFile, err)
	}
	return nil
}
