package scenario

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/check"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/coin"
)

func needCbc(t *testing.T) {
	t.Helper()
	if !coin.Available() {
		t.Skip("COIN-OR Cbc is not available in this build (cgo off)")
	}
}

// stocktonOptions are the options of the Stockton runs: each solve ends
// well within its gap, so the rotas are the same on every run.
var stocktonOptions = Options{TimeLimit: 20 * time.Second, Seed: 1}

// countyLimit is the limit of each county solve: the baseline stops on it
// (its gap is not reached in minutes); the scenario, held to the baseline,
// ends in seconds.
const countyLimit = 60 * time.Second

func run(t *testing.T, files map[string][]byte, opt Options, specs ...string) *Report {
	t.Helper()
	rep, err := Run(context.Background(), files, mustParse(t, specs...), opt)
	if err != nil {
		t.Fatalf("Run(%s): %v", strings.Join(specs, " "), err)
	}
	for _, l := range rep.Summary.Headline {
		t.Log(l)
	}
	checkSide(t, "baseline", rep.Baseline)
	checkSide(t, "scenario", rep.Scenario)
	return rep
}

// checkSide re-verifies a side's rota with the independent checker.
func checkSide(t *testing.T, name string, sd *Side) {
	t.Helper()
	rep := check.Check(sd.Region, sd.Result.Plan)
	for _, v := range rep.Violations {
		t.Errorf("%s: %s", name, v)
	}
	if sd.Check == nil || len(sd.Check.Violations) != len(rep.Violations) {
		t.Errorf("%s: the report's check does not match check.Check", name)
	}
}

// checkWritten reads a side's folder back as `rota check --data
// DIR/side/data --rota DIR/side` does, and checks it.
func checkWritten(t *testing.T, dir string) {
	t.Helper()
	r, err := model.LoadDir(filepath.Join(dir, DataDir))
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	p, err := plan.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var vs []check.Violation
	if _, err := os.Stat(filepath.Join(dir, "moves.csv")); err == nil {
		cl, err := plan.ReadCaseloadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		vs = check.CheckCaseload(r, cl)
		assign := map[string]string{}
		for _, m := range cl.Moves {
			assign[m.ServiceUser] = m.To
		}
		r = r.WithCaseManagers(assign)
	}
	vs = append(vs, check.Check(r, p).Violations...)
	for _, v := range vs {
		t.Errorf("%s: %s", dir, v)
	}
}

func kpi(t *testing.T, rep *Report, name string) KPI {
	t.Helper()
	k, ok := rep.KPI(name)
	if !ok {
		t.Fatalf("no figure %s", name)
	}
	return k
}

// reachOnly lists the people whose only site within the travel limit is
// site.
func reachOnly(r *model.Region, site string) map[string]bool {
	out := map[string]bool{}
	for u, su := range r.ServiceUsers {
		var in []string
		for k, s := range r.Sites {
			if r.UserSiteKm(u, k) <= r.Settings.MaxTravelKm {
				in = append(in, s.ID)
			}
		}
		if len(in) == 1 && in[0] == site {
			out[su.ID] = true
		}
	}
	return out
}

// TestCloseHardwick: closing the Hardwick hub moves its users to the
// town-centre site where their eligibility and travel allow; the people
// near Redmarshall, who can reach only Hardwick, lose what they had there
// for want of a site within 5 km.
func TestCloseHardwick(t *testing.T) {
	needCbc(t)
	files := stocktonFiles(t)
	rep := run(t, files, stocktonOptions, "close:hardwick")

	redmarshall := reachOnly(rep.Baseline.Region, "hardwick")
	if len(redmarshall) != 4 {
		t.Errorf("%d people reach only Hardwick, want the four near Redmarshall", len(redmarshall))
	}
	// Everything the baseline had at Hardwick is in affected.csv.
	atHardwick := 0
	for _, a := range rep.Baseline.Result.Plan.Appointments {
		if a.Site == "hardwick" {
			atHardwick++
		}
	}
	for _, a := range rep.Baseline.Result.Plan.Attendance {
		if a.Site == "hardwick" {
			atHardwick++
		}
	}
	var fromHardwick []Affected
	for _, a := range rep.Affected {
		if strings.Contains(a.Had, " at hardwick ") {
			fromHardwick = append(fromHardwick, a)
		}
		if strings.Contains(a.Gets, "hardwick") {
			t.Errorf("the scenario still uses Hardwick: %+v", a)
		}
	}
	if atHardwick == 0 || len(fromHardwick) != atHardwick {
		t.Errorf("%d rows of affected.csv had Hardwick; the baseline had %d things there", len(fromHardwick), atHardwick)
	}
	toStockton, lostRedmarshall := 0, 0
	for _, a := range fromHardwick {
		switch {
		case redmarshall[a.ServiceUser]:
			// Nowhere else within reach: lost, for want of a site.
			if a.Effect != EffectLoses || !strings.Contains(a.Reason, "within 5 km") {
				t.Errorf("%s reaches only Hardwick: %s %q → %q (%s), want lost with a reason about the 5 km limit", a.ServiceUser, a.Effect, a.Had, a.Gets, a.Reason)
			}
			lostRedmarshall++
		case a.What == "appointment":
			// Stockton is within reach of everyone else near Hardwick.
			if a.Effect != EffectMovesSite {
				t.Errorf("%s's appointment %q → %q (%s): want a move to another site", a.ServiceUser, a.Had, a.Gets, a.Effect)
			}
			if a.Reason != "hardwick closed" {
				t.Errorf("%s: reason %q, want hardwick closed", a.ServiceUser, a.Reason)
			}
			if strings.Contains(a.Gets, " at stockton ") {
				toStockton++
			}
		case a.Effect == EffectLoses && a.Reason == "":
			t.Errorf("%s loses %q without a reason", a.ServiceUser, a.Had)
		}
	}
	if toStockton == 0 || lostRedmarshall == 0 {
		t.Errorf("%d appointments moved from Hardwick to Stockton, %d things lost near Redmarshall; want some of each", toStockton, lostRedmarshall)
	}
	if k := kpi(t, rep, "appointments_at.hardwick"); k.Baseline == 0 || k.Scenario != 0 {
		t.Errorf("appointments at Hardwick %v → %v", k.Baseline, k.Scenario)
	}
	if k := kpi(t, rep, "appointments_at.stockton"); k.Delta <= 0 {
		t.Errorf("appointments at Stockton %v → %v: want more", k.Baseline, k.Scenario)
	}
	if k := kpi(t, rep, "work_parties_at.hardwick"); k.Scenario != 0 {
		t.Errorf("work parties at Hardwick after its closure: %v", k.Scenario)
	}
	head := rep.Summary.Headline[0]
	for _, s := range []string{"closing hardwick: ", "people affected", "move site", "lose"} {
		if !strings.Contains(head, s) {
			t.Errorf("headline %q lacks %q", head, s)
		}
	}
	if got := rep.Summary.Affected.People; got == 0 || got != len(peopleOf(rep.Affected)) {
		t.Errorf("summary counts %d people affected; affected.csv has %d", got, len(peopleOf(rep.Affected)))
	}

	dir := t.TempDir()
	if err := rep.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{BaselineDir, ScenarioDir} {
		checkWritten(t, filepath.Join(dir, side))
	}
	if b, err := os.ReadFile(filepath.Join(dir, ScenarioDir, DataDir, model.FileSites)); err != nil || strings.Contains(string(b), "hardwick,") {
		t.Errorf("the scenario's sites.csv still lists Hardwick (%v)", err)
	}
	for _, f := range []string{AffectedFile, KPIFile, SummaryFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// Both Stockton solves end within their gap: a second run gives the same report.
	again := run(t, files, stocktonOptions, "close:hardwick")
	if !reflect.DeepEqual(again.Affected, rep.Affected) {
		t.Error("a second run gives another affected list")
	}
}

func peopleOf(rows []Affected) map[string]bool {
	m := map[string]bool{}
	for _, a := range rows {
		m[a.ServiceUser] = true
	}
	return m
}

// sameFigures reports the figures that differ between the two sides.
func sameFigures(t *testing.T, rep *Report) {
	t.Helper()
	for _, k := range rep.KPIs {
		if k.Delta != 0 || k.Baseline != k.Scenario {
			t.Errorf("%s: %v → %v", k.Figure, k.Baseline, k.Scenario)
		}
	}
	if len(rep.Affected) != 0 || rep.Summary.Affected.People != 0 {
		t.Errorf("%d rows affected, want none: %+v", len(rep.Affected), rep.Affected)
	}
	if !strings.Contains(rep.Summary.Headline[0], "nobody affected") {
		t.Errorf("headline %q", rep.Summary.Headline[0])
	}
}

// withoutFacilitators is sessions with the facilitators left out.
func withoutFacilitators(ss []plan.Session) []plan.Session {
	out := slices.Clone(ss)
	for i := range out {
		out[i].Staff = ""
	}
	return out
}

// TestSiteNobodyUses: a site far from everyone, opened or closed, changes
// nothing. Both are solved: the data differ from the baseline's.
func TestSiteNobodyUses(t *testing.T) {
	needCbc(t)
	const far = "open:far:name=Far hub,town=Far,lat=54.9,lon=-1.0,days=mon tue wed thu fri,group_rooms=1,seats=12,interview_rooms=2"
	stockton := stocktonFiles(t)
	withFar, err := Apply(stockton, mustParse(t, far))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("open", func(t *testing.T) {
		rep := run(t, stockton, stocktonOptions, far)
		if rep.Unchanged {
			t.Fatal("opening a site left the data as it was")
		}
		sameFigures(t, rep)
	})
	t.Run("close", func(t *testing.T) {
		rep := run(t, withFar, stocktonOptions, "close:far")
		if rep.Unchanged {
			t.Fatal("closing a site left the data as it was")
		}
		sameFigures(t, rep)
		// The same rota for every service user, file by file; the same
		// sessions at the same sites and times. Which of two equally placed
		// facilitators runs a session is a tie the weekly model may break
		// either way when its columns change, so staff rows and session
		// facilitators are not compared.
		b, s := rep.Baseline.Result.Plan, rep.Scenario.Result.Plan
		if !reflect.DeepEqual(b.Appointments, s.Appointments) || !reflect.DeepEqual(b.Attendance, s.Attendance) ||
			!reflect.DeepEqual(withoutFacilitators(b.Sessions), withoutFacilitators(s.Sessions)) || !reflect.DeepEqual(b.Unmet, s.Unmet) {
			t.Error("closing a site nobody uses changed the rota")
		}
	})
	t.Run("closed on a day it is shut", func(t *testing.T) {
		rep := run(t, stockton, stocktonOptions, "close:hardwick:mon")
		if !rep.Unchanged || rep.Scenario != rep.Baseline {
			t.Error("closing Hardwick on Monday, when it is shut, should leave the data and the rota as they were")
		}
		sameFigures(t, rep)
		if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "hardwick is not open on mon (it opens tue thu)") {
			t.Errorf("notes %q", rep.Notes)
		}
	})
}

// TestCombined closes Hardwick, widens the travel limit to 6 km and takes
// out p04 (a PSO of the south team): p04's cases go to p03, Hardwick's
// users move, and the wider limit lets some reach another site.
func TestCombined(t *testing.T) {
	needCbc(t)
	files := stocktonFiles(t)
	rep := run(t, files, stocktonOptions, "close:hardwick", "travel:6", "out:p04")
	if rep.Scenario.Region.Settings.MaxTravelKm != 6 {
		t.Errorf("travel limit %v", rep.Scenario.Region.Settings.MaxTravelKm)
	}
	if _, ok := rep.Scenario.Region.PractitionerIndex("p04"); ok {
		t.Error("p04 is still there")
	}
	if _, ok := rep.Scenario.Region.SiteIndex("hardwick"); ok {
		t.Error("hardwick is still there")
	}
	// Every appointment of the scenario is with a case manager who is in.
	for _, a := range rep.Scenario.Result.Plan.Appointments {
		if a.CaseManager == "p04" || a.Site == "hardwick" {
			t.Errorf("scenario appointment %+v", a)
		}
	}
	// p04's cases are allocated again by balancing.
	if k := kpi(t, rep, "caseload.allocations"); k.Delta <= 0 {
		t.Errorf("allocations %v → %v: want p04's cases allocated", k.Baseline, k.Scenario)
	}
	if k := kpi(t, rep, "caseload.case_managers"); k.Delta != -1 {
		t.Errorf("case managers %v → %v", k.Baseline, k.Scenario)
	}
	var p04, moved int
	for _, a := range rep.Affected {
		if strings.Contains(a.Had, "with p04 ") {
			p04++
			if a.Effect == EffectLoses || a.Reason != "case manager p04 out" && !strings.Contains(a.Reason, "closed") {
				t.Errorf("%s: p04's appointment %q → %q (%s, %s)", a.ServiceUser, a.Had, a.Gets, a.Effect, a.Reason)
			}
		}
		if a.Effect == EffectMovesSite && strings.Contains(a.Had, "at hardwick") {
			moved++
		}
	}
	if p04 == 0 || moved == 0 {
		t.Errorf("%d of p04's appointments and %d moves from Hardwick in affected.csv", p04, moved)
	}
	for _, want := range []string{"closing hardwick, a travel limit of 6 km and taking out p04: ", "change case manager"} {
		if !strings.Contains(rep.Summary.Headline[0], want) {
			t.Errorf("headline %q lacks %q", rep.Summary.Headline[0], want)
		}
	}
	if !slices.Equal(rep.Summary.Changes, []string{"close:hardwick", "travel:6", "out:p04"}) {
		t.Errorf("changes %q", rep.Summary.Changes)
	}
}

// TestNoBalance plans both weeks on the data's allocation: without
// balancing, p02's cases stay unallocated and their appointments are
// lost for want of a case manager.
func TestNoBalance(t *testing.T) {
	needCbc(t)
	opt := stocktonOptions
	opt.NoBalance = true
	rep := run(t, stocktonFiles(t), opt, "out:p02")
	if rep.Baseline.Balance != nil || rep.Scenario.Balance != nil {
		t.Error("balanced with NoBalance")
	}
	if _, ok := rep.KPI("caseload.moves"); ok {
		t.Error("caseload figures without balancing")
	}
	lost := 0
	for _, a := range rep.Affected {
		if a.What == "appointment" && a.Effect == EffectLoses {
			lost++
			if a.Reason != "no case manager allocated" {
				t.Errorf("%s: %q", a.ServiceUser, a.Reason)
			}
		}
	}
	if lost == 0 {
		t.Error("no appointment lost with p02 out and no balancing")
	}
	dir := t.TempDir()
	if err := rep.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	checkWritten(t, filepath.Join(dir, ScenarioDir))
}

// TestCounty runs the embedded county sample against one baseline:
// closing Hinckley, and closing Harborough on Monday, when it is shut.
// The county's solves stop on their time limit; a minute each keeps the
// package's tests within about four minutes.
func TestCounty(t *testing.T) {
	needCbc(t)
	if testing.Short() {
		t.Skip("the county takes two solves of a minute or more")
	}
	files, err := ReadFS(fixtures.Leicestershire)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{TimeLimit: countyLimit, Seed: 1}
	base, err := SolveBaseline(context.Background(), files, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkSide(t, "baseline", base)
	opt.Baseline = base

	t.Run("close hinckley", func(t *testing.T) {
		rep := run(t, files, opt, "close:hinckley")
		if rep.Baseline != base {
			t.Error("the baseline was solved again")
		}
		if len(rep.Affected) == 0 {
			t.Fatal("nobody affected by closing Hinckley")
		}
		hadHinckley := 0
		for _, a := range rep.Affected {
			if strings.Contains(a.Had, " at hinckley ") {
				hadHinckley++
				if a.Effect != EffectLoses && a.Reason != "hinckley closed" {
					t.Errorf("%s: %q → %q: reason %q", a.ServiceUser, a.Had, a.Gets, a.Reason)
				}
			}
		}
		if hadHinckley == 0 {
			t.Error("nobody lost Hinckley")
		}
		if k := kpi(t, rep, "appointments_at.hinckley"); k.Baseline == 0 || k.Scenario != 0 {
			t.Errorf("appointments at Hinckley %v → %v", k.Baseline, k.Scenario)
		}
		for _, f := range []string{"unmet_sessions", "unmet_appointments", "travel_km_mean"} {
			t.Logf("%s: %+v", f, kpi(t, rep, f))
		}
		if !strings.Contains(rep.Summary.Headline[1], "unmet sessions") || !strings.Contains(rep.Summary.Headline[1], "mean travel") {
			t.Errorf("headline %q", rep.Summary.Headline)
		}
		t.Logf("affected: %+v", rep.Summary.Affected)
	})
	t.Run("close harborough on monday", func(t *testing.T) {
		rep := run(t, files, opt, "close:harborough:mon")
		if !rep.Unchanged {
			t.Error("closing Harborough on Monday changed the data; it opens on Thursday only")
		}
		sameFigures(t, rep)
	})
}
