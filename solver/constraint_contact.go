package solver

import (
	"fmt"
	"slices"
	"strings"

	"github.com/probation/rota/model/plan"
)

// Contact time: a practitioner's face-to-face hours in the week (their
// appointments, the sessions they facilitate and the work parties they
// supervise) are within a share of their hours net of reductions:
//
//	Σ_d (t·Σ a[p,d,·] + Σ hours_i·f[p,i,·,d,·] + Σ H_j·g[p,j,d]) ≤ σ_grade·(contracted_p − reduction_p)
//
// with σ_grade the setting contact_share (contact_share.<grade>; default
// 0.24 for probation officers and PSOs, 1 for facilitators and
// supervisors: see docs/model.md for the source). The row is made only
// when the options could exceed it, with its rounding by the appointment
// length t (roundedHours, constraint_practitionertime.go):
//
//	Σ ⌊hours_y ÷ t⌋·y ≤ ⌊σ_grade·(contracted_p − reduction_p) ÷ t⌋
//
// Checker rule: staff.contact.
type contactFamily struct{ noShare }

func (*contactFamily) name() string { return "contact time" }

// rows adds each practitioner's week of contact hours.
func (*contactFamily) rows(b *builder) {
	r := b.r
	week := make(map[pracIx]*lin)
	for _, a := range b.staffActs() {
		if week[a.prac] == nil {
			week[a.prac] = &lin{}
		}
		week[a.prac].add(a.col, a.hours)
	}
	for _, p := range b.pracs {
		e := week[p]
		if e == nil {
			continue
		}
		pr := &r.Practitioners[p]
		limit := r.Settings.ContactLimit(*pr)
		sum := 0.0
		for _, v := range e.val {
			sum += v
		}
		if !fitsHours(sum, limit) {
			b.le(colName("contact_", pr.ID), *e, limit)
			b.roundedHours(colName("contactr_", pr.ID), *e, limit, float64(r.Settings.AppointmentMinutes)/60)
		}
	}
}

// staffRulesBlocked explains an appointment left unmet by the staff
// rules: the case manager's contact hours for the week are used, or every
// option falls on the other shift (constraint_shifts.go). It reports
// false when neither holds.
func staffRulesBlocked(d *diagnosis, b *builder, cm pracIx, opts []apptOpt) (string, bool) {
	r := d.r
	pr := &r.Practitioners[cm]
	apptHours := float64(r.Settings.AppointmentMinutes) / 60
	used := 0.0
	for _, a := range d.pl.Appointments {
		if a.CaseManager == pr.ID {
			used += apptHours
		}
	}
	for _, s := range d.pl.Sessions {
		if slices.Contains(strings.Fields(s.Staff), pr.ID) {
			used += s.Hours
		}
	}
	if used+apptHours > r.Settings.ContactLimit(*pr)+tol {
		return fmt.Sprintf("case manager's contact hours for the week (contact_share) used by higher-priority cases: %g of %g h used, an appointment takes %g h", round1(used), round1(r.Settings.ContactLimit(*pr)), apptHours), true
	}
	worked := func(date string, evening bool) bool {
		for _, sl := range b.slots {
			m, e := slotRole(sl)
			act := d.staffAct[[3]string{pr.ID, date, sl.Name}]
			if (evening && e || !evening && m) && act != "" && act != plan.ActivityOffice {
				return true
			}
		}
		return false
	}
	lates := 0
	for _, day := range b.days {
		if worked(day.Date.String(), true) {
			lates++
		}
	}
	var late, day, notLate, limit int
	for _, o := range opts {
		date := b.days[o.day].Date.String()
		m, e := slotRole(b.slots[o.slot])
		switch {
		case m && worked(date, true):
			late++
		case e && worked(date, false):
			day++
		case e && !mayWorkLate(r, pr, b.days[o.day].Weekday):
			notLate++
		case e && pr.LateDays == 0 && !worked(date, true) && lates >= r.Settings.MaxLateDays:
			limit++
		default:
			return "", false
		}
	}
	return commonest(
		blocker{late, "case manager works a late shift on the days they can be seen in the daytime"},
		blocker{day, "case manager works a day shift on the days they can be seen in the evening"},
		blocker{notLate, "case manager does not work late on the days they can be seen in the evening"},
		blocker{limit, fmt.Sprintf("case manager already works the most late shifts a week (%d)", r.Settings.MaxLateDays)},
	), true
}
