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
