package scenario

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/caseload"
)

// File names of a scenario folder (docs/scenarios.md).
const (
	AffectedFile = "affected.csv"
	KPIFile      = "kpis.csv"
	SummaryFile  = "summary.json"
	BaselineDir  = "baseline"
	ScenarioDir  = "scenario"
	DataDir      = "data"
)

// KPI is one figure before and after (kpis.csv).
type KPI struct {
	Figure   string  `csv:"figure" json:"figure"`
	Baseline float64 `csv:"baseline" json:"baseline"`
	Scenario float64 `csv:"scenario" json:"scenario"`
	Delta    float64 `csv:"delta" json:"delta"` // scenario − baseline
}

// Effects of a change on one thing a person had or gets.
const (
	EffectLoses      = "loses"            // had it; gets nothing in its place
	EffectMovesSite  = "moves site"       // gets it at another site
	EffectMovesTime  = "moves time"       // same site, another day or slot
	EffectNewManager = "new case manager" // same appointment slot, another case manager
	EffectGains      = "gains"            // gets something they did not have
)

// effectRank orders effects from the worst; a person counts under their
// worst.
var effectRank = []string{EffectLoses, EffectMovesSite, EffectMovesTime, EffectNewManager, EffectGains}

// Affected is one thing a person had in the baseline and gets differently
// (or not at all) in the scenario, or gets new (affected.csv).
type Affected struct {
	ServiceUser  string   `csv:"service_user"`
	What         string   `csv:"what"`   // appointment, session or work_party
	Effect       string   `csv:"effect"` // one of the Effect constants
	Had          string   `csv:"had"`    // e.g. "tsp at hardwick tue 2018-06-05 morning"; "nothing"
	Gets         string   `csv:"gets"`
	TravelBefore *float64 `csv:"travel_before"` // km one way; empty for nothing
	TravelAfter  *float64 `csv:"travel_after"`
	TravelChange *float64 `csv:"travel_change"`
	Reason       string   `csv:"reason"`
}

// Summary is summary.json.
type Summary struct {
	Changes       []string       `json:"changes"`
	Description   string         `json:"description"`
	Notes         []string       `json:"notes,omitempty"`
	Unchanged     bool           `json:"unchanged"`
	Headline      []string       `json:"headline"`
	Seed          int            `json:"seed"`
	ChangePenalty float64        `json:"change_penalty"`
	Balanced      bool           `json:"balanced"`
	Baseline      SolveSummary   `json:"baseline"`
	Scenario      SolveSummary   `json:"scenario"`
	Affected      AffectedCounts `json:"affected"`
	KPIs          []KPI          `json:"kpis"`
}

// SolveSummary is one side's solve.
type SolveSummary struct {
	Status         string  `json:"status"`
	Gap            float64 `json:"gap"`
	Objective      float64 `json:"objective"`
	Bound          float64 `json:"bound"`
	Seconds        float64 `json:"seconds"`
	Violations     int     `json:"violations"` // found by check.Check
	CaseloadStatus string  `json:"caseload_status,omitempty"`
}

// AffectedCounts count affected.csv: rows by effect and by what, and
// people by their worst effect.
type AffectedCounts struct {
	People         int            `json:"people"`
	Rows           int            `json:"rows"`
	PeopleByEffect map[string]int `json:"people_by_effect"`
	RowsByEffect   map[string]int `json:"rows_by_effect"`
	RowsByWhat     map[string]int `json:"rows_by_what"`
	TravelGrows    int            `json:"travel_grows"`        // people whose total travel grows
	TravelGrowsMax float64        `json:"travel_grows_max_km"` // the largest growth of one person's total, km
}

// compare fills the KPIs, the affected people and the summary.
func (rep *Report) compare(opt Options) {
	rep.KPIs = kpis(rep.Baseline, rep.Scenario)
	rep.Affected = affected(rep.Baseline, rep.Scenario)
	s := &rep.Summary
	for _, c := range rep.Changes {
		s.Changes = append(s.Changes, c.String())
	}
	s.Description = describe(rep.Changes)
	s.Notes = rep.Notes
	s.Unchanged = rep.Unchanged
	s.Seed = opt.Seed
	s.ChangePenalty = opt.penalty()
	s.Balanced = rep.Baseline.Balance != nil
	s.Baseline = solveSummary(rep.Baseline)
	s.Scenario = solveSummary(rep.Scenario)
	s.Affected = countAffected(rep.Affected)
	s.KPIs = rep.KPIs
	s.Headline = rep.headline()
}

func solveSummary(sd *Side) SolveSummary {
	ps := sd.Result.Plan.Summary
	out := SolveSummary{Status: ps.Status, Gap: ps.Gap, Objective: ps.Objective, Bound: ps.Bound,
		Seconds: ps.Seconds, Violations: len(sd.Check.Violations)}
	if sd.Balance != nil {
		out.CaseloadStatus = sd.Balance.Summary.Status
	}
	return out
}

func describe(cs []Change) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Describe()
	}
	switch len(parts) {
	case 0:
		return "no change"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// KPI returns the figure of kpis.csv with this name.
func (rep *Report) KPI(figure string) (KPI, bool) {
	for _, k := range rep.KPIs {
		if k.Figure == figure {
			return k, true
		}
	}
	return KPI{}, false
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// kpis lists the figures of both sides, in a fixed order.
func kpis(b, s *Side) []KPI {
	var out []KPI
	add := func(name string, fb, fs float64) {
		fb, fs = round2(fb), round2(fs)
		out = append(out, KPI{Figure: name, Baseline: fb, Scenario: fs, Delta: round2(fs - fb)})
	}
	both := func(name string, f func(*Side) float64) { add(name, f(b), f(s)) }
	cov := func(sd *Side) plan.Coverage { return sd.Result.Plan.Summary.Coverage }
	pct := func(a, d float64) float64 {
		if d == 0 {
			return 100
		}
		return 100 * a / d
	}
	both("appointments_due", func(sd *Side) float64 { return float64(cov(sd).AppointmentsDue) })
	both("appointments_planned", func(sd *Side) float64 { return float64(cov(sd).AppointmentsPlanned) })
	both("appointments_pct", func(sd *Side) float64 {
		return pct(float64(cov(sd).AppointmentsPlanned), float64(cov(sd).AppointmentsDue))
	})
	both("sessions_due", func(sd *Side) float64 { return float64(cov(sd).SessionsDue) })
	both("sessions_planned", func(sd *Side) float64 { return float64(cov(sd).SessionsPlanned) })
	both("sessions_pct", func(sd *Side) float64 {
		return pct(float64(cov(sd).SessionsPlanned), float64(cov(sd).SessionsDue))
	})
	both("hours_due", func(sd *Side) float64 { return cov(sd).HoursDue })
	both("hours_planned", func(sd *Side) float64 { return cov(sd).HoursPlanned })
	both("hours_pct", func(sd *Side) float64 { return pct(cov(sd).HoursPlanned, cov(sd).HoursDue) })
	both("unmet_appointments", func(sd *Side) float64 {
		return float64(cov(sd).AppointmentsDue - cov(sd).AppointmentsPlanned)
	})
	both("unmet_sessions", func(sd *Side) float64 { return float64(cov(sd).SessionsDue - cov(sd).SessionsPlanned) })
	both("unmet_hours", func(sd *Side) float64 { return cov(sd).HoursDue - cov(sd).HoursPlanned })

	// Unmet sessions by intervention, in catalogue order.
	unmetBy := func(sd *Side) map[string]float64 {
		m := map[string]float64{}
		for _, u := range sd.Result.Plan.Unmet {
			if u.Unit == "sessions" {
				m[u.Intervention] += u.Unmet
			}
		}
		return m
	}
	ub, us := unmetBy(b), unmetBy(s)
	for _, iv := range unionIDs(b.Region.Interventions, s.Region.Interventions, func(v model.Intervention) string { return v.ID }) {
		if ub[iv] != 0 || us[iv] != 0 {
			add("unmet_sessions."+iv, ub[iv], us[iv])
		}
	}

	both("travel_km_mean", func(sd *Side) float64 { return sd.Result.Plan.Summary.TravelKmMean })
	both("travel_km_max", func(sd *Side) float64 { return sd.Result.Plan.Summary.TravelKmMax })
	both("sessions_run", func(sd *Side) float64 { return float64(sd.Result.Plan.Summary.SessionsRun) })
	both("work_parties", func(sd *Side) float64 { return float64(sd.Result.Plan.Summary.WorkParties) })
	both("facilitator_hours", func(sd *Side) float64 { return staffHours(sd.Result.Plan, plan.KindSession) })
	both("supervisor_hours", func(sd *Side) float64 { return staffHours(sd.Result.Plan, plan.KindWorkParty) })

	// Per site: sessions, work parties and appointments.
	type siteCount struct{ sessions, parties, appts map[string]float64 }
	count := func(sd *Side) siteCount {
		c := siteCount{map[string]float64{}, map[string]float64{}, map[string]float64{}}
		for _, ss := range sd.Result.Plan.Sessions {
			if ss.Kind == plan.KindWorkParty {
				c.parties[ss.Site]++
			} else {
				c.sessions[ss.Site]++
			}
		}
		for _, a := range sd.Result.Plan.Appointments {
			c.appts[a.Site]++
		}
		return c
	}
	cb, cs := count(b), count(s)
	for _, site := range unionIDs(b.Region.Sites, s.Region.Sites, func(v model.Site) string { return v.ID }) {
		add("sessions_at."+site, cb.sessions[site], cs.sessions[site])
		add("work_parties_at."+site, cb.parties[site], cs.parties[site])
		add("appointments_at."+site, cb.appts[site], cs.appts[site])
	}
	both("objective", func(sd *Side) float64 { return sd.Result.Plan.Summary.Objective })

	if b.Balance != nil && s.Balance != nil {
		cl := func(f func(*caseload.Summary) float64) func(*Side) float64 {
			return func(sd *Side) float64 { return f(&sd.Balance.Summary) }
		}
		both("caseload.case_managers", cl(func(c *caseload.Summary) float64 { return float64(c.After.Practitioners) }))
		both("caseload.cases_per_fte", cl(func(c *caseload.Summary) float64 { return c.CasesPerFTE }))
		both("caseload.capacity_mean", cl(func(c *caseload.Summary) float64 { return c.After.Mean }))
		both("caseload.capacity_max", cl(func(c *caseload.Summary) float64 { return c.After.Max }))
		both("caseload.capacity_spread", cl(func(c *caseload.Summary) float64 { return c.After.Spread }))
		both("caseload.capacity_std_dev", cl(func(c *caseload.Summary) float64 { return c.After.StdDev }))
		both("caseload.over_110", cl(func(c *caseload.Summary) float64 { return float64(c.After.Over110) }))
		both("caseload.moves", cl(func(c *caseload.Summary) float64 { return float64(c.Moves) }))
		both("caseload.required_moves", cl(func(c *caseload.Summary) float64 { return float64(c.RequiredMoves) }))
		both("caseload.allocations", cl(func(c *caseload.Summary) float64 { return float64(c.Allocations) }))
		both("caseload.shortfall_fte", cl(func(c *caseload.Summary) float64 { return c.ShortfallFTE }))
	}
	return out
}

// staffHours sums hours × staff over the sessions (or work parties).
func staffHours(pl *plan.Plan, kind string) float64 {
	h := 0.0
	for _, s := range pl.Sessions {
		if s.Kind == kind {
			h += s.Hours * float64(len(strings.Fields(s.Staff)))
		}
	}
	return h
}

// unionIDs lists the ids of a, then those of b not in a.
func unionIDs[T any](a, b []T, id func(T) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range [][]T{a, b} {
		for _, v := range s {
			if k := id(v); !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// item is one thing a person gets in a rota.
type item struct {
	what         string // appointment, session, work_party
	group        string // pairs only within a group: the intervention of a session
	site, date   string
	weekday      string
	slot         string
	manager      string // appointments
	project      string // work parties
	intervention string // sessions
	travel       float64
}

func (it item) String() string {
	when := it.weekday + " " + it.date
	switch it.what {
	case "appointment":
		return fmt.Sprintf("with %s at %s %s %s", it.manager, it.site, when, it.slot)
	case plan.KindWorkParty:
		return fmt.Sprintf("%s at %s %s", it.project, it.site, when)
	}
	return fmt.Sprintf("%s at %s %s %s", it.intervention, it.site, when, it.slot)
}

// items gives each person's appointments, sessions and work parties.
func items(pl *plan.Plan) map[string][]item {
	out := map[string][]item{}
	for _, a := range pl.Appointments {
		out[a.ServiceUser] = append(out[a.ServiceUser], item{what: "appointment", site: a.Site, date: a.Date,
			weekday: a.Weekday, slot: a.Slot, manager: a.CaseManager, travel: a.TravelKm})
	}
	project := map[string]string{}
	for _, s := range pl.Sessions {
		project[s.ID] = s.Project
	}
	for _, a := range pl.Attendance {
		it := item{what: a.Kind, site: a.Site, date: a.Date, weekday: a.Weekday, slot: a.Slot, travel: a.TravelKm}
		if a.Kind == plan.KindWorkParty {
			it.project = project[a.Session]
		} else {
			it.group, it.intervention = a.Intervention, a.Intervention
		}
		out[a.ServiceUser] = append(out[a.ServiceUser], it)
	}
	return out
}

// affected compares each person's rota, thing by thing. What is the same
// in both is left out; what differs is paired within its kind (and
// intervention), preferring the same slot and site, then the same site;
// what is left over is lost or gained.
func affected(b, s *Side) []Affected {
	ib, is := items(b.Result.Plan), items(s.Result.Plan)
	users := slices.Sorted(func(yield func(string) bool) {
		for u := range ib {
			if !yield(u) {
				return
			}
		}
		for u := range is {
			if _, ok := ib[u]; !ok && !yield(u) {
				return
			}
		}
	})
	unmetB, unmetS := unmetReasons(b.Result.Plan), unmetReasons(s.Result.Plan)
	unheldReasons(b, unmetB)
	unheldReasons(s, unmetS)
	var out []Affected
	for _, u := range users {
		had, gets := slices.Clone(ib[u]), slices.Clone(is[u])
		// Drop what is the same in both.
		had = slices.DeleteFunc(had, func(h item) bool {
			if j := slices.IndexFunc(gets, func(g item) bool { return g == h }); j >= 0 {
				gets = slices.Delete(gets, j, j+1)
				return true
			}
			return false
		})
		var pairs []pair
		for _, same := range []func(h, g item) bool{
			func(h, g item) bool { return h.site == g.site && h.date == g.date && h.slot == g.slot },
			func(h, g item) bool { return h.site == g.site },
			func(h, g item) bool { return true },
		} {
			had = slices.DeleteFunc(had, func(h item) bool {
				j := slices.IndexFunc(gets, func(g item) bool { return g.what == h.what && g.group == h.group && same(h, g) })
				if j < 0 {
					return false
				}
				g := gets[j]
				pairs = append(pairs, pair{had: &h, gets: &g})
				gets = slices.Delete(gets, j, j+1)
				return true
			})
		}
		for _, h := range had {
			pairs = append(pairs, pair{had: &h})
		}
		for _, g := range gets {
			pairs = append(pairs, pair{gets: &g})
		}
		for _, p := range pairs {
			out = append(out, affectedRow(u, p, s, unmetB, unmetS))
		}
	}
	slices.SortStableFunc(out, func(x, y Affected) int {
		return cmp.Or(cmp.Compare(x.ServiceUser, y.ServiceUser), cmp.Compare(x.What, y.What),
			cmp.Compare(x.Had, y.Had), cmp.Compare(x.Gets, y.Gets))
	})
	return out
}

func ptr(x float64) *float64 { x = math.Round(x*10) / 10; return &x }

// pair is what a person had and what they get in its place; nil for
// nothing.
type pair struct{ had, gets *item }

func affectedRow(u string, p pair, s *Side, unmetB, unmetS map[[2]string]string) Affected {
	h, g := p.had, p.gets
	a := Affected{ServiceUser: u, Had: "nothing", Gets: "nothing"}
	if h != nil {
		a.What, a.Had, a.TravelBefore = h.what, h.String(), ptr(h.travel)
	}
	if g != nil {
		a.What, a.Gets, a.TravelAfter = g.what, g.String(), ptr(g.travel)
	}
	switch {
	case g == nil:
		a.Effect = EffectLoses
		a.Reason = unmetS[[2]string{u, reqKey(*h)}]
		if a.Reason == "" {
			a.Reason = "not planned in the scenario"
		}
	case h == nil:
		a.Effect = EffectGains
		a.Reason = "newly planned"
		if r := unmetB[[2]string{u, reqKey(*g)}]; r != "" {
			a.Reason = "was unmet: " + r
		}
	default:
		a.TravelChange = ptr(g.travel - h.travel)
		switch {
		case h.site != g.site:
			a.Effect = EffectMovesSite
		case h.date != g.date || h.slot != g.slot:
			a.Effect = EffectMovesTime
		default:
			a.Effect = EffectNewManager
		}
		a.Reason = cause(u, *h, *g, s.Region)
	}
	return a
}

// reqKey names the requirement an item counts toward, as unmetReasons
// keys it.
func reqKey(it item) string {
	switch it.what {
	case "appointment":
		return string(model.KindAppointment)
	case plan.KindWorkParty:
		return string(model.KindUnpaidWork)
	}
	return "sessions:" + it.intervention
}

// unmetReasons gives the reason of each person's unmet requirement, keyed
// by person and reqKey.
func unmetReasons(pl *plan.Plan) map[[2]string]string {
	m := map[[2]string]string{}
	for _, u := range pl.Unmet {
		k := u.Kind
		if u.Unit == "sessions" {
			k = "sessions:" + u.Intervention
		}
		if _, ok := m[[2]string{u.ServiceUser, k}]; !ok {
			m[[2]string{u.ServiceUser, k}] = u.Reason
		}
	}
	return m
}

// unheldReasons puts the caseload balancing's reason in place of the
// week's for the appointments of a case nobody in its team may hold: the
// case has no case manager because no PO (or PSO) of its team has room,
// not for want of a room or a facilitator.
func unheldReasons(sd *Side, m map[[2]string]string) {
	if sd.Balance == nil {
		return
	}
	for _, uc := range sd.Balance.Summary.Unheld {
		m[[2]string{uc.ServiceUser, string(model.KindAppointment)}] = "no case manager: " + uc.Reason
	}
}

// cause explains why something a person had changed, from the scenario's
// data: its site closed or out of reach, its case manager gone, or (when
// none of these) a knock-on of the changes.
func cause(user string, h, g item, r *model.Region) string {
	k, ok := r.SiteIndex(h.site)
	if !ok {
		return h.site + " closed"
	}
	d, _ := model.ParseWeekday(h.weekday)
	if !r.Sites[k].OpenDays.Has(d) {
		return h.site + " closed on " + h.weekday
	}
	switch h.what {
	case "appointment":
		if _, ok := r.PractitionerIndex(h.manager); !ok {
			return "case manager " + h.manager + " out"
		}
		if h.manager != g.manager {
			return fmt.Sprintf("case moved from %s to %s by caseload balancing", h.manager, g.manager)
		}
	case plan.KindWorkParty:
		if _, ok := r.ProjectIndex(h.project); !ok {
			return "project " + h.project + " ended"
		}
	default:
		if i, ok := r.InterventionIndex(h.intervention); ok && len(r.Interventions[i].Sites) > 0 && !r.Interventions[i].Sites.Has(h.site) {
			return h.intervention + " no longer runs at " + h.site
		}
	}
	if u, ok := r.ServiceUserIndex(user); ok && r.UserSiteKm(u, k) > r.Settings.MaxTravelKm {
		return fmt.Sprintf("%s is beyond the %s km travel limit", h.site, fmtNum(r.Settings.MaxTravelKm))
	}
	return "re-planned around the changes"
}
