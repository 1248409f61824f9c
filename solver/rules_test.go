package solver_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/check"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
)

// ruleCase is a tiny region where breaking a hard rule would lower the
// objective: the plan must keep the rule (the checker passes) and the
// tempting violation must not happen (check). Some cases relax the rule
// through a setting to show the temptation is real.
type ruleCase struct {
	name string
	// rules are the checker's rule ids (model/check/doc.go) the case
	// exercises; TestRulesCovered asks for a case for every hard rule.
	rules []string
	world func() world
	check func(t *testing.T, p *plan.Plan)
	// warnings model.Load must give (the situation under test is
	// valid but unusual); none when empty.
	warnings []string
}

// ruleFamilies are the cases of each constraint family, from the
// family's test file (constraint_<name>_test.go).
var ruleFamilies = []struct {
	name  string
	cases []ruleCase
}{
	{"staff", staffCases},
	{"appointments", appointmentCases},
	{"sessions", sessionCases},
	{"practitioner time", practitionerTimeCases},
	{"attendance", attendanceCases},
	{"unpaid work", unpaidWorkCases},
	{"service user time", userTimeCases},
	{"absences", absenceCases},
	{"who staffs", whoStaffsCases},
	{"waiting room", waitingRoomCases},
	{"shifts", shiftCases},
	{"contact time", contactCases},
	{"staff travel", staffTravelCases},
	{"pins", pinCases},
	{"groups", groupCases},
}

// appt is an appointment requirement of one appointment.
const appt = "kind=appointment sessions=1"

// TestRules solves each family's tiny regions and checks their plans.
func TestRules(t *testing.T) {
	for _, fam := range ruleFamilies {
		for _, tt := range fam.cases {
			t.Run(fam.name+"/"+tt.name, func(t *testing.T) {
				p := solveRuleCase(t, tt)
				tt.check(t, p)
			})
		}
	}
}

// solveRuleCase loads a case's world, solves it to optimality and checks
// the written plan (solveAndCheck).
func solveRuleCase(t *testing.T, tt ruleCase) *plan.Plan {
	t.Helper()
	r, err := model.Load(tt.world().fs())
	if err != nil {
		t.Fatalf("model.Load: %v", err)
	}
	if got, want := strings.Join(r.Warnings, "\n"), strings.Join(tt.warnings, "\n"); got != want {
		t.Fatalf("model.Load warnings:\n%s\nwant:\n%s", got, want)
	}
	res := solveAndCheck(t, r, solver.Options{TimeLimit: 20 * time.Second, Gap: 1e-9, Seed: 1})
	if s := res.Plan.Summary.Status; s != "optimal" {
		t.Errorf("status = %s, want optimal", s)
	}
	for _, u := range res.Plan.Unmet {
		t.Logf("unmet: %s %s %s: %g of %g %s: %s", u.ServiceUser, u.Kind, u.Intervention, u.Unmet, u.Due, u.Unit, u.Reason)
	}
	return res.Plan
}

// checkedOnEverySolve are the checker's rules on the files and the summary
// that every solve of every test is checked against (verify): they need
// no case of their own. A rule added to the checker is missing from this
// list and from every case until a test names it, and TestRulesCovered
// fails.
var checkedOnEverySolve = []string{
	"file.date", "file.slot", "file.unknown-id", "file.duplicate", "file.value", "file.mismatch",
	"file.session-id", "file.staff", "file.attendance", "file.unmet",
	"summary.status", "summary.objective",
	"summary.terms.unmet_appointments", "summary.terms.unmet_sessions", "summary.terms.unmet_hours",
	"summary.terms.travel", "summary.terms.worst_travel", "summary.terms.sessions_run",
	"summary.terms.pattern_changes", "summary.terms.staff_travel",
	"summary.coverage.appointments_due", "summary.coverage.appointments_planned",
	"summary.coverage.sessions_due", "summary.coverage.sessions_planned",
	"summary.coverage.hours_due", "summary.coverage.hours_planned",
	"summary.sessions_run", "summary.work_parties", "summary.travel_km_mean", "summary.travel_km_max",
	"summary.gap",
	"time.slot", "time.room", "time.overlap", "time.shift", "time.staff-shift", // timetable.go
	"continuity.counts", "continuity.term", "continuity.regular", // on every solve with last week's rota (solveAndCheck)
}

// TestRulesCovered ties the checker's rules to the solver's tests: every
// rule the checker knows (check.Rules) has a TestRules case naming it, or
// is checked on every solve; every rule a case names exists; and each
// family has a golden instance (TestFamilyGoldens).
func TestRulesCovered(t *testing.T) {
	known := check.Rules()
	covered := make(map[string][]string)
	for _, id := range checkedOnEverySolve {
		covered[id] = append(covered[id], "every solve")
	}
	for _, fam := range ruleFamilies {
		for _, tt := range fam.cases {
			if len(tt.rules) == 0 {
				t.Errorf("case %s/%s names no checker rule", fam.name, tt.name)
			}
			for _, id := range tt.rules {
				if !slices.Contains(known, id) {
					t.Errorf("case %s/%s names rule %q, which the checker does not know", fam.name, tt.name, id)
				}
				covered[id] = append(covered[id], fam.name+"/"+tt.name)
			}
		}
	}
	for _, id := range checkedOnEverySolve {
		if !slices.Contains(known, id) {
			t.Errorf("checkedOnEverySolve names rule %q, which the checker does not know", id)
		}
	}
	for _, id := range known {
		if len(covered[id]) == 0 {
			t.Errorf("checker rule %s has no solver case: add one to TestRules (constraint_*_test.go) naming it", id)
		}
	}
	for _, fam := range ruleFamilies {
		dir := filepath.Join("testdata", "families", goldenDir(fam.name))
		if _, err := os.Stat(filepath.Join(dir, "NOTE.md")); err != nil {
			t.Errorf("family %s has no golden instance: %v", fam.name, err)
		}
	}
}

// goldenDir is a family's folder under testdata/families.
func goldenDir(family string) string { return strings.ReplaceAll(family, " ", "-") }

// ---- Tiny regions, one per hard rule family ----

// The files of a tiny region, and their columns.
const (
	fSites    = "sites.csv"
	fTeams    = "teams.csv"
	fPracs    = "practitioners.csv"
	fUsers    = "service_users.csv"
	fReqs     = "requirements.csv"
	fIvs      = "interventions.csv"
	fProjects = "projects.csv"
	fNAs      = "non_associations.csv"
	fSettings = "settings.csv"
)

// columns and defaults of each file: "column=default".
var tinyColumns = map[string][]string{
	fSites: {"id=", "name=Site", "town=Town", "lat=54", "lon=-1", "open_days=mon", "group_rooms=1",
		"seats_per_room=12", "interview_rooms=2", "women_only=false", "step_free=true", "area="},
	fTeams: {"id=t", "name=Team", "base=a", "area="},
	fPracs: {"id=", "name=Staff", "team=t", "grade=PO", "contracted_hours=37", "base_site=a", "days=mon",
		"pattern=", "skills=", "max_sessions=", "reduction_hours=", "late_days="},
	fUsers: {"id=", "team=t", "case_manager=", "lat=54", "lon=-1", "gender=male", "dob=1980-01-01",
		"rosh=low", "tier=C1", "case_type=community", "iom=false", "available=", "step_free=false"},
	fReqs: {"service_user=", "kind=", "intervention=", "sessions=", "hours=", "priority=", "induction="},
	fIvs: {"id=", "name=Group", "kind=group", "session_hours=2", "min_group=1", "max_group=10",
		"facilitators=0", "skill=", "gender=any", "min_age=", "max_age=", "sites="},
	fProjects: {"id=", "name=Project", "site=a", "days=mon", "places=6", "supervisors=1", "hours=7", "women_only=false"},
	fNAs:      {"service_user_a=", "service_user_b="},
	fSettings: {"key=", "value="},
}

// world is a tiny region under construction. Site a (54°N, 1°W, open on
// Monday, one group room of 12 seats, two interview rooms, step-free) is
// the base of team t; people live at site a unless told otherwise. At 54°N
// 0.1° of longitude is 6.5 km and 0.5° is 32.7 km, beyond the default
// 25 km limit.
type world map[string][]string

func newWorld() world {
	w := world{}
	w.add(fSites, "id=a")
	w.add(fTeams, "")
	return w
}

// add appends a row to file given as space-separated column=value pairs;
// other columns take tinyColumns' defaults. Lists are written with ';'.
func (w world) add(file, spec string) world {
	set := map[string]string{}
	for _, kv := range strings.Fields(spec) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			panic("tiny world: bad cell " + kv)
		}
		set[k] = v
	}
	var cells []string
	for _, col := range tinyColumns[file] {
		k, v, _ := strings.Cut(col, "=")
		if s, ok := set[k]; ok {
			v = s
			delete(set, k)
		}
		if strings.ContainsAny(v, ",\"") {
			v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		cells = append(cells, v)
	}
	if len(set) > 0 {
		panic(fmt.Sprintf("tiny world: unknown columns %v for %s", set, file))
	}
	w[file] = append(w[file], strings.Join(cells, ","))
	return w
}

// set adds a setting; value may hold spaces.
func (w world) set(key, value string) world {
	w[fSettings] = append(w[fSettings], key+","+value)
	return w
}

// users adds service users id1…idN with spec and a requirement each.
func (w world) users(n int, prefix, spec, req string) world {
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("%s%d", prefix, i)
		w.add(fUsers, "id="+id+" "+spec)
		w.add(fReqs, "service_user="+id+" "+req)
	}
	return w
}

func (w world) fs() fstest.MapFS {
	m := fstest.MapFS{}
	for file, cols := range tinyColumns {
		var header []string
		for _, c := range cols {
			k, _, _ := strings.Cut(c, "=")
			header = append(header, k)
		}
		header = append(header, w[extraColumns+file]...)
		text := strings.Join(append([]string{strings.Join(header, ",")}, w[file]...), "\n") + "\n"
		m[file] = &fstest.MapFile{Data: []byte(text)}
	}
	for file, lines := range w {
		if _, ok := tinyColumns[file]; !ok && !strings.HasPrefix(file, extraColumns) {
			m[file] = &fstest.MapFile{Data: []byte(strings.Join(lines, "\n") + "\n")}
		}
	}
	return m
}

// Queries on a plan.

func appointmentsOf(p *plan.Plan, user string) []plan.Appointment {
	var out []plan.Appointment
	for _, a := range p.Appointments {
		if a.ServiceUser == user {
			out = append(out, a)
		}
	}
	return out
}

func attendanceOf(p *plan.Plan, user string) []plan.Attendance {
	var out []plan.Attendance
	for _, a := range p.Attendance {
		if a.ServiceUser == user {
			out = append(out, a)
		}
	}
	return out
}

func unmetOf(p *plan.Plan, user, kind string) *plan.Unmet {
	for i := range p.Unmet {
		if u := &p.Unmet[i]; u.ServiceUser == user && u.Kind == kind {
			return u
		}
	}
	return nil
}

func totalUnmet(p *plan.Plan, unit string) float64 {
	n := 0.0
	for _, u := range p.Unmet {
		if u.Unit == unit {
			n += u.Unmet
		}
	}
	return n
}

func sessionsOf(p *plan.Plan, kind string) []plan.Session {
	var out []plan.Session
	for _, s := range p.Sessions {
		if s.Kind == kind {
			out = append(out, s)
		}
	}
	return out
}

func together(s plan.Session, a, b string) bool {
	f := strings.Fields(s.Attendees)
	return slices.Contains(f, a) && slices.Contains(f, b)
}

// wantUnmet asserts user's requirement of kind is unmet by n with a reason
// containing reason.
func wantUnmet(t *testing.T, p *plan.Plan, user, kind string, n float64, reason string) {
	t.Helper()
	u := unmetOf(p, user, kind)
	if u == nil {
		t.Errorf("%s %s: no unmet row, want %g unmet (%q)", user, kind, n, reason)
		return
	}
	if u.Unmet != n {
		t.Errorf("%s %s: unmet %g, want %g", user, kind, u.Unmet, n)
	}
	if !strings.Contains(u.Reason, reason) {
		t.Errorf("%s %s: reason %q, want it to contain %q", user, kind, u.Reason, reason)
	}
	if strings.Contains(u.Reason, " or ") {
		t.Errorf("%s %s: reason %q joins two causes with \"or\"", user, kind, u.Reason)
	}
}

func wantMet(t *testing.T, p *plan.Plan, user, kind string) {
	t.Helper()
	if u := unmetOf(p, user, kind); u != nil {
		t.Errorf("%s %s: unmet %g (%s), want met", user, kind, u.Unmet, u.Reason)
	}
}

// familyGoldens names, for each family, the TestRules case kept as its
// golden instance in testdata/families/<family>: input/ (the case's
// region as a data folder), want/ (the rota, timings zeroed) and NOTE.md
// (what it shows, written by hand). go test -run TestFamilyGoldens -update
// rewrites input/ from the case and want/ from the solve.
var familyGoldens = map[string]string{
	"staff":             "usual pattern left at pattern_change_penalty",
	"appointments":      "case manager's slot capacity",
	"sessions":          "facilitator weekly maximum",
	"practitioner time": "hours of the day",
	"attendance":        "eligibility: women-only and step-free sites",
	"unpaid work":       "unpaid work: no lone woman",
	"service user time": "one activity a slot: service user",
	"absences":          "nobody booked during an absence",
	"who staffs":        "a woman and a man facilitating a mixed programme",
	"waiting room":      "non-associates not in one waiting room",
	"shifts":            "one shift a day",
	"contact time":      "contact share net of reduction hours",
	"staff travel":      "idle day only where the pattern fixes it",
	"pins":              "a pinned site and appointment kept against travel",
	"groups":            "an absent facilitator is replaced, reported",
}

// TestFamilyGoldens plans each family's golden input and compares the
// rota with want/ byte for byte (timings zeroed).
func TestFamilyGoldens(t *testing.T) {
	needCbc(t)
	for _, fam := range ruleFamilies {
		t.Run(fam.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "families", goldenDir(fam.name))
			i := slices.IndexFunc(fam.cases, func(c ruleCase) bool { return c.name == familyGoldens[fam.name] })
			if i < 0 {
				t.Fatalf("golden case %q is not a case of family %s", familyGoldens[fam.name], fam.name)
			}
			if *update {
				writeWorld(t, fam.cases[i].world(), filepath.Join(dir, "input"))
			}
			r := load(t, os.DirFS(filepath.Join(dir, "input")))
			res := solveAndCheck(t, r, solver.Options{TimeLimit: 20 * time.Second, Gap: 1e-9, Seed: 1})
			fam.cases[i].check(t, res.Plan)
			compareGolden(t, res.Plan, filepath.Join(dir, "want"))
		})
	}
}

// writeWorld writes w's files into dir.
func writeWorld(t *testing.T, w world, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, f := range w.fs() {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
