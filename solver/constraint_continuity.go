package solver

import (
	"math"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Continuity with last week's rota (Options.Previous, rota solve
// --previous). People expect to see their officer at the same time each
// week, and practitioners to work at the same place on the same weekday.
//
// Last week's rota P is a reference (baseline.go) whose times are
// weekdays: for a person h with an appointment in P, and an appointment
// option a[h,c,k,d,s] of this week,
//
//	cost(a[h,c,k,d,s]) += weight.previous_appointment   unless P has h at site k on weekday(d), slot s
//
// and for a practitioner p who worked weekday(d) in P at site s_P(p,d),
//
//	cost(z[p,d,k]) += weight.previous_staff_day          for k ≠ s_P(p,d)
//
// No row is added: the rules of the week are the same with or without P,
// and where they no longer allow last week's time (the person's
// availability, the case manager's days, a site's open days, a new case
// manager), the appointment moves at that price. A person not due this
// week (contact every 2 or 4 weeks) has no appointment option, so nothing
// is priced for them; a person with no appointment in P (new, or not due
// last week) has nothing to keep. Sessions and work parties are not priced
// here.
//
// The objective gains the term
//
//	continuity = weight.previous_appointment · moved + weight.previous_staff_day · staff_site_changes
//
// counted from the rota (continuityOf), so that summary.json's objective is
// what the solver minimised. A practitioner-day whose site the input fixes
// (one candidate site) has no column: its change, if any, is a constant of
// the term, which the bound leaves out (the bound stays a lower bound).
//
// It is not a family (family.go): it has no columns or rows of its own,
// only costs on the appointment and staff families' options, added once a
// part is built (weekRun.solvePart), as a scenario's baseline is. The
// rota planned with P carries each person's regular appointment into
// regular.csv (carryRegular), so that a case not due this week keeps its
// time the week it is next due.
//
// Checker rules: continuity.counts, continuity.term, continuity.regular
// (with rota check --previous).

// byWeekday names a date by its weekday.
func byWeekday(_, weekday string) string { return weekday }

// newPrevious makes the reference of last week's rota pl.
func newPrevious(pl *plan.Plan, w model.Weights) *reference {
	ref := newReference(&plan.Plan{Staff: pl.Staff, Appointments: regularAppointments(pl)}, byWeekday)
	ref.apptCost, ref.staffCost = w.PreviousAppointment, w.PreviousStaffDay
	return ref
}

// continuityOf counts the changes of pl from last week's rota prev
// (plan.Continuity).
func continuityOf(r *model.Region, pl, prev *plan.Plan) *plan.Continuity {
	c := &plan.Continuity{}
	last := make(map[string][]plan.Appointment)
	for _, a := range regularAppointments(prev) {
		last[a.ServiceUser] = append(last[a.ServiceUser], a)
	}
	for u := range last {
		if _, ok := r.ServiceUserIndex(u); !ok {
			c.Unmatched++
		}
	}
	for _, a := range pl.Appointments {
		was := last[a.ServiceUser]
		if len(was) == 0 {
			continue
		}
		c.Regular++
		kept, daySite := false, false
		ref := was[0]
		for i := len(was) - 1; i >= 0; i-- { // the first on the same weekday wins
			w := was[i]
			if w.Weekday == a.Weekday {
				ref = w
				daySite = daySite || w.Site == a.Site
				kept = kept || (w.Site == a.Site && w.Slot == a.Slot)
			}
		}
		if daySite {
			c.KeptDaySite++
		}
		if kept {
			c.Kept++
			continue
		}
		c.MovedWeekday += b2i(ref.Weekday != a.Weekday)
		c.MovedSlot += b2i(ref.Slot != a.Slot)
		c.MovedSite += b2i(ref.Site != a.Site)
	}
	c.KeptShare, c.DaySiteShare = share(c.Kept, c.Regular), share(c.KeptDaySite, c.Regular)
	staffContinuity(c, pl, prev)
	return c
}

// staffContinuity counts the practitioner-days of pl against prev's.
func staffContinuity(c *plan.Continuity, pl, prev *plan.Plan) {
	was := make(map[[2]string]string)
	for _, s := range staffDays(prev) {
		was[[2]string{s.Practitioner, s.Weekday}] = s.Site
	}
	now := make(map[[2]string]bool)
	for _, s := range staffDays(pl) {
		k := [2]string{s.Practitioner, s.Weekday}
		now[k] = true
		site, ok := was[k]
		switch {
		case !ok:
			c.DaysAdded++
		case site != s.Site:
			c.StaffDays++
			c.StaffMoved++
		default:
			c.StaffDays++
		}
	}
	for k := range was {
		if !now[k] {
			c.DaysDropped++
		}
	}
}

// regularAppointments are the appointments last week's rota pl offers as
// the reference: its own, and its regular.csv rows of people it has none
// for (plan.RegularOf).
func regularAppointments(pl *plan.Plan) []plan.Appointment {
	rows := plan.RegularOf(pl)
	out := make([]plan.Appointment, len(rows))
	for i, g := range rows {
		out[i] = plan.Appointment{ServiceUser: g.ServiceUser, Site: g.Site, Date: g.Date, Weekday: g.Weekday, Slot: g.Slot}
	}
	return out
}

// carryRegular is the week's regular.csv: its appointments, then the rows
// of last week's reference of people in the input with no appointment
// this week.
func carryRegular(r *model.Region, pl, prev *plan.Plan) []plan.RegularRow {
	out := plan.RegularOf(&plan.Plan{Appointments: pl.Appointments})
	seen := make(map[string]bool, len(out))
	for _, g := range out {
		seen[g.ServiceUser] = true
	}
	for _, g := range plan.RegularOf(prev) {
		if _, ok := r.ServiceUserIndex(g.ServiceUser); ok && !seen[g.ServiceUser] {
			out = append(out, g)
		}
	}
	return out
}

// continuityTerm is the objective's continuity term of counts c.
func continuityTerm(w model.Weights, c *plan.Continuity) float64 {
	return w.PreviousAppointment*float64(c.Regular-c.Kept) + w.PreviousStaffDay*float64(c.StaffMoved)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// share is a ÷ n, rounded to 6 places; 1 when n is 0.
func share(a, n int) float64 {
	if n == 0 {
		return 1
	}
	return math.Round(float64(a)/float64(n)*1e6) / 1e6
}
