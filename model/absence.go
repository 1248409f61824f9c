package model

import (
	"fmt"
	"slices"
	"strings"
)

// Absences by date, dated unavailability of service users, and who may
// staff a site: the data of the rules "nobody is booked during an
// absence", "nobody is booked when they cannot come" and "women staff".

// The optional files of dated absences.
const (
	FileAbsences       = "absences.csv"
	FileUnavailability = "unavailability.csv"
)

var (
	specAbsences = fileSpec{FileAbsences, false, []string{"practitioner", "from", "to", "reason"}, nil}
	specUnavail  = fileSpec{FileUnavailability, false, []string{"service_user", "from", "to"}, nil}
)

func init() { personalFiles[FileUnavailability] = true }

// AbsenceReason is why a practitioner is away.
type AbsenceReason string

// Absence reasons.
const (
	AbsenceLeave    AbsenceReason = "leave"
	AbsenceTraining AbsenceReason = "training"
	AbsenceSickness AbsenceReason = "sickness"
	AbsenceCourt    AbsenceReason = "court"
)

// UnmarshalText implements encoding.TextUnmarshaler: one of the reasons,
// any case.
func (a *AbsenceReason) UnmarshalText(b []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(b)))
	switch AbsenceReason(s) {
	case AbsenceLeave, AbsenceTraining, AbsenceSickness, AbsenceCourt, "":
		*a = AbsenceReason(s)
		return nil
	}
	return badValue(string(b), "is not a reason (leave, training, sickness, court)")
}

// Absence is a practitioner away from from to to (inclusive), in the
// named slots of each day or, when slots is empty, all day. Dates outside
// the planning week are ignored. File absences.csv.
type Absence struct {
	Practitioner string        `csv:"practitioner"`
	From         Date          `csv:"from"`
	To           Date          `csv:"to"`
	Slots        List          `csv:"slots,omitempty"` // slot names of the settings; empty = all day
	Reason       AbsenceReason `csv:"reason"`
}

// Unavailability is a service user unable to come from from to to
// (inclusive): a court date, a known shift. Slots as in Absence. File
// unavailability.csv.
type Unavailability struct {
	ServiceUser string `csv:"service_user"`
	From        Date   `csv:"from"`
	To          Date   `csv:"to"`
	Slots       List   `csv:"slots,omitempty"`
}

// StaffGender is a practitioner's gender, when given.
type StaffGender string

// UnmarshalText implements encoding.TextUnmarshaler: female, male or
// empty, any case.
func (g *StaffGender) UnmarshalText(b []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(b)))
	switch Gender(s) {
	case GenderFemale, GenderMale, "":
		*g = StaffGender(s)
		return nil
	}
	return badValue(string(b), "is not female or male")
}

// Female reports whether the practitioner is a woman.
func (g StaffGender) Female() bool { return g == StaffGender(GenderFemale) }

// Male reports whether the practitioner is a man.
func (g StaffGender) Male() bool { return g == StaffGender(GenderMale) }

// FacilitatorGenders is who may facilitate an intervention's sessions.
type FacilitatorGenders string

// Facilitator genders. Empty means FacilitatorsAny.
const (
	FacilitatorsAny    FacilitatorGenders = "any"
	FacilitatorsFemale FacilitatorGenders = "female" // women only
	FacilitatorsMixed  FacilitatorGenders = "mixed"  // at least one woman and one man (two or more facilitators)
)

// UnmarshalText implements encoding.TextUnmarshaler.
func (f *FacilitatorGenders) UnmarshalText(b []byte) error {
	s := FacilitatorGenders(strings.ToLower(strings.TrimSpace(string(b))))
	switch s {
	case FacilitatorsAny, FacilitatorsFemale, FacilitatorsMixed, "":
		*f = s
		return nil
	}
	return badValue(string(b), "is not any, female or mixed")
}

// Mixed reports whether sessions need a woman and a man (mixed, with two
// or more facilitators).
func (iv *Intervention) Mixed() bool {
	return iv.FacilitatorGenders == FacilitatorsMixed && iv.Facilitators >= 2
}

// MayFacilitate reports whether practitioner p's gender lets them
// facilitate iv (female: women only; a site's women_staff is separate).
func (iv *Intervention) MayFacilitate(p *Practitioner) bool {
	return iv.FacilitatorGenders != FacilitatorsFemale || p.Gender.Female()
}

// MayStaff reports whether practitioner p may work at site st: a site with
// women_staff takes women only.
func (st *Site) MayStaff(p *Practitioner) bool { return !st.WomenStaff || p.Gender.Female() }

// awayIndex holds, by position, the slots of each weekday of the planning
// week when a practitioner is absent or a service user unavailable: bit i
// of [d] is slot i on day d.
type awayIndex struct {
	prac, user map[int]*[7]uint64
}

// Absent reports whether practitioner p (a position in Practitioners) is
// absent in slot (an index into Settings.Slots) of day.
func (r *Region) Absent(p int, day Weekday, slot int) bool {
	return inMask(r.away.prac[p], day, slot)
}

// AbsentAllDay reports whether practitioner p is absent in every slot of day.
func (r *Region) AbsentAllDay(p int, day Weekday) bool {
	m := r.away.prac[p]
	return m != nil && day >= Mon && day <= Sun && m[day] == allSlots(len(r.Settings.Slots))
}

// Unavailable reports whether service user u is unable to come in slot of
// day (unavailability.csv).
func (r *Region) Unavailable(u int, day Weekday, slot int) bool {
	return inMask(r.away.user[u], day, slot)
}

// AbsenceReason gives the reason of practitioner p's absence in slot of
// day ("" when they are not absent then): the first row of absences.csv
// that covers it.
func (r *Region) AbsenceReason(p int, day Weekday, slot int) AbsenceReason {
	if !r.Absent(p, day, slot) || p < 0 || p >= len(r.Practitioners) {
		return ""
	}
	date := r.Settings.WeekStart.AddDays(int(day))
	for _, a := range r.Absences {
		if a.Practitioner != r.Practitioners[p].ID || date.Before(a.From.Time) || date.After(a.To.Time) {
			continue
		}
		if len(a.Slots) == 0 || slices.ContainsFunc(a.Slots, func(s string) bool { return slotIndex(r.Settings.Slots, s) == slot }) {
			return a.Reason
		}
	}
	return ""
}

func inMask(m *[7]uint64, day Weekday, slot int) bool {
	return m != nil && day >= Mon && day <= Sun && slot >= 0 && slot < maxSlots && m[day]&(1<<uint(slot)) != 0
}

func allSlots(n int) uint64 {
	if n >= maxSlots {
		return ^uint64(0)
	}
	return 1<<uint(n) - 1
}

// loadAway reads absences.csv and unavailability.csv and files their
// slots by weekday.
func (l *loader) loadAway() {
	l.r.away = awayIndex{prac: map[int]*[7]uint64{}, user: map[int]*[7]uint64{}}
	l.r.Absences, _ = decodeFile(l, specAbsences, func(r *row, v *Absence) {
		p, ok := l.ref(r, "practitioner", v.Practitioner, l.pracs, FilePractitioners, "practitioner")
		if m, in := l.awayDates(r, v.From, v.To, v.Slots); in && ok {
			orMask(l.r.away.prac, p, m)
		}
	})
	l.r.Unavailability, _ = decodeFile(l, specUnavail, func(r *row, v *Unavailability) {
		u, ok := l.ref(r, "service_user", v.ServiceUser, l.users, FileServiceUsers, "service user")
		if m, in := l.awayDates(r, v.From, v.To, v.Slots); in && ok {
			orMask(l.r.away.user, u, m)
		}
	})
}

func orMask(to map[int]*[7]uint64, i int, m [7]uint64) {
	if to[i] == nil {
		to[i] = new([7]uint64)
	}
	for d := range m {
		to[i][d] |= m[d]
	}
}

// awayDates checks a row's from, to and slots, and gives its slots by
// weekday of the planning week; in is false when the row is in error or
// wholly outside the week (a warning).
func (l *loader) awayDates(r *row, from, to Date, slots List) (m [7]uint64, in bool) {
	if !r.has("from") || !r.has("to") || !r.ok("slots") {
		return m, false
	}
	if to.Before(from.Time) {
		r.errf("to", "%q is before from", r.v(to))
		return m, false
	}
	ss := l.r.Settings.Slots
	var mask uint64
	for _, name := range slots {
		i := slotIndex(ss, name)
		if i < 0 {
			r.errf("slots", "%q is not a slot of the settings (%s)", r.v(name), slotNames(ss))
			return m, false
		}
		mask |= 1 << uint(i)
	}
	if len(slots) == 0 {
		mask = allSlots(len(ss))
	}
	for d := Mon; d <= Sun; d++ {
		date := l.r.Settings.WeekStart.AddDays(int(d))
		if !date.Before(from.Time) && !date.After(to.Time) {
			m[d], in = mask, true
		}
	}
	if !in {
		r.p.warn(r.file, r.line, "from", fmt.Sprintf("the dates are outside the planning week (from %s); ignored", l.r.Settings.WeekStart))
	}
	return m, in
}

// checkWomenStaff reports a practitioner who is not a woman based at a
// site that takes women staff only (an error: they could work nowhere),
// and warns of a usual pattern that sends them to one (the pattern is
// not followed on that day).
func (l *loader) checkWomenStaff() {
	if !l.loaded[FilePractitioners] || !l.loaded[FileSites] {
		return
	}
	for i := range l.r.Practitioners {
		p := &l.r.Practitioners[i]
		if i >= len(l.pracLines) {
			break
		}
		if k, ok := l.sites[p.BaseSite]; ok && !l.r.Sites[k].MayStaff(p) {
			l.p.add(FilePractitioners, l.pracLines[i], "base_site", fmt.Sprintf("%q takes women staff only (sites.csv women_staff) and the gender is not female", p.BaseSite))
		}
		for d := Mon; d <= Sun; d++ {
			if id, ok := p.Pattern.Site(d); ok {
				if k, ok := l.sites[id]; ok && !l.r.Sites[k].MayStaff(p) {
					l.p.warn(FilePractitioners, l.pracLines[i], "pattern", fmt.Sprintf("%s: %q takes women staff only (sites.csv women_staff); that day is planned as if no site were usual", d, id))
				}
			}
		}
	}
}
