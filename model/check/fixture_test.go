package check

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// The fixture: a week (Monday 2018-06-04, Friday a bank holiday) with five
// sites on one meridian, so every distance is 111.195 km per degree of
// latitude between them. Homes sit on the same meridian.
//
//	city 52.63 (base; open mon tue)   hub 52.65 (women only)   park 52.61 (projects)
//	far 53.03 (40 km out)             annex 52.64 (open wed only, no interview rooms)
var fixtureFiles = map[string]string{
	model.FileSettings: `key,value
bank_holidays,2018-06-08
contact_share,0.5
`,
	model.FileSites: `id,name,town,lat,lon,open_days,group_rooms,seats_per_room,interview_rooms,women_only,step_free,area
city,City Office,Leicester,52.63,-1.13,mon tue,1,6,2,false,true,
hub,Women's Hub,Leicester,52.65,-1.13,mon tue wed,1,6,1,true,false,
park,Victoria Park,Leicester,52.61,-1.13,mon tue wed thu fri,0,0,0,false,false,
far,Far Office,Melton,53.03,-1.13,mon tue wed thu fri,1,6,1,false,true,
annex,Annex,Leicester,52.64,-1.13,wed,1,6,0,false,false,
`,
	model.FileTeams: `id,name,base
t,Team,city
t2,Team Two,far
`,
	model.FilePractitioners: `id,name,team,grade,contracted_hours,base_site,days,pattern,skills,max_sessions,reduction_hours,late_days
p1,Pat One,t,PO,37,city,mon tue wed,,tsp yg,3,,
p2,Pat Two,t,facilitator,37,city,mon tue,mon:hub,tsp wg,0,,
p3,Pat Three,t,supervisor,37,city,mon tue,,unpaid_work,0,,
p4,Pat Four,t,supervisor,37,city,mon tue,tue:city,unpaid_work,0,,
p5,Pat Five,t,PO,37,city,mon tue,,,0,,
`,
	model.FileServiceUsers: `id,team,case_manager,lat,lon,gender,dob,rosh,tier,case_type,iom,available,step_free
u1,t,p1,52.63,-1.13,male,1980-01-01,low,C1,community,false,,false
u2,t,p1,52.68,-1.13,male,1985-01-01,low,B2,community,false,,false
u3,t,p1,52.65,-1.13,female,1990-01-01,medium,D1,community,false,,false
u4,t,p1,52.63,-1.13,female,2000-01-01,low,C2,community,false,,false
u5,t,p5,52.73,-1.13,male,1975-01-01,medium,C1,licence,true,,false
u6,t,p1,52.61,-1.13,male,1988-01-01,low,C0,community,false,,false
u7,t,p1,52.65,-1.13,female,1992-01-01,low,B2,community,false,,false
u8,t,p1,52.61,-1.13,male,1983-01-01,low,A2,community,false,,false
u9,t,p1,52.67,-1.13,female,1995-01-01,low,C3,community,false,,false
`,
	model.FileRequirements: `service_user,kind,intervention,sessions,hours,priority
u1,appointment,,,,
u1,intervention,tsp,,,
u2,appointment,,1,,
u2,intervention,tsp,1,,
u3,appointment,,,,
u3,intervention,wg,,,
u4,rar,yg,,,
u5,appointment,,2,,1
u6,unpaid_work,,,7,
u7,unpaid_work,,,7,
u8,unpaid_work,,,14,5
u9,unpaid_work,,,6,
`,
	model.FileInterventions: `id,name,kind,session_hours,min_group,max_group,facilitators,gender,min_age,max_age,sites
tsp,Thinking Skills,programme,2.5,2,4,2,any,,,
wg,Women's Group,group,2,1,6,1,female,,,hub
yg,Young Group,group,2,1,6,1,any,18,24,
uw,Community Payback,unpaid_work,1,1,10,0,any,,,
`,
	model.FileProjects: `id,name,site,days,places,supervisors,hours,women_only
garden,Garden,park,mon tue,4,1,7,false
sew,Sewing,hub,tue,3,1,6,true
`,
	model.FileNonAssociations: `service_user_a,service_user_b,reason
u1,u6,feud
`,
}

// Dates of the fixture week.
const (
	mon = "2018-06-04"
	tue = "2018-06-05"
	wed = "2018-06-06"
)

// baseline is the fixture's valid rota before the derived columns and files
// are filled in by derive: appointments and sessions with their people.
func baseline() *plan.Plan {
	appt := func(u, cm, site, date, slot, start, end, room string) plan.Appointment {
		return plan.Appointment{ServiceUser: u, CaseManager: cm, Site: site, Date: date, Slot: slot, Start: start, End: end, Room: room}
	}
	return &plan.Plan{
		Appointments: []plan.Appointment{
			appt("u1", "p1", "city", mon, "afternoon", "13:30", "14:15", "Interview 1"), // p1's late shift:
			appt("u2", "p1", "city", mon, "afternoon", "14:15", "15:00", "Interview 1"), // the evening's yg follows
			appt("u5", "p5", "city", mon, "morning", "09:00", "09:45", "Interview 2"),
			appt("u3", "p1", "city", tue, "morning", "09:00", "09:45", "Interview 1"),
		},
		Sessions: []plan.Session{
			session("tsp", "city", tue, "afternoon", "p1 p2", "u1 u2"),
			session("wg", "hub", mon, "morning", "p2", "u3"),
			session("yg", "city", mon, "evening", "p1", "u4"),
			party("garden", "park", mon, "p3", "u6 u8"),
			party("sew", "hub", tue, "p3", "u7 u9"),
		},
	}
}

func session(iv, site, date, slot, staff, attendees string) plan.Session {
	return plan.Session{Kind: plan.KindSession, Intervention: iv, Site: site, Date: date, Slot: slot, Staff: staff, Attendees: attendees}
}

func party(project, site, date, staff, attendees string) plan.Session {
	return plan.Session{Kind: plan.KindWorkParty, Project: project, Site: site, Date: date, Slot: plan.SlotDay, Staff: staff, Attendees: attendees}
}

// files is a data folder being edited by a test case.
type files map[string]string

func (f files) lines(file string) []string {
	return strings.Split(strings.TrimSuffix(f[file], "\n"), "\n")
}

func (f files) setLines(file string, lines []string) {
	f[file] = strings.Join(lines, "\n") + "\n"
}

// rowIndex finds the row whose leading cells are key (comma-separated).
func (f files) rowIndex(t *testing.T, file, key string) int {
	t.Helper()
	for i, l := range f.lines(file)[1:] {
		if l == key || strings.HasPrefix(l, key+",") {
			return i + 1
		}
	}
	t.Fatalf("%s has no row %q", file, key)
	return 0
}

// set sets column col of the row keyed by key.
func (f files) set(t *testing.T, file, key, col, value string) {
	t.Helper()
	lines := f.lines(file)
	ci := slices.Index(strings.Split(lines[0], ","), col)
	if ci < 0 {
		t.Fatalf("%s has no column %q", file, col)
	}
	i := f.rowIndex(t, file, key)
	cells := strings.Split(lines[i], ",")
	cells[ci] = value
	lines[i] = strings.Join(cells, ",")
	f.setLines(file, lines)
}

func (f files) add(file, line string) { f[file] += line + "\n" }

func (f files) del(t *testing.T, file, key string) {
	t.Helper()
	lines := f.lines(file)
	i := f.rowIndex(t, file, key)
	f.setLines(file, slices.Delete(lines, i, i+1))
}

// load loads the fixture after edit (which may be nil) changes its files.
func load(t *testing.T, edit func(t *testing.T, f files)) *model.Region {
	t.Helper()
	f := files{}
	for k, v := range fixtureFiles {
		f[k] = v
	}
	if edit != nil {
		edit(t, f)
	}
	fsys := fstest.MapFS{}
	for k, v := range f {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	r, err := model.Load(fsys)
	if err != nil {
		t.Fatalf("fixture does not load: %v", err)
	}
	return r
}

// derive fills in what a rota writer derives from the appointments and
// sessions: their derived columns and ids, staff.csv (each practitioner at
// their first activity's site, else their usual or base site, on every
// working day and any other day they have something to do), attendance.csv
// and unmet.csv. It is deliberately simple and separate from the checker.
func derive(r *model.Region, p *plan.Plan) {
	days := r.Days()
	dayOf := func(date string) int {
		for i, d := range days {
			if d.Date.String() == date {
				return i
			}
		}
		return -1
	}
	wd := func(date string) string {
		if d := dayOf(date); d >= 0 {
			return days[d].Weekday.String()
		}
		return ""
	}
	user := func(id string) *model.ServiceUser {
		i, _ := r.ServiceUserIndex(id)
		return &r.ServiceUsers[i]
	}
	dist := func(u, site string) float64 {
		su := user(u)
		i, _ := r.SiteIndex(site)
		return model.DistanceKm(su.HomeLat, su.HomeLon, r.Sites[i].Lat, r.Sites[i].Lon)
	}
	round1 := func(x float64) float64 { return math.Round(x*10) / 10 }

	// An appointment a mutation adds without times takes the next place
	// of its site and slot, in the first interview room.
	placed := map[[3]string]int{}
	for i := range p.Appointments {
		a := &p.Appointments[i]
		k := [3]string{a.Date, a.Slot, a.Site}
		if a.Start == "" {
			var start int
			for _, sl := range r.Settings.Slots {
				if sl.Name == a.Slot {
					start = sl.Start + placed[k]*r.Settings.AppointmentMinutes
				}
			}
			a.Start = fmt.Sprintf("%02d:%02d", start/60, start%60)
			a.End = fmt.Sprintf("%02d:%02d", (start+r.Settings.AppointmentMinutes)/60, (start+r.Settings.AppointmentMinutes)%60)
			a.Room = "Interview 1"
		}
		placed[k]++
		a.Weekday = wd(a.Date)
		a.TravelKm = round1(dist(a.ServiceUser, a.Site))
	}
	uw := ""
	for _, iv := range r.Interventions {
		if iv.Kind == model.UnpaidWork {
			uw = iv.ID
			break
		}
	}
	seq := map[string]int{}
	slotOf := map[string]model.Slot{}
	day := model.Slot{Start: 24 * 60}
	for _, sl := range r.Settings.Slots {
		slotOf[sl.Name] = sl
		if sl.Start < 17*60 {
			day.Start, day.End = min(day.Start, sl.Start), max(day.End, sl.End)
		}
	}
	rooms := map[[3]string]int{}
	hhmm := func(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
	p.Attendance = nil
	for i := range p.Sessions {
		s := &p.Sessions[i]
		s.Weekday = wd(s.Date)
		s.Size = len(strings.Fields(s.Attendees))
		var prefix string
		if s.Kind == plan.KindWorkParty {
			s.Intervention = uw
			j, _ := r.ProjectIndex(s.Project)
			s.Hours = r.Projects[j].Hours
			prefix = s.Project + "-" + s.Date + "-"
		} else {
			j, _ := r.InterventionIndex(s.Intervention)
			s.Hours = r.Interventions[j].SessionHours
			prefix = s.Intervention + "-" + s.Site + "-" + s.Date + "-" + s.Slot + "-"
		}
		seq[prefix]++
		s.ID = fmt.Sprintf("%s%d", prefix, seq[prefix])
		if s.Kind == plan.KindWorkParty {
			s.Start, s.End = hhmm(day.Start), hhmm(day.End)
		} else {
			sl := slotOf[s.Slot]
			k := [3]string{s.Date, s.Slot, s.Site}
			rooms[k]++
			s.Start, s.End = hhmm(sl.Start), hhmm(sl.Start+int(math.Round(s.Hours*60)))
			s.Room = fmt.Sprint("Group room ", rooms[k])
		}
		for _, u := range strings.Fields(s.Attendees) {
			p.Attendance = append(p.Attendance, plan.Attendance{
				ServiceUser: u, Session: s.ID, Kind: s.Kind, Intervention: s.Intervention, Site: s.Site,
				Date: s.Date, Weekday: s.Weekday, Slot: s.Slot, Hours: s.Hours, TravelKm: round1(dist(u, s.Site)),
			})
		}
	}

	daytime := map[string]bool{}
	for _, sl := range r.Settings.Slots {
		daytime[sl.Name] = sl.Start < 17*60
	}
	dayShift := day
	p.Staff = nil
	for _, pr := range r.Practitioners {
		for _, day := range days {
			date := day.Date.String()
			site := ""
			type act struct{ activity, detail string }
			acts := map[string][]act{}
			var seen []string
			for _, a := range p.Appointments {
				if a.CaseManager != pr.ID || a.Date != date {
					continue
				}
				if site == "" {
					site = a.Site
				}
				if l := acts[a.Slot]; len(l) > 0 && l[0].activity == plan.ActivityAppointments {
					l[0].detail += " " + a.ServiceUser
				} else {
					acts[a.Slot] = append([]act{{plan.ActivityAppointments, a.ServiceUser}}, acts[a.Slot]...)
				}
				seen = append(seen, a.Slot)
			}
			for _, s := range p.Sessions {
				if s.Date != date || !slices.Contains(strings.Fields(s.Staff), pr.ID) {
					continue
				}
				if site == "" {
					site = s.Site
				}
				for _, sl := range r.Settings.Slots {
					switch {
					case s.Kind == plan.KindSession && s.Slot == sl.Name:
						acts[sl.Name] = append(acts[sl.Name], act{plan.ActivityFacilitating, s.ID})
					case s.Kind == plan.KindWorkParty && daytime[sl.Name]:
						acts[sl.Name] = append(acts[sl.Name], act{plan.ActivitySupervising, s.ID})
					}
				}
				seen = append(seen, s.ID)
			}
			works := pr.Days.Has(day.Weekday) && !day.Holiday
			if !works && len(seen) == 0 {
				continue
			}
			if site == "" {
				site = pr.BaseSite
				if ps, ok := pr.Pattern.Site(day.Weekday); ok {
					site = ps
				}
			}
			shift := model.Slot{Start: 24 * 60}
			for _, sl := range r.Settings.Slots {
				if len(acts[sl.Name]) > 0 {
					shift.Start, shift.End = min(shift.Start, sl.Start), max(shift.End, sl.End)
				}
			}
			if shift.End == 0 {
				shift = dayShift
			}
			for _, sl := range r.Settings.Slots {
				l := acts[sl.Name]
				if len(l) == 0 {
					l = []act{{plan.ActivityOffice, ""}}
				}
				for _, a := range l {
					p.Staff = append(p.Staff, plan.StaffRow{
						Practitioner: pr.ID, Name: pr.Name, Date: date, Weekday: day.Weekday.String(),
						Site: site, Slot: sl.Name, Start: hhmm(shift.Start), End: hhmm(shift.End), Activity: a.activity, Detail: a.detail,
					})
				}
			}
		}
	}

	// unmet.csv: appointments by user, sessions by user and intervention,
	// hours by user, each shared out over the requirements in file order.
	nAppts := map[string]float64{}
	for _, a := range p.Appointments {
		nAppts[a.ServiceUser]++
	}
	nSess := map[[2]string]float64{}
	hours := map[string]float64{}
	for _, s := range p.Sessions {
		for _, u := range strings.Fields(s.Attendees) {
			if s.Kind == plan.KindWorkParty {
				hours[u] += s.Hours
			} else {
				nSess[[2]string{u, s.Intervention}]++
			}
		}
	}
	p.Unmet = nil
	for _, q := range r.Requirements {
		var due, planned float64
		unit := "sessions"
		switch q.Kind {
		case model.KindAppointment:
			due, unit = float64(q.Sessions), "appointments"
			planned = math.Min(nAppts[q.ServiceUser], due)
			nAppts[q.ServiceUser] -= planned
		case model.KindIntervention, model.KindRAR:
			k := [2]string{q.ServiceUser, q.Intervention}
			due = float64(q.Sessions)
			planned = math.Min(nSess[k], due)
			nSess[k] -= planned
		case model.KindUnpaidWork:
			due, unit = q.Hours, "hours"
			planned = math.Min(hours[q.ServiceUser], due)
			hours[q.ServiceUser] -= planned
		}
		if due-planned > 1e-9 {
			p.Unmet = append(p.Unmet, plan.Unmet{
				ServiceUser: q.ServiceUser, Kind: string(q.Kind), Intervention: q.Intervention,
				Due: due, Planned: planned, Unmet: due - planned, Unit: unit, Reason: "capacity used by higher-priority cases",
			})
		}
	}
}

// summarize writes summary.json's figures as a solver would, taking the
// objective from the checker (which TestBaselineObjective checks by hand).
func summarize(r *model.Region, p *plan.Plan) {
	rep := Check(r, p)
	var total, worst float64
	n := 0
	dist := func(u, site string) float64 {
		i, _ := r.ServiceUserIndex(u)
		j, _ := r.SiteIndex(site)
		return r.UserSiteKm(i, j)
	}
	for _, a := range p.Appointments {
		d := dist(a.ServiceUser, a.Site)
		total, worst, n = total+d, max(worst, d), n+1
	}
	sessions, parties := 0, 0
	for _, s := range p.Sessions {
		if s.Kind == plan.KindWorkParty {
			parties++
		} else {
			sessions++
		}
		for _, u := range strings.Fields(s.Attendees) {
			d := dist(u, s.Site)
			total, worst, n = total+d, max(worst, d), n+1
		}
	}
	p.Summary = plan.Summary{
		Status: "optimal", Objective: rep.Objective, Bound: rep.Objective,
		Terms: rep.Terms, Coverage: rep.Coverage, SessionsRun: sessions, WorkParties: parties,
		TravelKmMean: math.Round(total/float64(max(n, 1))*10) / 10, TravelKmMax: math.Round(worst*10) / 10,
	}
}

// fixture loads the region and builds its valid rota.
func fixture(t *testing.T) (*model.Region, *plan.Plan) {
	t.Helper()
	r := load(t, nil)
	p := baseline()
	derive(r, p)
	summarize(r, p)
	return r, p
}
