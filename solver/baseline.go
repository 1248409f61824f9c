package solver

import (
	"strings"

	"github.com/probation/rota/model/plan"
)

// A reference is a rota to stay close to: every option of the weekly model
// that gives a person or a practitioner something the reference did not
// give them costs more. It has two sources, which differ only in what
// "the same time" means and in what a departure costs:
//
//   - a baseline rota of the same week (scenarios; this file): times are
//     dates, and every kind of departure costs one ChangePenalty;
//   - last week's rota (rota solve --previous; constraint_continuity.go):
//     times are weekdays, and departures cost the settings'
//     weight.previous_* weights.
//
// For a person h with anything of a kind priced in the reference R, and an
// option y of that kind (an appointment, a session place, a work party)
// whose (time, slot, site, …) R did not give h:
//
//	cost(y) += π_kind
//
// and for a practitioner-day (p,d) whose time R has at site s_R(p,d):
//
//	cost(z[p,d,k]) += π_staff   for k ≠ s_R(p,d)
//
// What R gave them and the week still allows costs nothing extra.
//
// Minimal change from a baseline rota (scenarios). With a baseline plan B
// and a penalty π > 0, an appointment at another site, date or slot, a
// session of another intervention, site, date or slot, a work party at
// another project or date, and a practitioner's site on a day other than
// B's each cost π, and so does a session or work party a facilitator or
// supervisor runs that B did not give them (without it, staff of equal
// worth trade places at no cost), so among plans of equal worth the one closest to B
// wins, and the differences a scenario shows are the ones its change
// forces, not the solver's choice between equals. That penalty steers the
// search only: the plan's objective and its terms (summary.json) are
// priced without it.
type reference struct {
	// when gives the reference's name of a date: the date itself, or its
	// weekday.
	when func(date, weekday string) string
	// Costs of a departure, by kind; 0 leaves the kind unpriced.
	apptCost, attCost, partyCost, staffCost float64

	appts   map[[4]string]bool   // user, site, when, slot
	atts    map[[5]string]bool   // user, intervention, site, when, slot
	parties map[[3]string]bool   // user, project, when
	sites   map[[2]string]string // practitioner, when → site
	// People whose options of each kind are priced: for a baseline,
	// anyone with anything in it; for last week, people with an
	// appointment.
	hadAppt, hadAtt, hadParty map[string]bool
	// What each practitioner runs in the reference (staffKey), priced at
	// staffedCost when they run something else; 0 leaves it unpriced.
	staffed     map[[2]string]bool
	staffedCost float64
}

// staffKey names what a practitioner runs: a session's intervention,
// site, time and slot, or a work party's project and time.
func staffKey(intervention, site, when, slot, project string) string {
	if project != "" {
		return project + "|" + when
	}
	return intervention + "|" + site + "|" + when + "|" + slot
}

func byDate(date, _ string) string { return date }

// newReference reads pl's rows, naming their times with when.
func newReference(pl *plan.Plan, when func(date, weekday string) string) *reference {
	ref := &reference{
		when:  when,
		appts: make(map[[4]string]bool), atts: make(map[[5]string]bool),
		parties: make(map[[3]string]bool), sites: make(map[[2]string]string),
		hadAppt: make(map[string]bool), hadAtt: make(map[string]bool), hadParty: make(map[string]bool),
		staffed: make(map[[2]string]bool),
	}
	for _, a := range pl.Appointments {
		ref.appts[[4]string{a.ServiceUser, a.Site, when(a.Date, a.Weekday), a.Slot}] = true
		ref.hadAppt[a.ServiceUser] = true
	}
	project := make(map[string]string)
	for _, s := range pl.Sessions {
		project[s.ID] = s.Project
		for _, p := range strings.Fields(s.Staff) {
			ref.staffed[[2]string{p, staffKey(s.Intervention, s.Site, when(s.Date, s.Weekday), s.Slot, s.Project)}] = true
		}
	}
	for _, a := range pl.Attendance {
		if a.Kind == plan.KindWorkParty {
			ref.parties[[3]string{a.ServiceUser, project[a.Session], when(a.Date, a.Weekday)}] = true
			ref.hadParty[a.ServiceUser] = true
			continue
		}
		ref.atts[[5]string{a.ServiceUser, a.Intervention, a.Site, when(a.Date, a.Weekday), a.Slot}] = true
		ref.hadAtt[a.ServiceUser] = true
	}
	for _, s := range staffDays(pl) {
		ref.sites[[2]string{s.Practitioner, when(s.Date, s.Weekday)}] = s.Site
	}
	return ref
}

func newBaseline(pl *plan.Plan, penalty float64) *reference {
	ref := newReference(pl, byDate)
	ref.apptCost, ref.attCost, ref.partyCost, ref.staffCost = penalty, penalty, penalty, penalty
	ref.staffedCost = penalty
	// Anyone with anything in the baseline has every kind priced.
	for _, had := range []map[string]bool{ref.hadAppt, ref.hadAtt, ref.hadParty} {
		for u := range had {
			ref.hadAppt[u], ref.hadAtt[u], ref.hadParty[u] = true, true, true
		}
	}
	return ref
}

// applyReference adds the cost of a departure from ref to the options
// that depart from it.
func (b *builder) applyReference(ref *reference) {
	if ref == nil {
		return
	}
	r := b.r
	add := func(col int, cost float64) { b.p.SetCost(col, b.p.Col(col).Cost+cost) }
	when := func(d dayIx) string { return ref.when(b.days[d].Date.String(), b.days[d].Weekday.String()) }
	if ref.apptCost > 0 {
		for _, o := range b.appts.opts {
			u := r.ServiceUsers[o.user].ID
			if ref.hadAppt[u] && !ref.appts[[4]string{u, r.Sites[o.site].ID, when(o.day), b.slots[o.slot].Name}] {
				add(o.col, ref.apptCost)
			}
		}
	}
	if ref.attCost > 0 {
		for _, o := range b.attendance.opts {
			u := r.ServiceUsers[o.user].ID
			k := b.sessions.opts[o.sess].key
			if ref.hadAtt[u] && !ref.atts[[5]string{u, r.Interventions[k.iv].ID, r.Sites[k.site].ID, when(k.day), b.slots[k.slot].Name}] {
				add(o.col, ref.attCost)
			}
		}
	}
	if ref.partyCost > 0 {
		for _, o := range b.unpaid.uws {
			u := r.ServiceUsers[o.user].ID
			po := b.unpaid.parties[o.party]
			if ref.hadParty[u] && !ref.parties[[3]string{u, r.Projects[po.proj].ID, when(po.day)}] {
				add(o.col, ref.partyCost)
			}
		}
	}
	if ref.staffCost > 0 {
		b.applyReferenceStaff(ref, when)
	}
	if ref.staffedCost > 0 {
		b.applyReferenceStaffed(ref, when)
	}
}

func (b *builder) applyReferenceStaff(ref *reference, when func(dayIx) string) {
	r := b.r
	for key, sd := range b.staff.loc {
		was, ok := ref.sites[[2]string{r.Practitioners[key.prac].ID, when(key.day)}]
		if !ok {
			continue
		}
		for i, c := range sd.cols {
			if c >= 0 && r.Sites[sd.sites[i]].ID != was {
				b.p.SetCost(c, b.p.Col(c).Cost+ref.staffCost)
			}
		}
	}
}

// applyReferenceStaffed prices each facilitator's and supervisor's option
// of running a session or party the reference did not give them.
func (b *builder) applyReferenceStaffed(ref *reference, when func(dayIx) string) {
	r := b.r
	add := func(prac pracIx, col int, what string) {
		if !ref.staffed[[2]string{r.Practitioners[prac].ID, what}] {
			b.p.SetCost(col, b.p.Col(col).Cost+ref.staffedCost)
		}
	}
	for _, o := range b.sessions.facs {
		k := b.sessions.opts[o.sess].key
		add(o.prac, o.col, staffKey(r.Interventions[k.iv].ID, r.Sites[k.site].ID, when(k.day), b.slots[k.slot].Name, ""))
	}
	for _, o := range b.unpaid.sups {
		po := b.unpaid.parties[o.party]
		add(o.prac, o.col, staffKey("", "", when(po.day), "", r.Projects[po.proj].ID))
	}
}
