package check

import (
	"math"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// checker holds the input's lookups and the rota's rows resolved against
// them. Rows whose references are broken are reported under file.* and
// left out of the rules that need those references, so that one bad id
// gives one violation, not a cascade.
type checker struct {
	r    *model.Region
	p    *plan.Plan
	prev *plan.Plan // last week's rota, for the continuity rules (continuity.go); nil = none
	s    *model.Settings
	vs   []Violation

	sites    map[string]*model.Site
	pracs    map[string]*model.Practitioner
	users    map[string]*model.ServiceUser
	ivs      map[string]*model.Intervention
	projects map[string]*model.Project
	hasUWIv  bool // the catalogue has an unpaid_work intervention

	slotIdx map[string]int // slot name → index into Settings.Slots
	daytime []int          // slots starting before 17:00: those a work party covers
	dates   map[string]int // ISO date → day of the week, 0 (the week start) … 6
	bank    [7]bool        // bank holidays of the week

	// nonAssoc lists, per service user, those they must not meet.
	nonAssoc map[string][]string
	// reqs indexes the requirements by service user, kind and intervention.
	reqs map[reqKey]*model.Requirement
	// ivReqs lists, per service user and intervention, their intervention
	// and rar requirements in file order.
	ivReqs map[ivKey][]*model.Requirement
	// apptReq is each service user's appointment requirement.
	apptReq map[string]*model.Requirement
	// uwReqs lists each service user's unpaid-work requirements.
	uwReqs map[string][]*model.Requirement

	appts     []appt
	sess      []sess
	sessByID  map[string]int
	staff     []staffRow
	staffAt   map[pslot][]int   // staff rows by practitioner, day and slot
	staffSite map[pday]staffRow // a practitioner's site each day (first row)
	att       []attRow

	// runningSess: the sessions of running groups (groups.go).
	runningSess map[string]bool

	// patternAway counts practitioner-days away from their usual site.
	patternAway int

	terms plan.Terms
	cov   plan.Coverage
}

type reqKey struct {
	user         string
	kind         model.RequirementKind
	intervention string
}

type ivKey struct{ user, intervention string }

type pday struct {
	who string
	day int
}

type pslot struct {
	who       string
	day, slot int
}

// appt is a row of appointments.csv resolved; ok when every reference,
// the date and the slot are valid.
type appt struct {
	i    int
	row  *plan.Appointment
	ok   bool
	day  int
	slot int
	user *model.ServiceUser
	cm   *model.Practitioner
	site *model.Site
	km   float64
}

// sess is a row of sessions.csv resolved: a group session or a work party.
type sess struct {
	i         int
	row       *plan.Session
	ok        bool // kind, date, slot, site and intervention or project valid
	party     bool
	day       int
	slot      int   // -1 for a work party
	slots     []int // slots occupied: the session's, or every daytime slot
	iv        *model.Intervention
	proj      *model.Project
	site      *model.Site
	hours     float64  // true length: session_hours, or the project's hours
	staff     []string // known practitioners, without repeats
	attendees []string // known service users, without repeats
}

type staffRow struct {
	i    int
	row  *plan.StaffRow
	ok   bool
	day  int
	slot int
	site *model.Site
}

type attRow struct {
	i    int
	row  *plan.Attendance
	ok   bool
	sess int // index into sess, -1 if unknown
	user *model.ServiceUser
}

func newChecker(r *model.Region, p *plan.Plan) *checker {
	c := &checker{
		r: r, p: p, s: &r.Settings,
		sites:     make(map[string]*model.Site, len(r.Sites)),
		pracs:     make(map[string]*model.Practitioner, len(r.Practitioners)),
		users:     make(map[string]*model.ServiceUser, len(r.ServiceUsers)),
		ivs:       make(map[string]*model.Intervention, len(r.Interventions)),
		projects:  make(map[string]*model.Project, len(r.Projects)),
		slotIdx:   make(map[string]int, len(r.Settings.Slots)),
		dates:     make(map[string]int, 7),
		nonAssoc:  make(map[string][]string),
		reqs:      make(map[reqKey]*model.Requirement, len(r.Requirements)),
		ivReqs:    make(map[ivKey][]*model.Requirement),
		apptReq:   make(map[string]*model.Requirement),
		uwReqs:    make(map[string][]*model.Requirement),
		sessByID:  make(map[string]int, len(p.Sessions)),
		staffAt:   make(map[pslot][]int, len(p.Staff)),
		staffSite: make(map[pday]staffRow),
	}
	for i := range r.Sites {
		c.sites[r.Sites[i].ID] = &r.Sites[i]
	}
	for i := range r.Practitioners {
		c.pracs[r.Practitioners[i].ID] = &r.Practitioners[i]
	}
	for i := range r.ServiceUsers {
		c.users[r.ServiceUsers[i].ID] = &r.ServiceUsers[i]
	}
	for i := range r.Interventions {
		iv := &r.Interventions[i]
		c.ivs[iv.ID] = iv
		if iv.Kind == model.UnpaidWork {
			c.hasUWIv = true
		}
	}
	for i := range r.Projects {
		c.projects[r.Projects[i].ID] = &r.Projects[i]
	}
	for i, sl := range r.Settings.Slots {
		c.slotIdx[sl.Name] = i
		if sl.Start < 17*60 {
			c.daytime = append(c.daytime, i)
		}
	}
	bank := make(map[string]bool, len(r.Settings.BankHolidays))
	for _, d := range r.Settings.BankHolidays {
		bank[d.String()] = true
	}
	for d := range 7 {
		ds := r.Settings.WeekStart.AddDays(d).String()
		c.dates[ds] = d
		c.bank[d] = bank[ds]
	}
	for _, na := range r.NonAssociations {
		c.nonAssoc[na.A] = append(c.nonAssoc[na.A], na.B)
		c.nonAssoc[na.B] = append(c.nonAssoc[na.B], na.A)
	}
	for i := range r.Requirements {
		q := &r.Requirements[i]
		c.reqs[reqKey{q.ServiceUser, q.Kind, q.Intervention}] = q
		switch q.Kind {
		case model.KindAppointment:
			c.apptReq[q.ServiceUser] = q
		case model.KindIntervention, model.KindRAR:
			k := ivKey{q.ServiceUser, q.Intervention}
			c.ivReqs[k] = append(c.ivReqs[k], q)
		case model.KindUnpaidWork:
			c.uwReqs[q.ServiceUser] = append(c.uwReqs[q.ServiceUser], q)
		}
	}
	return c
}

// weekday gives the weekday of day d of the planning week.
func (c *checker) weekday(d int) model.Weekday {
	return model.WeekdayOf(c.s.WeekStart.AddDays(d).Time)
}

// siteOpen reports whether a site is open to us on day d of the week: one
// of its open days and not a bank holiday.
func (c *checker) siteOpen(s *model.Site, d int) bool {
	return !c.bank[d] && s.OpenDays.Has(c.weekday(d))
}

// workDays is a practitioner's days worked (empty = Monday to Friday).
func workDays(p *model.Practitioner) model.Weekdays {
	if p.Days == 0 {
		return model.MonToFri
	}
	return p.Days
}

// works reports whether a practitioner works on day d of the week.
func (c *checker) works(p *model.Practitioner, d int) bool {
	return !c.bank[d] && workDays(p).Has(c.weekday(d)) && !c.absentAllDay(p, d)
}

// dayMinutes is what a practitioner may work in a day: contracted hours
// divided by the number of days in their days column, in minutes.
func dayMinutes(p *model.Practitioner) float64 {
	return p.ContractedHours * 60 / float64(workDays(p).Len())
}

func skill(iv *model.Intervention) string {
	if iv.Skill == "" {
		return iv.ID
	}
	return iv.Skill
}

func projectHours(p *model.Project) float64 {
	if p.Hours == 0 {
		return 7
	}
	return p.Hours
}

func projectSupervisors(p *model.Project) int {
	if p.Supervisors == 0 {
		return 1
	}
	return p.Supervisors
}

// haversine is the great-circle distance in km between two points given
// in degrees, on a sphere of the mean Earth radius 6371.0088 km.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	p1, p2 := lat1*rad, lat2*rad
	dp, dl := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// km is the one-way distance from a service user's home to a site.
func km(u *model.ServiceUser, s *model.Site) float64 {
	return haversine(u.HomeLat, u.HomeLon, s.Lat, s.Lon)
}

// date resolves a row's date and weekday columns, reporting a date outside
// the planning week or a weekday that does not match it. It gives -1 when
// the date is unusable.
func (c *checker) date(at, date, weekday string) int {
	d, ok := c.dates[date]
	if !ok {
		if _, err := model.ParseDate(date); err != nil {
			c.add("file.date", at, "date %q is not a date (YYYY-MM-DD)", date)
		} else {
			c.add("file.date", at, "date %s is outside the planning week %s to %s", date,
				c.s.WeekStart, c.s.WeekStart.AddDays(6))
		}
		return -1
	}
	if want := c.weekday(d).String(); weekday != want {
		c.add("file.date", at, "weekday %q does not match %s (a %s)", weekday, date, want)
	}
	return d
}

// slot resolves a slot name, reporting one that is not a slot of the settings.
func (c *checker) slot(at, name string) int {
	i, ok := c.slotIdx[name]
	if !ok {
		c.add("file.slot", at, "slot %q is not one of the settings' slots (%s)", name, c.slotNames())
		return -1
	}
	return i
}

func (c *checker) slotNames() string {
	names := make([]string, len(c.s.Slots))
	for i, sl := range c.s.Slots {
		names[i] = sl.Name
	}
	return strings.Join(names, ", ")
}

func (c *checker) unknown(at, what, id string) {
	if id == "" {
		c.add("file.unknown-id", at, "%s is empty", what)
		return
	}
	c.add("file.unknown-id", at, "%s %q does not exist in the input", what, id)
}

// ids splits a space-separated id list, reporting repeats and unknown ids
// (known says whether an id exists) and returning the known ones once each.
func (c *checker) ids(at, what string, list string, known func(string) bool) []string {
	var out []string
	seen := make(map[string]bool)
	for _, id := range strings.Fields(list) {
		if seen[id] {
			c.add("file.duplicate", at, "%s %s is listed twice", what, id)
			continue
		}
		seen[id] = true
		if !known(id) {
			c.unknown(at, what, id)
			continue
		}
		out = append(out, id)
	}
	return out
}

// parse resolves every row of the rota against the input, reporting
// file.* problems of single rows: dates, slots, unknown ids, repeated ids,
// enumerations and columns that disagree with what they are derived from.
func (c *checker) parse() {
	c.parseStaff()
	c.parseAppointments()
	c.parseSessions()
	c.parseAttendance()
}

func (c *checker) parseStaff() {
	c.staff = make([]staffRow, len(c.p.Staff))
	for i := range c.p.Staff {
		row := &c.p.Staff[i]
		at := where(plan.StaffFile, i)
		sr := staffRow{i: i, row: row, ok: true, day: -1, slot: -1}
		if p, ok := c.pracs[row.Practitioner]; !ok {
			c.unknown(at, "practitioner", row.Practitioner)
			sr.ok = false
		} else if row.Name != p.Name {
			c.add("file.mismatch", at, "name %q is not practitioner %s's name %q", row.Name, p.ID, p.Name)
		}
		if sr.day = c.date(at, row.Date, row.Weekday); sr.day < 0 {
			sr.ok = false
		}
		if sr.slot = c.slot(at, row.Slot); sr.slot < 0 {
			sr.ok = false
		}
		if s, ok := c.sites[row.Site]; ok {
			sr.site = s
		} else {
			c.unknown(at, "site", row.Site)
			sr.ok = false
		}
		switch row.Activity {
		case plan.ActivityAppointments, plan.ActivityFacilitating, plan.ActivitySupervising, plan.ActivityOffice:
		case plan.ActivityAbsent:
		default:
			c.add("file.value", at, "activity %q is not appointments, facilitating, supervising or office", row.Activity)
			sr.ok = false
		}
		c.staff[i] = sr
		if !sr.ok {
			continue
		}
		k := pslot{row.Practitioner, sr.day, sr.slot}
		c.staffAt[k] = append(c.staffAt[k], i)
		pd := pday{row.Practitioner, sr.day}
		if _, ok := c.staffSite[pd]; !ok {
			c.staffSite[pd] = sr
		}
	}
}

func (c *checker) parseAppointments() {
	c.appts = make([]appt, len(c.p.Appointments))
	for i := range c.p.Appointments {
		row := &c.p.Appointments[i]
		at := where(plan.AppointmentsFile, i)
		a := appt{i: i, row: row, ok: true}
		if a.user = c.users[row.ServiceUser]; a.user == nil {
			c.unknown(at, "service user", row.ServiceUser)
			a.ok = false
		}
		if a.cm = c.pracs[row.CaseManager]; a.cm == nil {
			c.unknown(at, "case manager", row.CaseManager)
			a.ok = false
		}
		if a.site = c.sites[row.Site]; a.site == nil {
			c.unknown(at, "site", row.Site)
			a.ok = false
		}
		if a.day = c.date(at, row.Date, row.Weekday); a.day < 0 {
			a.ok = false
		}
		if a.slot = c.slot(at, row.Slot); a.slot < 0 {
			a.ok = false
		}
		if a.user != nil && a.site != nil {
			a.km = km(a.user, a.site)
			c.travelColumn(at, row.TravelKm, a.km)
		}
		c.appts[i] = a
	}
}

// travelColumn checks a travel_km column, written to one decimal place
// (NaN and Inf are never within it).
func (c *checker) travelColumn(at string, got, want float64) {
	if !(math.Abs(got-want) <= 0.05+eps) {
		c.add("file.mismatch", at, "travel_km %g is not the distance from home, %.1f km", got, want)
	}
}

func (c *checker) parseSessions() {
	c.sess = make([]sess, len(c.p.Sessions))
	for i := range c.p.Sessions {
		row := &c.p.Sessions[i]
		at := where(plan.SessionsFile, i)
		s := sess{i: i, row: row, ok: true, slot: -1}
		if j, dup := c.sessByID[row.ID]; dup {
			c.add("file.duplicate", at, "session id %q is used again (first at line %d)", row.ID, j+2)
		} else {
			c.sessByID[row.ID] = i
		}
		s.day = c.date(at, row.Date, row.Weekday)
		if s.day < 0 {
			s.ok = false
		}
		if s.site = c.sites[row.Site]; s.site == nil {
			c.unknown(at, "site", row.Site)
			s.ok = false
		}
		switch row.Kind {
		case plan.KindSession:
			if row.Slot == plan.SlotDay {
				c.add("file.slot", at, "slot %q is only for work parties", row.Slot)
				s.ok = false
			} else if s.slot = c.slot(at, row.Slot); s.slot < 0 {
				s.ok = false
			} else {
				s.slots = []int{s.slot}
			}
			if s.iv = c.ivs[row.Intervention]; s.iv == nil {
				c.unknown(at, "intervention", row.Intervention)
				s.ok = false
			} else {
				s.hours = s.iv.SessionHours
				if !closeTo(row.Hours, s.hours) {
					c.add("file.mismatch", at, "hours %g are not %s's session_hours %g", row.Hours, s.iv.ID, s.hours)
				}
			}
			if row.Project != "" {
				c.add("file.mismatch", at, "a group session has project %q", row.Project)
			}
			if s.ok {
				prefix := row.Intervention + "-" + row.Site + "-" + row.Date + "-" + row.Slot + "-"
				if !validSeq(row.ID, prefix) {
					c.add("file.session-id", at, "session id %q is not %sN", row.ID, prefix)
				}
			}
		case plan.KindWorkParty:
			s.party = true
			if row.Slot != plan.SlotDay {
				c.add("file.slot", at, "a work party's slot is %q, not %q", row.Slot, plan.SlotDay)
			}
			s.slots = c.daytime
			if s.proj = c.projects[row.Project]; s.proj == nil {
				c.unknown(at, "project", row.Project)
				s.ok = false
			} else {
				s.hours = projectHours(s.proj)
				if !closeTo(row.Hours, s.hours) {
					c.add("file.mismatch", at, "hours %g are not project %s's hours %g", row.Hours, s.proj.ID, s.hours)
				}
				if s.site != nil && s.site.ID != s.proj.Site {
					c.add("file.mismatch", at, "site %s is not project %s's site %s", s.site.ID, s.proj.ID, s.proj.Site)
				}
				if s.day >= 0 && !validSeq(row.ID, row.Project+"-"+row.Date+"-") {
					c.add("file.session-id", at, "work party id %q is not %s-%s-N", row.ID, row.Project, row.Date)
				}
			}
			switch iv := c.ivs[row.Intervention]; {
			case row.Intervention == "" && c.hasUWIv:
				c.add("file.mismatch", at, "a work party names no intervention though the catalogue has an unpaid_work one")
			case row.Intervention != "" && iv == nil:
				c.unknown(at, "intervention", row.Intervention)
			case row.Intervention != "" && iv.Kind != model.UnpaidWork:
				c.add("file.mismatch", at, "a work party's intervention %s is of kind %s, not unpaid_work", iv.ID, iv.Kind)
			}
		default:
			c.add("file.value", at, "kind %q is not session or work_party", row.Kind)
			s.ok = false
		}
		s.staff = c.ids(at, "practitioner", row.Staff, func(id string) bool { return c.pracs[id] != nil })
		s.attendees = c.ids(at, "service user", row.Attendees, func(id string) bool { return c.users[id] != nil })
		if n := len(strings.Fields(row.Attendees)); row.Size != n {
			c.add("file.mismatch", at, "size %d but %d attendees listed", row.Size, n)
		}
		c.sess[i] = s
	}
}

// validSeq reports whether id is prefix followed by a number.
func validSeq(id, prefix string) bool {
	rest, ok := strings.CutPrefix(id, prefix)
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (c *checker) parseAttendance() {
	c.att = make([]attRow, len(c.p.Attendance))
	for i := range c.p.Attendance {
		row := &c.p.Attendance[i]
		at := where(plan.AttendanceFile, i)
		a := attRow{i: i, row: row, ok: true, sess: -1}
		if a.user = c.users[row.ServiceUser]; a.user == nil {
			c.unknown(at, "service user", row.ServiceUser)
			a.ok = false
		}
		if j, ok := c.sessByID[row.Session]; ok {
			a.sess = j
		} else {
			c.unknown(at, "session", row.Session)
			a.ok = false
		}
		// The date is checked against the week only when it cannot be
		// compared with the session's (file.attendance covers the rest).
		if a.sess < 0 {
			c.date(at, row.Date, row.Weekday)
		}
		c.att[i] = a
	}
}
