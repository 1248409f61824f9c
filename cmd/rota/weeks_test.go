package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/report"
	"github.com/probation/rota/solver"
)

// TestSolveWeeks plans three Stockton weeks in sequence, checks each week
// against the groups running before it (the week before's groups.csv) and
// reads the folder's layout.
func TestSolveWeeks(t *testing.T) {
	needCbc(t)
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	mustRota(t, "init", "--sample", "stockton", data)
	out := filepath.Join(tmp, "weeks")
	stdout := mustRota(t, "solve", "--data", data, "--out", out, "--weeks", "3", "--time-limit", "0", "--seed", "1")
	for _, w := range []string{"week 1 (2018-06-04)", "week 2 (2018-06-11)", "week 3 (2018-06-18)"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout has no %q:\n%s", w, stdout)
		}
	}
	for _, f := range []string{"weeks.csv", "calendars/p05.ics", "week-01/report.html", "week-01/groups.csv",
		"week-02/input/groups.csv", "week-03/group_sessions.csv", "week-01/moves.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	if got := len(lines(t, filepath.Join(out, "weeks.csv"))); got != 4 {
		t.Errorf("weeks.csv has %d lines, want 4", got)
	}
	for _, k := range []string{"02", "03"} {
		prev := map[string]string{"02": "01", "03": "02"}[k]
		w := filepath.Join(out, "week-"+k)
		stdout := mustRota(t, "check", "--data", filepath.Join(w, "input"), "--rota", w,
			"--groups", filepath.Join(out, "week-"+prev, "groups.csv"))
		if !strings.Contains(stdout, "check: 0 violations") {
			t.Errorf("week %s: %s", k, stdout)
		}
	}
	// The same week checked against groups it was not planned from: the
	// running group's sessions are missing.
	w := filepath.Join(out, "week-02")
	empty := filepath.Join(tmp, "groups.csv")
	if err := os.WriteFile(empty, []byte("id,intervention,site,weekday,slot,facilitators,members,sessions_done,mode\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := rota(t, "check", "--data", filepath.Join(w, "input"), "--rota", w, "--groups", empty)
	if code != 1 || !strings.Contains(stdout, "group.") {
		t.Errorf("check against no groups: exit %d\n%s", code, stdout)
	}
}

// TestSolveWeeksErrors: a bad --weeks or --groups is exit 2, naming the
// problem.
func TestSolveWeeksErrors(t *testing.T) {
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	mustRota(t, "init", "--sample", "stockton", data)
	bad := filepath.Join(tmp, "groups.csv")
	if err := os.WriteFile(bad, []byte("id,intervention,site,weekday,slot,facilitators,members,sessions_done,mode\ng1,tsp,stockton,tue,noon,,,0,closed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"solve", "--data", data, "--out", filepath.Join(tmp, "o"), "--weeks", "13"}, "--weeks 13: give 1 to 12"},
		{[]string{"solve", "--data", data, "--out", filepath.Join(tmp, "o"), "--weeks", "0"}, "--weeks 0: give 1 to 12"},
		{[]string{"check", "--data", data, "--rota", tmp, "--groups", bad}, "groups.csv:2: slot:"},
		{[]string{"check", "--data", data, "--rota", tmp, "--groups", filepath.Join(tmp, "none.csv")}, "--groups:"},
	} {
		code, _, stderr := rota(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("rota %s: exit %d, stderr:\n%s\nwant 2 and %q", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
	}
}

// TestSolveWeeksPins: pins.csv may hold pins of every week planned; each
// week is given those dated in it (week-NN/input/pins.csv), and a pin
// dated outside all the weeks is ignored with a warning.
func TestSolveWeeksPins(t *testing.T) {
	needCbc(t)
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	mustRota(t, "init", "--sample", "stockton", data)
	pins := "kind,practitioner,date,site\nstaff,p01,2018-06-05,hardwick\nstaff,p01,2018-06-12,hardwick\nstaff,p01,2018-07-31,hardwick\n"
	if err := os.WriteFile(filepath.Join(data, "pins.csv"), []byte(pins), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "weeks")
	code, stdout, stderr := rota(t, "solve", "--data", data, "--out", out, "--weeks", "2", "--time-limit", "0", "--seed", "1")
	if code != 0 || !strings.Contains(stderr, "pins.csv: 1 pins dated outside the 2 weeks planned (from 2018-06-04): ignored") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for week, want := range map[string]string{"01": "2018-06-05", "02": "2018-06-12"} {
		b, err := os.ReadFile(filepath.Join(out, "week-"+week, "input", "pins.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(string(b), "\n"); got != 2 || !strings.Contains(string(b), want) {
			t.Errorf("week %s: pins.csv\n%s\nwant the header and the pin of %s", week, b, want)
		}
	}
	if i, j := strings.Index(stdout, "week 1 ("), strings.Index(stdout, "week 2 ("); i < 0 || j < i {
		t.Errorf("stdout:\n%s", stdout)
	}
}

// TestWeekFigures: weeks.csv's groups_new counts groups: a twice-a-week
// group's two new sessions start one group.
func TestWeekFigures(t *testing.T) {
	r := &model.Region{}
	res := &solver.Result{Plan: &plan.Plan{GroupSessions: []plan.GroupSession{
		{Group: "bc-1", Session: "bc-1", Change: plan.ChangeNew}, {Group: "bc-1", Session: "bc-2", Change: plan.ChangeNew},
		{Group: "tsp-1", Session: "tsp-1", Change: plan.ChangeNew},
	}}}
	if got := weekFigures(1, r, res, report.NewHorizonWeek("week-01", r, res.Plan)).GroupsNew; got != 2 {
		t.Errorf("groups_new %d, want 2", got)
	}
}

// TestSolveWeeksLaterWeekFails: a week after the first that cannot be
// made (a pin of week 2 at a site closed that day) stops the sequence with
// one "rota: week 2:" prefix, before any week is said written.
func TestSolveWeeksLaterWeekFails(t *testing.T) {
	needCbc(t)
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	mustRota(t, "init", "--sample", "stockton", data)
	pins := "kind,practitioner,date,site\nstaff,p01,2018-06-12,parish\n" // parish is open on Wednesdays only
	if err := os.WriteFile(filepath.Join(data, "pins.csv"), []byte(pins), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := rota(t, "solve", "--data", data, "--out", filepath.Join(tmp, "weeks"), "--weeks", "2", "--time-limit", "0", "--seed", "1")
	if code == 0 || !strings.HasPrefix(stderr, "rota: week 2: ") || strings.Contains(stderr, "rota: rota:") || strings.Contains(stdout, "written") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestSolveWeeksHorizonReport: rota solve --weeks 2 writes report.html at
// the top of --out, over both weeks, each week linking to its own
// report.html (which is there); weeks.csv keeps its columns.
func TestSolveWeeksHorizonReport(t *testing.T) {
	needCbc(t)
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	mustRota(t, "init", "--sample", "stockton", data)
	out := filepath.Join(tmp, "weeks")
	mustRota(t, "solve", "--data", data, "--out", out, "--weeks", "2", "--time-limit", "0", "--seed", "1")
	b, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"2 weeks, 2018-06-04 to 2018-06-17", `id="weeks-table"`, `id="groups-table"`, `<svg class="chart"`} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html has no %q", want)
		}
	}
	for _, w := range []string{"week-01", "week-02"} {
		if !strings.Contains(page, `href="`+w+`/report.html"`) {
			t.Errorf("report.html has no link to %s/report.html", w)
		}
		if _, err := os.Stat(filepath.Join(out, w, "report.html")); err != nil {
			t.Error(err)
		}
	}
	head := "week,week_start,status,objective,seconds,sessions_run,groups_running,groups_kept,groups_changed,groups_not_held,groups_new,groups_ended"
	if got := lines(t, filepath.Join(out, "weeks.csv")); len(got) != 3 || got[0] != head {
		t.Errorf("weeks.csv:\n%s", strings.Join(got, "\n"))
	}
}
