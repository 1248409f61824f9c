package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/report"
	"github.com/probation/rota/report/calendar"
	"github.com/probation/rota/scenario"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/caseload"
)

// maxWeeks is the most weeks rota solve --weeks plans in sequence.
const maxWeeks = 12

// weeksFlag is rota solve --weeks.
func weeksFlag() cli.Flag {
	return &cli.IntFlag{Name: "weeks", Value: 1, Usage: fmt.Sprintf("plan `N` weeks in sequence (1–%d), each from the one before: "+
		"groups, last contacts and unpaid-work hours carried over; each week in DIR/week-NN/, DIR/report.html over all", maxWeeks)}
}

// weekDir is the folder of week k (from 1) inside --out.
func weekDir(k int) string { return fmt.Sprintf("week-%02d", k) }

// Files of a --weeks folder beside the weeks' folders.
const (
	weeksFile = "weeks.csv" // one line of figures a week
	inputDir  = "input"     // each week's data folder, for rota check
)

// weekRow is a line of weeks.csv.
type weekRow struct {
	Week          int     `csv:"week"`
	WeekStart     string  `csv:"week_start"`
	Status        string  `csv:"status"`
	Objective     float64 `csv:"objective"`
	Seconds       float64 `csv:"seconds"`
	SessionsRun   int     `csv:"sessions_run"`
	GroupsRunning int     `csv:"groups_running"`
	GroupsKept    int     `csv:"groups_kept"`
	GroupsChanged int     `csv:"groups_changed"`
	GroupsNotHeld int     `csv:"groups_not_held"`
	GroupsNew     int     `csv:"groups_new"`
	GroupsEnded   int     `csv:"groups_ended"`
}

// solveWeeks is rota solve --weeks N: a rolling sequence of weekly
// plans, week k+1's data folder made from week k's and its plan by
// scenario.NextWeek. Caseloads are balanced before the first week only
// (later weeks keep the allocation it wrote); --time-limit applies to each
// week. pins.csv may hold pins of any week: each week is given its own
// (scenario.PinsOfWeek, NextWeek). Everything goes into --out as one unit: week-NN/ (the rota, its
// report.html and calendars/, and input/, the week's data folder), a
// calendars/ folder covering every week, weeks.csv, and report.html over
// every week.
func solveWeeks(c *cli.Context, n int) error {
	if n < 1 || n > maxWeeks {
		return &exitError{code: 2, err: fmt.Errorf("rota: --weeks %d: give 1 to %d", n, maxWeeks)}
	}
	files, err := dataFiles(c)
	if err != nil {
		return err
	}
	pins, hasPins := files[model.FilePins] // every week's: each week is given its own
	r, files, err := loadWeekOne(c, files, n)
	if err != nil {
		return err
	}
	allowed := []string{report.HTMLFile, report.CalendarsDir + "/", weeksFile}
	for k := 1; k <= maxWeeks; k++ {
		allowed = append(allowed, weekDir(k)+"/")
	}
	out, err := plan.NewFolder(c.String("out"), int64(n+1)*outputSize(r), allowed...)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("rota: %w", err)}
	}
	defer out.Abort()
	var bal *caseload.Result
	if c.Bool("balance") {
		if bal = balanceFirst(c, r, newBudget(c.Duration("time-limit"))); bal != nil {
			r = bal.Apply(r)
		}
	}
	cals := newCombined()
	var (
		rows    []weekRow
		horizon []report.HorizonWeek
		prev    *plan.Plan // the week before's rota (--previous, or none, before the first)
	)
	if prev, err = readPrevious(c); err != nil {
		return err
	}
	warnPrevious(c.App.ErrWriter, r, prev, c.String("previous"))
	for k := 1; k <= n; k++ {
		res, err := solveWeek(c, r, newBudget(c.Duration("time-limit")), prev)
		if err != nil {
			return err
		}
		if err := writeWeek(out, k, files, r, res, bal, cals); err != nil {
			return err
		}
		hw := report.NewHorizonWeek(weekDir(k), r, res.Plan)
		horizon = append(horizon, hw)
		rows = append(rows, weekFigures(k, r, res, hw))
		if cause := context.Cause(c.Context); cause != nil {
			return &exitError{code: 130, err: fmt.Errorf("interrupted (%v) in week %d: nothing written", signalOf(cause), k)}
		}
		bal = nil // the caseload files go with the first week
		prev = scenario.PreviousOf(res)
		week, wr := k, r
		if k < n {
			if hasPins {
				files[model.FilePins] = pins // NextWeek keeps the next week's
			}
			if files, r, err = scenario.NextWeek(files, r, res); err != nil {
				return fmt.Errorf("week %d: %w", k+1, err) // main adds "rota: "
			}
		}
		fmt.Fprintf(c.App.Writer, "week %d (%s): ", week, wr.Settings.WeekStart)
		printSummary(c.App.Writer, res, c.String("out")+"/"+weekDir(week))
	}
	if err := cals.write(out); err != nil {
		return err
	}
	b, err := plan.EncodeCSV(rows)
	if err != nil {
		return err
	}
	if err := out.WriteFile(weeksFile, b); err != nil {
		return err
	}
	if err := report.WriteHorizon(out, horizon); err != nil {
		return err
	}
	return out.Commit()
}

// loadWeekOne loads the first week of rota solve --weeks n, and gives its
// data folder: the data folder with only the pins dated in its week (pins.csv may hold pins of
// later weeks; those outside all n weeks are ignored, with a warning).
func loadWeekOne(c *cli.Context, files map[string][]byte, n int) (*model.Region, map[string][]byte, error) {
	start, ok := scenario.WeekStart(files)
	if _, pinned := files[model.FilePins]; !ok || !pinned {
		r, err := loadFiles(c, files) // read once, by dataFiles
		return r, files, err
	}
	week, outside := scenario.PinsOfWeek(files, start, n)
	if outside > 0 {
		fmt.Fprintf(c.App.ErrWriter, "rota: %s: %d pins dated outside the %d weeks planned (from %s): ignored\n", model.FilePins, outside, n, start)
	}
	r, err := loadFiles(c, week)
	if err != nil {
		return nil, nil, err
	}
	return r, week, nil
}

// writeWeek writes week k's folder: its data folder, rota files, caseload
// files (when balanced), report.html and calendars/.
func writeWeek(out *plan.Folder, k int, files map[string][]byte, r *model.Region, res *solver.Result, bal *caseload.Result, cals *combined) error {
	w := plan.Within(out, weekDir(k))
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := w.WriteFile(inputDir+"/"+name, files[name]); err != nil {
			return err
		}
	}
	if err := res.Plan.WriteFiles(w); err != nil {
		return err
	}
	if bal != nil {
		cl := plan.Caseload{Rows: bal.Rows, Moves: bal.Moves, Summary: bal.Summary}
		if err := cl.WriteFiles(w); err != nil {
			return err
		}
	}
	if err := report.Write(w, res.Plan, bal, r); err != nil {
		return err
	}
	return cals.add(res.Plan, r)
}

// weekFigures is week k's line of weeks.csv; hw (the horizon report's
// part of the week) counts its groups new and ended.
func weekFigures(k int, r *model.Region, res *solver.Result, hw report.HorizonWeek) weekRow {
	s := res.Plan.Summary
	return weekRow{Week: k, WeekStart: r.Settings.WeekStart.String(), Status: s.Status, Objective: s.Objective,
		Seconds: s.Seconds, SessionsRun: s.SessionsRun, GroupsRunning: len(r.Groups),
		GroupsKept: s.GroupsKept, GroupsChanged: s.GroupsChanged, GroupsNotHeld: s.GroupsMissed,
		GroupsNew: hw.New, GroupsEnded: hw.Ended}
}

// dataFiles reads the data folder's CSV files (the embedded sample without
// --data).
func dataFiles(c *cli.Context) (map[string][]byte, error) {
	var (
		files map[string][]byte
		err   error
	)
	if dir := c.String("data"); dir != "" {
		files, err = scenario.ReadDir(dir)
	} else if c.IsSet("data") {
		return nil, noDataError
	} else {
		files, err = scenario.ReadFS(fixtures.Leicestershire)
	}
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return files, nil
}

// combined gathers every week's calendars into one per practitioner and
// per site: calendars/ of the --weeks folder.
type combined struct {
	names  map[string]string // file → calendar name
	events map[string][]calendar.Event
	stamp  time.Time
}

func newCombined() *combined {
	return &combined{names: map[string]string{}, events: map[string][]calendar.Event{}}
}

// add reads a week's calendars and adds their events.
func (cb *combined) add(p *plan.Plan, r *model.Region) error {
	cals, err := report.FromPlan(p, nil, r).Calendars()
	if err != nil {
		return err
	}
	if cb.stamp.IsZero() {
		cb.stamp = r.Settings.WeekStart.Time
	}
	for name, b := range cals {
		evs, err := calendar.Read(bytes.NewReader(b), time.UTC)
		if err != nil {
			return fmt.Errorf("rota: %s: %w", name, err)
		}
		cb.events[name] = append(cb.events[name], evs...)
		if _, ok := cb.names[name]; !ok {
			cb.names[name] = calName(b, name)
		}
	}
	return nil
}

// calName is an .ics file's calendar name (X-WR-CALNAME), or def.
func calName(b []byte, def string) string {
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimRight(line, "\r"), "X-WR-CALNAME:"); ok {
			return v
		}
	}
	return def
}

// write writes the combined calendars.
func (cb *combined) write(out plan.FileWriter) error {
	for _, name := range slices.Sorted(maps.Keys(cb.events)) {
		var buf bytes.Buffer
		if err := calendar.Write(&buf, cb.names[name], cb.events[name], cb.stamp); err != nil {
			return fmt.Errorf("rota: %s: %w", name, err)
		}
		if err := out.WriteFile(report.CalendarsDir+"/"+name, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// groupsFlag is rota check --groups.
var groupsFlag = &cli.StringFlag{Name: "groups", Usage: "the groups running before the week, `FILE` " +
	"(default: the data folder's groups.csv); e.g. the previous week's rota's groups.csv"}

// loadWithGroups loads the data folder with groups.csv replaced by the
// file path; its errors name groups.csv.
func loadWithGroups(c *cli.Context, path string) (*model.Region, error) {
	files, err := dataFiles(c)
	if err != nil {
		return nil, err
	}
	b, err := readFileLimited(path)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("rota: --groups: %w", err)}
	}
	files[model.FileGroups] = b
	return loadFiles(c, files)
}

// maxGroupsFile bounds the --groups file read into memory; model.Load then
// applies its own limits to it.
const maxGroupsFile = 64 << 20

// readFileLimited reads a regular file of at most maxGroupsFile bytes.
func readFileLimited(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if st.Size() > maxGroupsFile {
		return nil, fmt.Errorf("%s is larger than %d MB", path, maxGroupsFile>>20)
	}
	return os.ReadFile(path)
}
