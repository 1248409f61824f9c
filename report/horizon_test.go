package report

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// The test horizon is two Stockton weeks written by
// `rota solve --data DIR --weeks 2 --time-limit 0 --seed 1` (DIR from
// `rota init --sample stockton`), each week's rota files and its input/
// data folder, in testdata/horizon (report.html and calendars/ left out).

func testHorizon(t *testing.T) []HorizonWeek {
	t.Helper()
	var weeks []HorizonWeek
	for _, dir := range []string{"week-01", "week-02"} {
		path := filepath.Join("testdata", "horizon", dir)
		r, err := model.LoadDir(filepath.Join(path, "input"))
		if err != nil {
			t.Fatal(err)
		}
		p, err := plan.ReadDir(path)
		if err != nil {
			t.Fatal(err)
		}
		weeks = append(weeks, NewHorizonWeek(dir, r, p))
	}
	return weeks
}

// TestHorizonGolden: the horizon's report.html of the two weeks, byte for
// byte, and the same bytes a second time.
func TestHorizonGolden(t *testing.T) {
	weeks := testHorizon(t)
	b, err := HorizonHTML(weeks)
	if err != nil {
		t.Fatal(err)
	}
	again, err := HorizonHTML(testHorizon(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) {
		t.Error("the same weeks gave different pages")
	}
	s := string(b)
	for _, want := range []string{
		`<a href="week-01/report.html">week 1</a>`, `<a href="week-02/report.html">week 2</a>`,
		`content="default-src 'none';`, `<svg class="chart"`, "2 weeks, 2018-06-04 to 2018-06-17",
		"foundations-hardwick-2018-06-05-evening-1", "week 1, 2018-06-05: started",
		"13 of 13 (100.0%)", // week 2's regular appointments kept
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the page has no %q", want)
		}
	}
	for _, bad := range []string{`href="http`, `src="`, "@import", "url("} {
		if strings.Contains(s, bad) {
			t.Errorf("the page has %q: it must open offline", bad)
		}
	}
	golden(t, "horizon.html", b)
}

// TestHorizonGroups: a week's groups from the groups running before it,
// its group_sessions.csv and its groups.csv: kept, changed (with its
// reason), not held, new and ended; and the weeks table counts them.
func TestHorizonGroups(t *testing.T) {
	tue := model.Weekdays(1 << model.Tue)
	running := func(id string, done int) model.Group {
		return model.Group{ID: id, Intervention: "tsp", Site: "hardwick", Weekday: tue, Slot: "evening",
			Facilitators: model.List{"p05"}, Members: model.List{"a", "b", "c"}, SessionsDone: done}
	}
	after := func(id string, done int, site string) plan.Group {
		return plan.Group{ID: id, Intervention: "tsp", Site: site, Weekday: "tue", Slot: "evening",
			Facilitators: "p05 p07", Members: "a b c d", SessionsDone: done, Mode: "closed"}
	}
	r := &model.Region{Groups: []model.Group{running("g1", 3), running("g2", 5), running("g3", 7), running("g4", 26)}}
	r.Settings.WeekStart, _ = model.ParseDate("2018-06-11")
	p := &plan.Plan{
		Groups: []plan.Group{after("g1", 4, "hardwick"), after("g2", 6, "baptist"), after("g3", 7, "hardwick"), after("g5", 1, "hardwick")},
		GroupSessions: []plan.GroupSession{
			{Group: "g1", Session: "s1", Date: "2018-06-12"},
			{Group: "g2", Session: "s2", Date: "2018-06-12", Change: "site", Reason: "hardwick closed"},
			{Group: "g3", Date: "2018-06-12", Change: plan.ChangeNotHeld, Reason: "no facilitator"},
			{Group: "g4", Session: "s4", Date: "2018-06-12"},
			{Group: "g5", Session: "s5", Date: "2018-06-13", Change: plan.ChangeNew},
		},
	}
	p.Summary.GroupsKept, p.Summary.GroupsChanged, p.Summary.GroupsMissed = 2, 1, 1
	hw := NewHorizonWeek("week-02", r, p)
	if hw.Running != 4 || hw.New != 1 || hw.Ended != 1 {
		t.Errorf("running %d, new %d, ended %d; want 4, 1, 1", hw.Running, hw.New, hw.Ended)
	}
	want := []struct {
		id, state, where string
		done             int
		changes          []string
	}{
		{"g1", "kept", "hardwick", 4, nil},
		{"g2", "changed", "baptist", 6, []string{"2018-06-12: site (hardwick closed)"}},
		{"g3", "not held", "hardwick", 7, []string{"2018-06-12: not held (no facilitator)"}},
		{"g4", "ended", "hardwick", 27, nil}, // its last session held
		{"g5", "new", "hardwick", 1, []string{"2018-06-13: started"}},
	}
	if len(hw.Groups) != len(want) {
		t.Fatalf("%d groups, want %d: %+v", len(hw.Groups), len(want), hw.Groups)
	}
	for i, tt := range want {
		g := hw.Groups[i]
		if g.ID != tt.id || g.State != tt.state || g.Site != tt.where || g.SessionsDone != tt.done || !slices.Equal(g.Changes, tt.changes) {
			t.Errorf("group %d: %+v\nwant %s %s at %s, %d done, changes %q", i, g, tt.id, tt.state, tt.where, tt.done, tt.changes)
		}
	}
	if g := hw.Groups[1]; g.Facilitators != "p05, p07" || g.Members != 4 || g.When != "tue evening" {
		t.Errorf("g2 shows facilitators %q, %d members, %q", g.Facilitators, g.Members, g.When)
	}
	b, err := HorizonHTML([]HorizonWeek{hw})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		"week 1, 2018-06-12: site (hardwick closed)", "week 1, 2018-06-12: not held (no facilitator)",
		`<tr data-group="g4">`, "ended",
		// kept, changed, not held, new, ended
		`<td class="num">2</td><td class="num">1</td><td class="num">1</td><td class="num">1</td><td class="num">1</td><td>no last week</td>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the page has no %q", want)
		}
	}
}

// TestHorizonNoWeeks: a horizon of no weeks is an error, not a page.
func TestHorizonNoWeeks(t *testing.T) {
	if _, err := HorizonHTML(nil); err == nil {
		t.Error("no error")
	}
}

// files is a FileWriter in memory.
type files map[string][]byte

func (f files) WriteFile(name string, b []byte) error {
	if _, ok := f[name]; ok {
		return fmt.Errorf("%s written twice", name)
	}
	f[name] = b
	return nil
}

// TestWriteHorizon writes report.html, and only it.
func TestWriteHorizon(t *testing.T) {
	out := files{}
	if err := WriteHorizon(out, testHorizon(t)); err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || len(out[HTMLFile]) == 0 {
		t.Errorf("wrote %d files: %v", len(out), slices.Sorted(maps.Keys(out)))
	}
}
