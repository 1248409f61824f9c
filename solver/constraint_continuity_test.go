package solver_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
)

// nextWeek is a data folder the same as fsys but for week_start, 7 days
// later: "next week from the same data" (docs/model.md, "Last week's
// rota").
func nextWeek(t *testing.T, fsys fs.FS) *model.Region {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		m[path] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r0, err := model.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	was, next := r0.Settings.WeekStart.String(), r0.Settings.WeekStart.AddDays(7).String()
	s := string(m[model.FileSettings].Data)
	if !strings.Contains(s, "week_start,"+was) {
		t.Fatalf("settings.csv has no week_start,%s", was)
	}
	m[model.FileSettings].Data = []byte(strings.Replace(s, "week_start,"+was, "week_start,"+next, 1))
	r, err := model.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestPreviousKeepsRegularAppointments plans Stockton's week, then the next
// week from the same data with it as last week's rota: at least 90% of the
// regular appointments keep their weekday and site, the changes are
// counted and priced as the checker recounts them, and without last
// week's rota fewer are kept (the temptation is real).
func TestPreviousKeepsRegularAppointments(t *testing.T) {
	needCbc(t)
	r1, err := model.Load(fixtures.Stockton)
	if err != nil {
		t.Fatal(err)
	}
	week1 := solveAndCheck(t, r1, solver.Options{Seed: 1})
	r2 := nextWeek(t, fixtures.Stockton)
	week2 := solveAndCheck(t, r2, solver.Options{Seed: 1, Previous: week1.Plan})
	p := week2.Plan // checked against last week's by solveAndCheck
	c := p.Summary.Continuity
	if c == nil {
		t.Fatal("summary.json has no continuity counts")
	}
	t.Logf("continuity: %+v", *c)
	if c.Regular == 0 {
		t.Fatal("no regular appointments: nobody seen in both weeks")
	}
	if c.DaySiteShare < 0.9 {
		t.Errorf("kept weekday and site: %d of %d (%.3f), want at least 90%%", c.KeptDaySite, c.Regular, c.DaySiteShare)
	}
	w := r2.Settings.Weights
	if got, want := p.Summary.Terms.Continuity, w.PreviousAppointment*float64(c.Regular-c.Kept)+w.PreviousStaffDay*float64(c.StaffMoved); !relClose(got, want) {
		t.Errorf("continuity term %g, want %g", got, want)
	}
	free := solveAndCheck(t, r2, solver.Options{Seed: 1})
	kept := keptWeekdaySite(free.Plan, week1.Plan)
	t.Logf("without last week's rota: %d of the regular appointments on last week's weekday and site", kept)
	if kept >= c.KeptDaySite {
		t.Errorf("without last week's rota %d kept, with it %d: want more with it", kept, c.KeptDaySite)
	}
}

// keptWeekdaySite counts pl's appointments on a weekday and site prev had
// for the person.
func keptWeekdaySite(pl, prev *plan.Plan) int {
	was := make(map[[3]string]bool)
	for _, a := range prev.Appointments {
		was[[3]string{a.ServiceUser, a.Weekday, a.Site}] = true
	}
	n := 0
	for _, a := range pl.Appointments {
		if was[[3]string{a.ServiceUser, a.Weekday, a.Site}] {
			n++
		}
	}
	return n
}

// fortnightlyWorld is a week of one fortnightly (tier B) case u1 of p1,
// with contact last on lastContact, available when available says.
func fortnightlyWorld(weekStart, lastContact, available string) world {
	w := newWorld()
	w[fSites] = nil
	w.add(fSites, "id=a open_days=mon;tue;wed;thu;fri").
		add(fPracs, "id=p1 days=mon;tue;wed;thu;fri").
		add(fUsers, "id=u1 case_manager=p1 tier=B1 available="+available).
		add(fReqs, "service_user=u1 kind=appointment").
		set("week_start", weekStart)
	return w.column(fUsers, "last_contact", lastContact, nil)
}

// TestPreviousFortnightly: a fortnightly case seen on Wednesday afternoon
// in week 1 is not due in week 2, whose regular.csv carries their time, so
// that in week 3, free every day, they are seen on Wednesday afternoon
// again.
func TestPreviousFortnightly(t *testing.T) {
	needCbc(t)
	opt := solver.Options{Seed: 1, Gap: 1e-9}
	week1 := solveAndCheck(t, load(t, fortnightlyWorld("2018-06-04", "2018-05-21", "wed:afternoon").fs()), opt)
	if a := appointmentsOf(week1.Plan, "u1"); len(a) != 1 || a[0].Weekday != "wed" || a[0].Slot != "afternoon" {
		t.Fatalf("week 1: u1's appointments %+v, want one on Wednesday afternoon", a)
	}
	opt.Previous = week1.Plan
	week2 := solveAndCheck(t, load(t, fortnightlyWorld("2018-06-11", "2018-06-06", "").fs()), opt)
	if a := appointmentsOf(week2.Plan, "u1"); len(a) != 0 {
		t.Fatalf("week 2: u1 is not due, has %+v", a)
	}
	if got := week2.Plan.Regular; len(got) != 1 || got[0].ServiceUser != "u1" || got[0].Weekday != "wed" {
		t.Fatalf("week 2 regular.csv %+v, want u1's Wednesday", got)
	}
	r3 := load(t, fortnightlyWorld("2018-06-18", "2018-06-06", "").fs())
	free := solveAndCheck(t, r3, solver.Options{Seed: 1, Gap: 1e-9})
	dir := t.TempDir() // last week's rota as read back, regular.csv included
	if err := week2.Plan.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	var err error
	if opt.Previous, err = plan.ReadDir(dir); err != nil {
		t.Fatal(err)
	}
	week3 := solveAndCheck(t, r3, opt)
	a := appointmentsOf(week3.Plan, "u1")
	if len(a) != 1 || a[0].Weekday != "wed" || a[0].Slot != "afternoon" {
		t.Errorf("week 3: u1's appointments %+v, want one on Wednesday afternoon", a)
	}
	if c := week3.Plan.Summary.Continuity; c == nil || c.Regular != 1 || c.Kept != 1 {
		t.Errorf("week 3 continuity %+v, want 1 of 1 kept", c)
	}
	if a := appointmentsOf(free.Plan, "u1"); len(a) == 1 && a[0].Weekday == "wed" && a[0].Slot == "afternoon" {
		t.Errorf("week 3 without last week's rota is on Wednesday afternoon too: the case shows nothing")
	}
}
