package check

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Units of unmet.csv.
const (
	unitAppointments = "appointments"
	unitSessions     = "sessions"
	unitHours        = "hours"
)

// outcome is what the rota plans for one requirement.
type outcome struct {
	q              *model.Requirement
	due, planned   float64
	unit           string
	factor, weight float64
}

func (o outcome) unmet() float64 { return math.Max(0, o.due-o.planned) }

// due is how many appointments or sessions a requirement asks for, with
// the loader's defaults (appointments by tier or IOM, otherwise 1) applied
// in case the requirement was built without the loader.
func (c *checker) due(q *model.Requirement) int {
	if q.Sessions > 0 {
		return q.Sessions
	}
	switch q.Kind {
	case model.KindAppointment:
		if u := c.users[q.ServiceUser]; u != nil {
			return c.s.AppointmentsFor(*u)
		}
	case model.KindIntervention, model.KindRAR:
		return 1
	}
	return 0
}

// factor prices a requirement's unmet amount: priority_weight × tier_weight,
// priority_weight = (6 − priority) ÷ 3, tier_weight A 1.6, B 1.3, C 1.0,
// D 0.8, times 1.5 for an IOM case, times an unpaid-work order's urgency
// (orderclock.go).
func (c *checker) factor(q *model.Requirement) float64 {
	prio := q.Priority
	if prio == 0 {
		prio = 3
	}
	f := float64(6-prio) / 3 * c.urgency(q)
	u := c.users[q.ServiceUser]
	if u == nil {
		return f
	}
	switch u.Tier.Letter() {
	case 'A':
		f *= 1.6
	case 'B':
		f *= 1.3
	case 'D':
		f *= 0.8
	}
	if u.IOM {
		f *= 1.5
	}
	return f
}

// outcomes works out, per requirement (in file order), what is due and
// what the rota plans. Sessions of an intervention are credited to the
// user's requirements for it (an intervention requirement and a rar
// requirement for the same intervention share them) with the highest
// factor first, ties in file order, each up to its due: the attribution
// that leaves the least priced unmet, as docs/output-format.md says;
// work-party hours likewise to their unpaid-work requirements.
func (c *checker) outcomes() []outcome {
	appts := make(map[string]int)
	for i := range c.appts {
		if a := &c.appts[i]; a.ok {
			appts[a.user.ID]++
		}
	}
	sessions := make(map[ivKey]float64)
	hours := make(map[string]float64)
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok {
			continue
		}
		for _, u := range s.attendees {
			if s.party {
				hours[u] += s.hours
			} else {
				sessions[ivKey{u, s.iv.ID}]++
			}
		}
	}
	w := c.s.Weights
	out := make([]outcome, len(c.r.Requirements))
	order := make([]int, len(c.r.Requirements))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(c.factor(&c.r.Requirements[b]), c.factor(&c.r.Requirements[a]))
	})
	for _, i := range order {
		q := &c.r.Requirements[i]
		o := outcome{q: q, factor: c.factor(q)}
		take := func(pool *float64) {
			o.planned = math.Min(*pool, o.due)
			*pool -= o.planned
		}
		switch q.Kind {
		case model.KindAppointment:
			o.due, o.unit, o.weight = float64(c.due(q)), unitAppointments, w.UnmetAppointment
			n := float64(appts[q.ServiceUser])
			take(&n)
			appts[q.ServiceUser] = int(n)
		case model.KindIntervention, model.KindRAR:
			o.due, o.unit, o.weight = float64(c.due(q)), unitSessions, w.UnmetSession
			pool := sessions[ivKey{q.ServiceUser, q.Intervention}]
			take(&pool)
			sessions[ivKey{q.ServiceUser, q.Intervention}] = pool
		case model.KindUnpaidWork:
			o.due, o.unit, o.weight = q.Hours, unitHours, w.UnmetHour
			pool := hours[q.ServiceUser]
			take(&pool)
			hours[q.ServiceUser] = pool
		}
		out[i] = o
	}
	return out
}

// checkUnmet recomputes the coverage and the unmet terms, and checks
// unmet.csv: one row per requirement not fully planned, with its due,
// planned and unmet amounts and unit, and a reason.
func (c *checker) checkUnmet() {
	outs := c.outcomes()
	want := make(map[reqKey]*outcome, len(outs))
	for i := range outs {
		o := &outs[i]
		q := o.q
		cost := o.weight * o.factor * o.unmet()
		switch o.unit {
		case unitAppointments:
			c.cov.AppointmentsDue += int(o.due)
			c.cov.AppointmentsPlanned += int(o.planned)
			c.terms.UnmetAppointments += cost
		case unitSessions:
			c.cov.SessionsDue += int(o.due)
			c.cov.SessionsPlanned += int(o.planned)
			c.terms.UnmetSessions += cost
		case unitHours:
			c.cov.HoursDue += o.due
			c.cov.HoursPlanned += o.planned
			c.terms.UnmetHours += cost
		}
		want[reqKey{q.ServiceUser, q.Kind, q.Intervention}] = o
	}
	rows := make(map[reqKey]int, len(c.p.Unmet))
	inOrder := c.unmetOrder()
	for i := range c.p.Unmet {
		row, at := &c.p.Unmet[i], where(plan.UnmetFile, i)
		k := reqKey{row.ServiceUser, model.RequirementKind(row.Kind), row.Intervention}
		if j, dup := rows[k]; dup {
			c.add("file.duplicate", at, "requirement %s already has a row (line %d)", reqName(k), j+2)
			continue
		}
		rows[k] = i
		o := want[k]
		if o == nil {
			c.add("file.unmet", at, "%s is not a requirement of the input", reqName(k))
			continue
		}
		if o.unmet() <= eps {
			c.add("file.unmet", at, "%s is fully planned (%g of %g %s)", reqName(k), o.planned, o.due, o.unit)
			continue
		}
		inOrder(i, k)
		if row.Unit != o.unit {
			c.add("file.unmet", at, "unit %q is not %q", row.Unit, o.unit)
		}
		for _, f := range [...]struct {
			name      string
			got, want float64
		}{{"due", row.Due, o.due}, {"planned", row.Planned, o.planned}, {"unmet", row.Unmet, o.unmet()}} {
			if !closeTo(f.got, f.want) {
				c.add("file.unmet", at, "%s %g is not %g", f.name, f.got, f.want)
			}
		}
		if row.Reason == "" {
			c.add("file.unmet", at, "no reason given")
		}
	}
	for i := range outs {
		o := &outs[i]
		k := reqKey{o.q.ServiceUser, o.q.Kind, o.q.Intervention}
		if _, ok := rows[k]; !ok && o.unmet() > eps {
			at := model.FileRequirements
			if o.q.Line > 0 {
				at += ":" + strconv.Itoa(o.q.Line)
			}
			c.add("file.unmet", at, "%s has %g of %g %s unmet but no row in %s", reqName(k), o.unmet(), o.due, o.unit, plan.UnmetFile)
		}
	}
}

// unmetOrder returns a function to call with each of unmet.csv's rows that
// stands for a requirement with something unmet, in file order: it reports
// (file.order) a row out of the documented order, by service user (as in
// service_users.csv), then as in requirements.csv. Duplicate and stray rows
// are file.duplicate's and file.unmet's, and are not passed to it.
func (c *checker) unmetOrder() func(i int, k reqKey) {
	reqAt := make(map[reqKey]int, len(c.r.Requirements))
	for i, q := range c.r.Requirements {
		reqAt[reqKey{q.ServiceUser, q.Kind, q.Intervention}] = i
	}
	prevUser, prevReq, prevLine := -1, -1, 0
	return func(i int, k reqKey) {
		u, _ := c.r.ServiceUserIndex(k.user)
		q := reqAt[k]
		if u < prevUser || u == prevUser && q < prevReq {
			c.add("file.order", where(plan.UnmetFile, i), "%s comes after line %d's row; rows go by service user (as in %s), then as in %s",
				reqName(k), prevLine, model.FileServiceUsers, model.FileRequirements)
			return
		}
		prevUser, prevReq, prevLine = u, q, i+2
	}
}

func reqName(k reqKey) string {
	if k.intervention == "" {
		return fmt.Sprintf("%s's %s requirement", k.user, k.kind)
	}
	return fmt.Sprintf("%s's %s requirement for %s", k.user, k.kind, k.intervention)
}

// journey is one one-way trip the rota asks of a service user.
type journey struct {
	area string // the area of the person's team
	km   float64
}

// journeys lists every one-way journey the rota asks of service users:
// each appointment, session attended and work-party day, in km computed
// from the coordinates.
func (c *checker) journeys() []journey {
	var out []journey
	for i := range c.appts {
		if a := &c.appts[i]; a.ok {
			out = append(out, journey{c.areaOf(a.user), a.km})
		}
	}
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok {
			continue
		}
		for _, u := range s.attendees {
			out = append(out, journey{c.areaOf(c.users[u]), km(c.users[u], s.site)})
		}
	}
	return out
}

// areaOf is the area of u's team (teams.csv area, the team id when empty).
func (c *checker) areaOf(u *model.ServiceUser) string {
	if t, ok := c.r.TeamIndex(u.Team); ok && c.r.Teams[t].Area != "" {
		return c.r.Teams[t].Area
	}
	return u.Team
}

// checkSummary recomputes the remaining objective terms and compares
// summary.json's objective, terms, coverage and counts with them.
func (c *checker) checkSummary() {
	w := c.s.Weights
	total, worst := 0.0, 0.0
	js := c.journeys()
	worstIn := make(map[string]float64) // area → its longest journey
	for _, j := range js {
		total += j.km
		worst = math.Max(worst, j.km)
		worstIn[j.area] = math.Max(worstIn[j.area], j.km)
	}
	sessions, parties := 0, 0
	for i := range c.p.Sessions {
		switch c.p.Sessions[i].Kind {
		case plan.KindSession:
			sessions++
		case plan.KindWorkParty:
			parties++
		}
	}
	c.terms.Travel = w.TravelKm * total
	areas := make([]string, 0, len(worstIn))
	for a := range worstIn {
		areas = append(areas, a)
	}
	slices.Sort(areas) // a fixed order of addition
	for _, a := range areas {
		c.terms.WorstTravel += w.WorstTravelKm * worstIn[a]
	}
	c.terms.SessionsRun = w.SessionRun * float64(sessions+parties)
	if c.s.PatternChangePenalty >= 0 {
		c.terms.PatternChanges = c.s.PatternChangePenalty * float64(c.patternAway)
	}

	sum := &c.p.Summary
	const at = plan.SummaryFile
	switch sum.Status {
	case "optimal", "feasible", "stopped":
	case "infeasible", "cancelled":
		return // no plan to compare the figures with
	default:
		c.add("summary.status", at, "status %q is not optimal, feasible, infeasible, stopped or cancelled", sum.Status)
	}
	num := func(rule string, got, want float64) {
		if !closeTo(got, want) {
			c.add(rule, at, "%s is %s, recomputed %s", rule[len("summary."):], fmtNum(got), fmtNum(want))
		}
	}
	num("summary.objective", sum.Objective, c.terms.Sum())
	for _, t := range [...]struct {
		name      string
		got, want float64
	}{
		{"unmet_appointments", sum.Terms.UnmetAppointments, c.terms.UnmetAppointments},
		{"unmet_sessions", sum.Terms.UnmetSessions, c.terms.UnmetSessions},
		{"unmet_hours", sum.Terms.UnmetHours, c.terms.UnmetHours},
		{"travel", sum.Terms.Travel, c.terms.Travel},
		{"worst_travel", sum.Terms.WorstTravel, c.terms.WorstTravel},
		{"sessions_run", sum.Terms.SessionsRun, c.terms.SessionsRun},
		{"pattern_changes", sum.Terms.PatternChanges, c.terms.PatternChanges},
		{"staff_travel", sum.Terms.StaffTravel, c.terms.StaffTravel},
	} {
		num("summary.terms."+t.name, t.got, t.want)
	}
	cv := &sum.Coverage
	for _, t := range [...]struct {
		name      string
		got, want float64
	}{
		{"appointments_due", float64(cv.AppointmentsDue), float64(c.cov.AppointmentsDue)},
		{"appointments_planned", float64(cv.AppointmentsPlanned), float64(c.cov.AppointmentsPlanned)},
		{"sessions_due", float64(cv.SessionsDue), float64(c.cov.SessionsDue)},
		{"sessions_planned", float64(cv.SessionsPlanned), float64(c.cov.SessionsPlanned)},
		{"hours_due", cv.HoursDue, c.cov.HoursDue},
		{"hours_planned", cv.HoursPlanned, c.cov.HoursPlanned},
	} {
		num("summary.coverage."+t.name, t.got, t.want)
	}
	num("summary.sessions_run", float64(sum.SessionsRun), float64(sessions))
	num("summary.work_parties", float64(sum.WorkParties), float64(parties))
	mean := 0.0
	if len(js) > 0 {
		mean = total / float64(len(js))
	}
	// The km figures may be written to one decimal place.
	for _, t := range [...]struct {
		name      string
		got, want float64
	}{{"travel_km_mean", sum.TravelKmMean, mean}, {"travel_km_max", sum.TravelKmMax, worst}} {
		if math.Abs(t.got-t.want) > 0.05+eps {
			c.add("summary."+t.name, at, "%s is %s, recomputed %.3f", t.name, fmtNum(t.got), t.want)
		}
	}
	if gapAbs := sum.Objective - sum.Bound; !closeTo(sum.GapAbs, gapAbs) {
		c.add("summary.gap", at, "gap_abs %s is not objective − bound = %s", fmtNum(sum.GapAbs), fmtNum(gapAbs))
	} else if sum.Objective != 0 && !closeTo(sum.Gap, gapAbs/math.Abs(sum.Objective)) {
		c.add("summary.gap", at, "gap %s is not (objective − bound) ÷ |objective| = %s", fmtNum(sum.Gap), fmtNum(gapAbs/math.Abs(sum.Objective)))
	}
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }

// fmtHours gives hours to two decimal places at most.
func fmtHours(h float64) string { return strconv.FormatFloat(math.Round(h*100)/100, 'f', -1, 64) }

func itoa(n int) string { return strconv.Itoa(n) }
