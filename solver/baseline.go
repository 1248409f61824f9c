package solver

import (
	"strings"

	"github.com/probation/rota/model/plan"
)

// Minimal change from a baseline rota (for scenarios).
//
// With a baseline plan B and a penalty π > 0, every option that gives a
// person something B did not give them costs π more: an appointment at
// another site, date or slot; a session of another intervention, site, date
// or slot; a work party at another project or date. For a practitioner, a
// site on a day other than B's costs π too, and so does a session or work
// party they facilitate or supervise that B did not give them (without it,
// facilitators and supervisors of equal worth trade places at no cost). What B gave them and the
// scenario still allows costs nothing extra, so among plans of equal worth
// the one closest to B wins, and the differences a scenario shows are the
// ones its change forces, not the solver's choice between equals.
//
// The penalty steers the search only: the plan's objective and its terms
// (summary.json) are priced without it.
type baseline struct {
	penalty float64
	appts   map[[4]string]bool // user, site, date, slot
	atts    map[[5]string]bool // user, intervention, site, date, slot
	parties map[[3]string]bool // user, project, date
	sites   map[[2]string]string
	had     map[string]bool    // people with anything in the baseline
	staffed map[[2]string]bool // practitioner, what they run (staffKey)
}

// staffKey names what a practitioner runs: a session's intervention,
// site, date and slot, or a work party's project and date.
func staffKey(intervention, site, date, slot, project string) string {
	if project != "" {
		return project + "|" + date
	}
	return intervention + "|" + site + "|" + date + "|" + slot
}

func newBaseline(pl *plan.Plan, penalty float64) *baseline {
	bl := &baseline{
		penalty: penalty,
		appts:   make(map[[4]string]bool), atts: make(map[[5]string]bool),
		parties: make(map[[3]string]bool), sites: make(map[[2]string]string),
		had: make(map[string]bool), staffed: make(map[[2]string]bool),
	}
	for _, a := range pl.Appointments {
		bl.appts[[4]string{a.ServiceUser, a.Site, a.Date, a.Slot}] = true
		bl.had[a.ServiceUser] = true
	}
	project := make(map[string]string)
	for _, s := range pl.Sessions {
		project[s.ID] = s.Project
		for _, p := range strings.Fields(s.Staff) {
			bl.staffed[[2]string{p, staffKey(s.Intervention, s.Site, s.Date, s.Slot, s.Project)}] = true
		}
	}
	for _, a := range pl.Attendance {
		bl.had[a.ServiceUser] = true
		if a.Kind == plan.KindWorkParty {
			bl.parties[[3]string{a.ServiceUser, project[a.Session], a.Date}] = true
			continue
		}
		bl.atts[[5]string{a.ServiceUser, a.Intervention, a.Site, a.Date, a.Slot}] = true
	}
	for _, s := range pl.Staff {
		bl.sites[[2]string{s.Practitioner, s.Date}] = s.Site
	}
	return bl
}

// applyBaseline adds the change penalty to the options that depart from it.
func (b *builder) applyBaseline(bl *baseline) {
	if bl == nil || bl.penalty <= 0 {
		return
	}
	r := b.r
	add := func(col int) { b.p.SetCost(col, b.p.Col(col).Cost+bl.penalty) }
	for _, o := range b.appts.opts {
		u := r.ServiceUsers[o.user].ID
		if bl.had[u] && !bl.appts[[4]string{u, r.Sites[o.site].ID, b.days[o.day].Date.String(), b.slots[o.slot].Name}] {
			add(o.col)
		}
	}
	for _, o := range b.attendance.opts {
		u := r.ServiceUsers[o.user].ID
		k := b.sessions.opts[o.sess].key
		if bl.had[u] && !bl.atts[[5]string{u, r.Interventions[k.iv].ID, r.Sites[k.site].ID, b.days[k.day].Date.String(), b.slots[k.slot].Name}] {
			add(o.col)
		}
	}
	for _, o := range b.unpaid.uws {
		u := r.ServiceUsers[o.user].ID
		po := b.unpaid.parties[o.party]
		if bl.had[u] && !bl.parties[[3]string{u, r.Projects[po.proj].ID, b.days[po.day].Date.String()}] {
			add(o.col)
		}
	}
	b.applyStaffedBaseline(bl, add)
	for key, sd := range b.staff.loc {
		was, ok := bl.sites[[2]string{r.Practitioners[key.prac].ID, b.days[key.day].Date.String()}]
		if !ok {
			continue
		}
		for i, c := range sd.cols {
			if c >= 0 && r.Sites[sd.sites[i]].ID != was {
				add(c)
			}
		}
	}
}

// applyStaffedBaseline prices the facilitators and supervisors that B did
// not have running that session or party.
func (b *builder) applyStaffedBaseline(bl *baseline, add func(int)) {
	r := b.r
	for _, o := range b.sessions.facs {
		k := b.sessions.opts[o.sess].key
		what := staffKey(r.Interventions[k.iv].ID, r.Sites[k.site].ID, b.days[k.day].Date.String(), b.slots[k.slot].Name, "")
		if !bl.staffed[[2]string{r.Practitioners[o.prac].ID, what}] {
			add(o.col)
		}
	}
	for _, o := range b.unpaid.sups {
		po := b.unpaid.parties[o.party]
		what := staffKey("", "", b.days[po.day].Date.String(), "", r.Projects[po.proj].ID)
		if !bl.staffed[[2]string{r.Practitioners[o.prac].ID, what}] {
			add(o.col)
		}
	}
}
