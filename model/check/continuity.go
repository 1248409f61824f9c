package check

import (
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// CheckPrevious is Check for a rota planned after last week's rota prev
// (rota solve --previous): besides every rule of Check, it recomputes the
// changes from prev (summary.json's continuity) and the objective's
// continuity term, comparing weekdays, slots and sites, not dates.
// Without prev, Check takes the continuity term as summary.json gives it,
// since it cannot recompute it.
func CheckPrevious(r *model.Region, p, prev *plan.Plan) *Report {
	return run(r, p, prev)
}

// continuityCount is the checker's own count of the changes from last
// week: docs/output-format.md, "Continuity".
func continuityCount(p, prev *plan.Plan) plan.Continuity {
	var c plan.Continuity
	type seen struct{ weekday, slot, site string }
	last := make(map[string][]seen)
	for _, g := range reference(prev) {
		last[g.ServiceUser] = append(last[g.ServiceUser], seen{weekdayOf(g.Date, g.Weekday), g.Slot, g.Site})
	}
	for _, a := range p.Appointments {
		was := last[a.ServiceUser]
		if len(was) == 0 {
			continue
		}
		c.Regular++
		now := seen{weekdayOf(a.Date, a.Weekday), a.Slot, a.Site}
		ref, sameDay := was[0], false
		kept, daySite := false, false
		for _, w := range was {
			if w.weekday != now.weekday {
				continue
			}
			if !sameDay {
				ref, sameDay = w, true
			}
			kept = kept || w == now
			daySite = daySite || w.site == now.site
		}
		if daySite {
			c.KeptDaySite++
		}
		if kept {
			c.Kept++
			continue
		}
		if ref.weekday != now.weekday {
			c.MovedWeekday++
		}
		if ref.slot != now.slot {
			c.MovedSlot++
		}
		if ref.site != now.site {
			c.MovedSite++
		}
	}
	c.KeptShare, c.DaySiteShare = ratio(c.Kept, c.Regular), ratio(c.KeptDaySite, c.Regular)
	countStaffDays(&c, p, prev)
	return c
}

// countStaffDays compares each practitioner's site on each weekday.
func countStaffDays(c *plan.Continuity, p, prev *plan.Plan) {
	site := func(pl *plan.Plan) map[[2]string]string {
		m := make(map[[2]string]string)
		for _, s := range pl.Staff {
			k := [2]string{s.Practitioner, weekdayOf(s.Date, s.Weekday)}
			if _, ok := m[k]; !ok {
				m[k] = s.Site
			}
		}
		return m
	}
	was, now := site(prev), site(p)
	for k, s := range now {
		w, ok := was[k]
		switch {
		case !ok:
			c.DaysAdded++
		default:
			c.StaffDays++
			if w != s {
				c.StaffMoved++
			}
		}
	}
	for k := range was {
		if _, ok := now[k]; !ok {
			c.DaysDropped++
		}
	}
}

// weekdayOf is the weekday of a date, or the row's weekday column when the
// date does not parse (file.value reports that for this week's rota).
func weekdayOf(date, column string) string {
	d, err := model.ParseDate(date)
	if err != nil {
		return column
	}
	return model.WeekdayOf(d.Time).String()
}

func ratio(a, n int) float64 {
	if n == 0 {
		return 1
	}
	return float64(a) / float64(n)
}

// checkContinuity compares summary.json's continuity with the counts
// recomputed from the rota and last week's rota, and sets the objective's
// continuity term: recomputed with last week's rota, else as given.
func (c *checker) checkContinuity() {
	sum := &c.p.Summary
	if c.prev == nil {
		c.terms.Continuity = sum.Terms.Continuity
		return
	}
	want := continuityCount(c.p, c.prev)
	people := make(map[string]bool)
	for _, g := range reference(c.prev) {
		if c.users[g.ServiceUser] == nil && !people[g.ServiceUser] {
			people[g.ServiceUser] = true
			want.Unmatched++
		}
	}
	c.checkRegular()
	w := c.s.Weights
	c.terms.Continuity = w.PreviousAppointment*float64(want.Regular-want.Kept) + w.PreviousStaffDay*float64(want.StaffMoved)
	const at = plan.SummaryFile
	if !closeTo(sum.Terms.Continuity, c.terms.Continuity) {
		c.add("continuity.term", at, "terms.continuity is %s, recomputed %s (weight.previous_appointment × %d moved + weight.previous_staff_day × %d site changes)",
			fmtNum(sum.Terms.Continuity), fmtNum(c.terms.Continuity), want.Regular-want.Kept, want.StaffMoved)
	}
	got := sum.Continuity
	if got == nil {
		c.add("continuity.counts", at, "no continuity counts, but the rota is checked against last week's")
		return
	}
	for _, f := range [...]struct {
		name      string
		got, want int
	}{
		{"regular_appointments", got.Regular, want.Regular},
		{"kept", got.Kept, want.Kept},
		{"kept_weekday_site", got.KeptDaySite, want.KeptDaySite},
		{"moved_weekday", got.MovedWeekday, want.MovedWeekday},
		{"moved_slot", got.MovedSlot, want.MovedSlot},
		{"moved_site", got.MovedSite, want.MovedSite},
		{"staff_days", got.StaffDays, want.StaffDays},
		{"staff_site_changes", got.StaffMoved, want.StaffMoved},
		{"staff_days_not_worked", got.DaysDropped, want.DaysDropped},
		{"staff_days_new", got.DaysAdded, want.DaysAdded},
		{"previous_people_not_in_input", got.Unmatched, want.Unmatched},
	} {
		if f.got != f.want {
			c.add("continuity.counts", at, "continuity.%s is %d, recomputed %d", f.name, f.got, f.want)
		}
	}
	for _, f := range [...]struct {
		name      string
		got, want float64
	}{{"kept_share", got.KeptShare, want.KeptShare}, {"kept_weekday_site_share", got.DaySiteShare, want.DaySiteShare}} {
		if !closeTo(f.got, f.want) {
			c.add("continuity.counts", at, "continuity.%s is %s, recomputed %s", f.name, fmtNum(f.got), fmtNum(f.want))
		}
	}
}

// reference is what last week's rota prev offers to keep: its
// appointments, then its regular.csv rows of people with none.
func reference(prev *plan.Plan) []plan.RegularRow {
	var out []plan.RegularRow
	had := make(map[string]bool)
	for _, a := range prev.Appointments {
		out = append(out, plan.RegularRow{ServiceUser: a.ServiceUser, Date: a.Date, Weekday: a.Weekday, Slot: a.Slot, Site: a.Site})
		had[a.ServiceUser] = true
	}
	for _, g := range prev.Regular {
		if !had[g.ServiceUser] {
			out = append(out, g)
		}
	}
	return out
}

// checkRegular compares regular.csv with this week's appointments, then
// last week's reference rows of people in the input with none this week,
// in that order.
func (c *checker) checkRegular() {
	var want []plan.RegularRow
	had := make(map[string]bool)
	for _, a := range c.p.Appointments {
		want = append(want, plan.RegularRow{ServiceUser: a.ServiceUser, Date: a.Date, Weekday: a.Weekday, Slot: a.Slot, Site: a.Site})
		had[a.ServiceUser] = true
	}
	for _, g := range reference(c.prev) {
		if !had[g.ServiceUser] && c.users[g.ServiceUser] != nil {
			want = append(want, g)
		}
	}
	got := c.p.Regular
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			c.add("continuity.regular", plan.RegularFile, "%d rows, want %d: missing %s's", len(got), len(want), want[i].ServiceUser)
			return
		case i >= len(want):
			c.add("continuity.regular", where(plan.RegularFile, i), "%d rows, want %d: %s's row is extra", len(got), len(want), got[i].ServiceUser)
			return
		case got[i] != want[i]:
			c.add("continuity.regular", where(plan.RegularFile, i), "%+v, want %+v", got[i], want[i])
		}
	}
}
