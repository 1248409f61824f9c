package solver

import "math"

// A practitioner's time: one activity a slot, and the day's hours.
//
// Every family that gives a practitioner something to do registers its
// columns here as it makes them (appointments by day, a session in its
// slot, a work party all day), with the hours each takes. For
// practitioner p and day d, with t = appointment_minutes ÷ 60 and H the
// hours of their day (hoursPerDay):
//
//	Σ_i f[p,i,·,d,s] + Σ_j g[p,j,d]·[s daytime] ≤ 1                (one activity a slot)
//	t·Σ a[·,d,·,·] + Σ hours_f·f[p,·,d,·] + Σ H_j·g[p,j,d] ≤ H      (the day's hours)
//	Σ ⌊t_j ÷ t⌋·y_j ≤ ⌊H ÷ t⌋                                       (its rounding, roundedHours)
//
// Appointments in a slot are the case manager's slot rows
// (constraint_appointments.go), which take busyCols.
//
// Checker rules: staff.hours, staff.one-activity-a-slot.
type practitionerTime struct {
	noShare
	appts  map[pdKey][]int  // appointments of a case manager's day
	inSlot map[pdsKey][]int // activities of one slot (facilitating)
	allDay map[pdKey][]int  // activities of every daytime slot (supervising)
	hours  map[int]float64  // hours of each inSlot and allDay column
}

func (*practitionerTime) name() string { return "practitioner time" }

func (t *practitionerTime) addAppt(p pracIx, d dayIx, col int) {
	t.appts[pdKey{p, d}] = append(t.appts[pdKey{p, d}], col)
}

func (t *practitionerTime) addInSlot(p pracIx, d dayIx, s slotIx, col int, hours float64) {
	k := pdsKey{p, d, s}
	t.inSlot[k] = append(t.inSlot[k], col)
	t.hours[col] = hours
}

func (t *practitionerTime) addAllDay(p pracIx, d dayIx, col int, hours float64) {
	t.allDay[pdKey{p, d}] = append(t.allDay[pdKey{p, d}], col)
	t.hours[col] = hours
}

// busyCols are the columns that take practitioner p's slot s on day d away
// from appointments: facilitating then, or supervising a party that day.
func (t *practitionerTime) busyCols(b *builder, p pracIx, d dayIx, s slotIx) []int {
	cols := append([]int(nil), t.inSlot[pdsKey{p, d, s}]...)
	if b.daytime(s) {
		cols = append(cols, t.allDay[pdKey{p, d}]...)
	}
	return cols
}

// rows adds, for every practitioner-day, the one-activity rows of its
// slots and its hours rows.
func (t *practitionerTime) rows(b *builder) {
	r := b.r
	apptHours := float64(r.Settings.AppointmentMinutes) / 60
	for _, p := range b.pracs {
		pr := &r.Practitioners[p]
		for d := range b.days {
			day := dayIx(d)
			if b.staff.loc[pdKey{p, day}] == nil {
				continue
			}
			var hours lin
			for s := range b.slots {
				if cols := t.busyCols(b, p, day, slotIx(s)); len(cols) > 1 {
					var e lin
					for _, col := range cols {
						e.add(col, 1)
					}
					b.le(colName("busy_", pr.ID, "_", d, s), e, 1)
				}
			}
			for _, o := range t.appts[pdKey{p, day}] {
				if h, ok := t.hours[o]; ok { // an induction
					hours.add(o, h)
				} else {
					hours.add(o, apptHours)
				}
			}
			for s := range b.slots {
				for _, col := range t.inSlot[pdsKey{p, day, slotIx(s)}] {
					hours.add(col, t.hours[col])
				}
			}
			for _, col := range t.allDay[pdKey{p, day}] {
				hours.add(col, t.hours[col])
			}
			h := hoursPerDay(pr)
			sum := 0.0
			for _, v := range hours.val {
				sum += v
			}
			if !fitsHours(sum, h) {
				b.le(colName("hours_", pr.ID, "_", d), hours, h)
				b.roundedHours(colName("hoursr_", pr.ID, "_", d), hours, h, apptHours)
			}
		}
	}
	// The registers are needed only for these rows and the appointments'
	// (made before them).
	t.appts, t.inSlot, t.allDay, t.hours = nil, nil, nil, nil
}

// roundedHours adds the Chvátal–Gomory rounding of a day's hours row
// Σ h_j·y_j ≤ H by the appointment length t (every y_j is a non-negative
// integer, so it is valid):
//
//	Σ ⌊h_j ÷ t⌋·y_j ≤ ⌊H ÷ t⌋
//
// It says a case manager sees at most ⌊H ÷ t⌋ people in a day, which the
// hours row alone lets the LP exceed by a fraction each day; on the
// embedded sample this is most of the gap between the LP and the integer
// optimum.
func (b *builder) roundedHours(name string, hours lin, h, t float64) {
	if t <= 0 {
		return
	}
	var e lin
	for k, col := range hours.idx {
		if c := math.Floor(hours.val[k]/t + tol); c > 0 {
			e.add(col, c)
		}
	}
	b.le(name, e, math.Floor(h/t+tol))
}
