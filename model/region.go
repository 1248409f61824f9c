package model

import (
	"math"
	"slices"
)

// index holds the lookups built once a Region is loaded. Its zero value
// answers every lookup with "not found".
type index struct {
	sites, teams, pracs, users, intvs, projs map[string]int

	cases [][]int // service-user positions by practitioner position
	days  [7]Day
}

// Day is one day of the planning week.
type Day struct {
	Weekday Weekday
	Date    Date
	Holiday bool // a bank holiday: not a working day
}

// derive fills the defaults that depend on other rows or on the settings
// (called after validation succeeds).
func (r *Region) derive() {
	for i := range r.Teams {
		t := &r.Teams[i]
		if t.Area == "" {
			t.Area = t.ID
		}
	}
	for i := range r.Interventions {
		v := &r.Interventions[i]
		if v.Skill == "" {
			v.Skill = v.ID
		}
		if v.SessionsPerWeek == 0 {
			v.SessionsPerWeek = 1
		}
	}
	for i := range r.Projects {
		p := &r.Projects[i]
		if p.Hours == 0 {
			p.Hours = 7
		}
		if p.Supervisors == 0 {
			p.Supervisors = 1
		}
	}
	users := firstIndex(r.ServiceUsers, func(u ServiceUser) string { return u.ID })
	for i := range r.Requirements {
		q := &r.Requirements[i]
		if q.Priority == 0 {
			q.Priority = 3
		}
		if q.Sessions > 0 {
			continue
		}
		switch q.Kind {
		case KindAppointment:
			q.Sessions = r.Settings.AppointmentsFor(r.ServiceUsers[users[q.ServiceUser]])
		case KindIntervention, KindRAR:
			q.Sessions = 1
		}
	}
}

// AppointmentsFor is the number of supervision appointments due in the
// planning week for u when a requirement gives none: none for a custody
// case, none when contact is not due this week (ContactDue), else the
// appointments of a due week (Contact).
func (s Settings) AppointmentsFor(u ServiceUser) int {
	if u.CaseType == Custody {
		return 0
	}
	n, weeks := s.Contact(u)
	if !s.ContactDue(u, weeks) {
		return 0
	}
	return n
}

// Contact gives u's contact frequency: the appointments of a week in which
// contact is due and the weeks between contacts, the most frequent of its
// tier letter (appointments.X, contact_weeks.X), IOM (appointments.iom,
// contact_weeks.iom) and a high or very high RoSH (appointments.rosh_high,
// contact_weeks.rosh_high).
func (s Settings) Contact(u ServiceUser) (appointments, weeks int) {
	l := u.Tier.Letter()
	appointments, weeks = s.AppointmentsByTier[l], s.ContactWeeks[l]
	if weeks <= 0 {
		weeks = 1
	}
	if u.IOM {
		appointments, weeks = max(appointments, s.AppointmentsIOM), min(weeks, max(1, s.ContactWeeksIOM))
	}
	if HighRoSH(u.RoSH) {
		appointments, weeks = max(appointments, s.AppointmentsRoSHHigh), min(weeks, max(1, s.ContactWeeksRoSHHigh))
	}
	return appointments, weeks
}

// ContactDue reports whether contact every weeks weeks is due in the
// planning week for u: always when last_contact is not given, else when
// last_contact + weeks × 7 days falls on or before the week's Sunday.
func (s Settings) ContactDue(u ServiceUser, weeks int) bool {
	if u.LastContact.IsZero() {
		return true
	}
	next := u.LastContact.AddDays(7 * max(1, weeks))
	return !next.After(s.WeekStart.AddDays(6).Time)
}

// HighRoSH reports whether level is high or very high.
func HighRoSH(level string) bool { return level == RoSHHigh || level == RoSHVeryHigh }

// buildIndex builds the lookups of a validated Region.
func (r *Region) buildIndex() {
	x := &r.index
	x.sites = firstIndex(r.Sites, func(v Site) string { return v.ID })
	x.teams = firstIndex(r.Teams, func(v Team) string { return v.ID })
	x.pracs = firstIndex(r.Practitioners, func(v Practitioner) string { return v.ID })
	x.users = firstIndex(r.ServiceUsers, func(v ServiceUser) string { return v.ID })
	x.intvs = firstIndex(r.Interventions, func(v Intervention) string { return v.ID })
	x.projs = firstIndex(r.Projects, func(v Project) string { return v.ID })

	x.cases = make([][]int, len(r.Practitioners))
	for u, su := range r.ServiceUsers {
		if p, ok := x.pracs[su.CaseManager]; ok {
			x.cases[p] = append(x.cases[p], u)
		}
	}

	holidays := map[Date]bool{}
	for _, d := range r.Settings.BankHolidays {
		holidays[d] = true
	}
	for d := Mon; d <= Sun; d++ {
		date := r.Settings.WeekStart.AddDays(int(d))
		x.days[d] = Day{Weekday: d, Date: date, Holiday: holidays[date]}
	}
}

// SiteIndex gives the position in Sites of the site with this id.
func (r *Region) SiteIndex(id string) (int, bool) { i, ok := r.sites[id]; return i, ok }

// TeamIndex gives the position in Teams of the team with this id.
func (r *Region) TeamIndex(id string) (int, bool) { i, ok := r.teams[id]; return i, ok }

// PractitionerIndex gives the position in Practitioners of the practitioner with this id.
func (r *Region) PractitionerIndex(id string) (int, bool) { i, ok := r.pracs[id]; return i, ok }

// ServiceUserIndex gives the position in ServiceUsers of the service user with this id.
func (r *Region) ServiceUserIndex(id string) (int, bool) { i, ok := r.users[id]; return i, ok }

// InterventionIndex gives the position in Interventions of the intervention with this id.
func (r *Region) InterventionIndex(id string) (int, bool) { i, ok := r.intvs[id]; return i, ok }

// ProjectIndex gives the position in Projects of the project with this id.
func (r *Region) ProjectIndex(id string) (int, bool) { i, ok := r.projs[id]; return i, ok }

// CasesOf lists the positions in ServiceUsers of the cases practitioner p
// (a position in Practitioners) manages now, in file order. The slice is
// shared: do not modify it.
func (r *Region) CasesOf(p int) []int {
	if p < 0 || p >= len(r.cases) {
		return nil
	}
	return r.cases[p]
}

// Days gives the seven days of the planning week, Monday first, marking
// bank holidays.
func (r *Region) Days() []Day {
	out := r.days
	return out[:]
}

// OpenOn reports whether site (a position in Sites) is open to us on day:
// one of its open days and not a bank holiday.
func (r *Region) OpenOn(site int, day Weekday) bool {
	if site < 0 || site >= len(r.Sites) || day < Mon || day > Sun {
		return false
	}
	return r.Sites[site].OpenDays.Has(day) && !r.days[day].Holiday
}

// earthRadiusKm is the mean Earth radius (IUGG).
const earthRadiusKm = 6371.0088

// DistanceKm is the great-circle (haversine) distance in km between two
// points given in degrees.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(min(1, a)))
}

// UserSiteKm is the straight-line distance in km from service user u's home
// to site s (positions in ServiceUsers and Sites).
func (r *Region) UserSiteKm(u, s int) float64 {
	su, site := r.ServiceUsers[u], r.Sites[s]
	return DistanceKm(su.HomeLat, su.HomeLon, site.Lat, site.Lon)
}

// Points is the workload weight of service user u's case (a position in
// ServiceUsers): the T2A table for a case flagged t2a, else the table of
// its case type, by tier.
func (r *Region) Points(u int) float64 { return r.Settings.CasePoints(r.ServiceUsers[u]) }

// CasePoints is the workload weight of a case: the T2A table (Young) for a
// case flagged t2a, else the table of its case type, by tier. MAPPA adds
// nothing: the national tool's points do not weigh it (docs/caseload.md).
func (s Settings) CasePoints(u ServiceUser) float64 {
	if u.Flags.Has(FlagT2A) {
		return s.Young[u.Tier]
	}
	return s.Points[u.CaseType][u.Tier]
}

// AvailablePoints is the workload points practitioner p (a position in
// Practitioners) has available: nominal × (contracted ÷ full time) ×
// ((contracted − reduction) ÷ contracted).
func (r *Region) AvailablePoints(p int) float64 {
	pr := r.Practitioners[p]
	s := r.Settings
	if pr.ContractedHours <= 0 || s.FullTimeHours <= 0 {
		return 0
	}
	return s.NominalPoints * (pr.ContractedHours / s.FullTimeHours) *
		((pr.ContractedHours - pr.ReductionHours) / pr.ContractedHours)
}

// FTE is practitioner p's contracted hours as a share of full time.
func (r *Region) FTE(p int) float64 {
	if r.Settings.FullTimeHours <= 0 {
		return 0
	}
	return r.Practitioners[p].ContractedHours / r.Settings.FullTimeHours
}

// Eligible reports whether service user u may attend intervention i
// (positions in ServiceUsers and Interventions): the intervention's gender
// and age band admit them.
func (r *Region) Eligible(u, i int) bool {
	su, iv := r.ServiceUsers[u], r.Interventions[i]
	if iv.Gender != GenderAny && iv.Gender != "" && iv.Gender != su.Gender {
		return false
	}
	if iv.MinAge > 0 && su.Age < iv.MinAge {
		return false
	}
	return iv.MaxAge == 0 || su.Age <= iv.MaxAge
}

// WithCaseManagers returns a copy of r in which each service user named in
// assign has that practitioner as case manager. Only the ServiceUsers slice
// is copied (treat the rest as shared and read-only); every lookup,
// CasesOf included, answers for the new allocation. Ids in assign that name
// no service user are ignored; the caller vouches that the practitioners
// exist and may hold the cases.
func (r *Region) WithCaseManagers(assign map[string]string) *Region {
	out := *r
	out.ServiceUsers = slices.Clone(r.ServiceUsers)
	for i := range out.ServiceUsers {
		if cm, ok := assign[out.ServiceUsers[i].ID]; ok {
			out.ServiceUsers[i].CaseManager = cm
		}
	}
	out.buildIndex()
	return &out
}

// AreaOfTeam is the area of team id: its area column, or its id when that
// is empty (or when there is no such team).
func (r *Region) AreaOfTeam(id string) string {
	if t, ok := r.TeamIndex(id); ok && r.Teams[t].Area != "" {
		return r.Teams[t].Area
	}
	return id
}

// SiteServes reports whether site (a position in Sites) may be used by the
// people and staff of area: it is reserved to that area, or to none.
func (r *Region) SiteServes(site int, area string) bool {
	a := r.Sites[site].Area
	return a == "" || a == area
}
