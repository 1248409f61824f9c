package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/report"
	"github.com/probation/rota/scenario"
)

// The files a re-plan writes beside the new rota (docs/replan.md).
const (
	replanStaffFile   = "affected_staff.csv"
	replanSummaryFile = "replan.json"
)

func replanCommand() *cli.Command {
	return &cli.Command{
		Name:      "replan",
		Usage:     "re-plan the rest of the week after a change (someone off sick): keep the past, move as little as possible",
		ArgsUsage: " ",
		Description: "Everything in --rota that starts before --from is kept as it is; the rest of the week is\n" +
			"planned again with the changes (the scenario syntax: out:p017:wed, close:hinckley:fri, …),\n" +
			"as close to the old rota as they allow. --out is the new rota folder, written as a unit,\n" +
			"with affected.csv (people), affected_staff.csv (practitioners' days), replan.json and\n" +
			"data/ (the changed data: rota check --data DIR/data --rota DIR). See docs/replan.md.\n" +
			"Exit code 2 for a bad change, data or rota folder, or a past booking the changes break.",
		Flags: []cli.Flag{
			dataFlag,
			&cli.StringFlag{Name: "rota", Required: true, Usage: "the rota folder `DIR` to re-plan (written by rota solve or replan)"},
			&cli.StringFlag{Name: "from", Required: true, Usage: "`YYYY-MM-DDTHH:MM`: bookings that start before it are kept"},
			&cli.GenericFlag{Name: "change", Value: &specList{}, Usage: "a change `SPEC`, e.g. out:p017:wed (repeat for more)"},
			&cli.StringFlag{Name: "file", Usage: "changes `FILE`: one change a line, # comments"},
			&cli.StringFlag{Name: "out", Value: "replan-out", Usage: "the new rota folder `DIR`"},
			&cli.StringFlag{Name: "previous", Usage: "last week's rota folder `DIR`, the one --rota was planned after (rota solve --previous); default: the --rota folder's own regular.csv, when it has one"},
			&cli.DurationFlag{Name: "time-limit", Value: 60 * time.Second, Usage: "limit of the solve"},
			&cli.Float64Flag{Name: "gap", Value: 0.005, Usage: "stop within this fraction of the best possible"},
			&cli.IntFlag{Name: "threads", Value: 1, Usage: "solver threads"},
			workersFlag(),
			&cli.IntFlag{Name: "seed", Value: 1, Usage: "solver random seed"},
			&cli.Float64Flag{Name: "change-penalty", Value: scenario.DefaultChangePenalty, Usage: "price of each departure from the old rota (0 = none)"},
			&cli.BoolFlag{Name: "log", Usage: "print a line per stage on stderr"},
		},
		Action: replanAction,
	}
}

func replanAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return &exitError{code: 2, err: fmt.Errorf("replan: unexpected argument %q", c.Args().First())}
	}
	from, err := model.ParseMoment(c.String("from"))
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("replan: --from: %w", err)}
	}
	changes, err := readChanges(c)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	files, err := replanFiles(c)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	past, cl, err := readPast(c.String("rota"))
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if past.Previous, err = readPrevious(c); err != nil { // previous.go
		return err
	}
	out, err := plan.NewFolder(c.String("out"), replanSize(files), report.HTMLFile, report.CalendarsDir+"/",
		scenario.AffectedFile, replanStaffFile, scenario.KPIFile, replanSummaryFile, scenario.DataDir+"/")
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("rota: %w", err)}
	}
	defer out.Abort()
	rp, err := scenario.Replan(c.Context, files, past, from, changes, replanOptions(c))
	var ce *scenario.ChangeError
	switch {
	case errors.Is(err, context.Canceled):
		return &exitError{code: 130, err: errors.New("interrupted: nothing written")}
	case errors.As(err, &ce):
		return &exitError{code: 2, err: err}
	case err != nil:
		return &exitError{code: 2, err: err}
	}
	if err := pinsKept(rp.Scenario.Region, rp.Scenario.Result); err != nil {
		return &exitError{code: 2, err: err}
	}
	if err := writeReplan(out, rp, cl); err != nil {
		return err
	}
	printReplan(c.App.Writer, rp, c.String("out"))
	printContinuity(c.App.Writer, rp.Scenario.Result.Plan.Summary.Continuity) // previous.go
	if past.Previous == nil && scenario.PreviousOfRota(past.Plan) != nil {
		fmt.Fprintf(c.App.Writer, "    (against the rota re-planned, its %s: give --previous DIR, last week's rota, to count against it)\n", plan.RegularFile)
	}
	return nil
}

func replanOptions(c *cli.Context) scenario.Options {
	opt := scenario.Options{
		TimeLimit: c.Duration("time-limit"), Gap: c.Float64("gap"), Threads: c.Int("threads"),
		Workers: c.Int("workers"), Seed: c.Int("seed"), ChangePenalty: c.Float64("change-penalty"),
	}
	if opt.ChangePenalty <= 0 {
		opt.ChangePenalty = -1
	}
	if c.Bool("log") {
		opt.Log = c.App.ErrWriter
	}
	return opt
}

func replanFiles(c *cli.Context) (map[string][]byte, error) {
	if dir := c.String("data"); dir != "" {
		return scenario.ReadDir(dir)
	}
	return scenario.ReadFS(fixtures.Leicestershire)
}

// readPast reads the rota to re-plan and, when it was balanced, its
// caseload files: the allocation it was planned under.
func readPast(dir string) (scenario.Past, *plan.Caseload, error) {
	p, err := plan.ReadDir(dir)
	if err != nil {
		return scenario.Past{}, nil, fmt.Errorf("replan: reading %s: %w", dir, err)
	}
	past := scenario.Past{Plan: p, Name: "rota " + dir}
	if _, err := os.Stat(filepath.Join(dir, plan.MovesFile)); err != nil {
		return past, nil, nil
	}
	cl, err := plan.ReadCaseloadDir(dir)
	if err != nil {
		return scenario.Past{}, nil, fmt.Errorf("replan: reading %s: %w", dir, err)
	}
	past.Assign = make(map[string]string, len(cl.Moves))
	for _, m := range cl.Moves {
		past.Assign[m.ServiceUser] = m.To
	}
	return past, cl, nil
}

func replanSize(files map[string][]byte) int64 {
	n := int64(1 << 20)
	for _, b := range files {
		n += 3 * int64(len(b))
	}
	return n
}

// writeReplan writes the new rota folder as a unit: the rota, the
// caseload files it was planned under, report.html and calendars/, the
// affected people and practitioners, replan.json and data/.
func writeReplan(out *plan.Folder, rp *scenario.Replanned, cl *plan.Caseload) error {
	sd := rp.Scenario
	if err := sd.Result.Plan.WriteFolder(out); err != nil {
		return err
	}
	if cl != nil {
		if err := cl.WriteFolder(out); err != nil {
			return err
		}
	}
	if err := report.Write(out, sd.Result.Plan, nil, sd.Region); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		rows any
	}{{scenario.AffectedFile, rp.Affected}, {replanStaffFile, rp.Staff}, {scenario.KPIFile, rp.KPIs}} {
		b, err := plan.EncodeCSV(f.rows)
		if err != nil {
			return fmt.Errorf("replan: %s: %w", f.name, err)
		}
		if err := out.WriteFile(f.name, b); err != nil {
			return err
		}
	}
	b, err := json.MarshalIndent(struct {
		From string `json:"from"`
		Kept int    `json:"kept"`
		scenario.Summary
	}{rp.From.String(), rp.Kept, rp.Summary}, "", "  ")
	if err != nil {
		return err
	}
	if err := out.WriteFile(replanSummaryFile, append(b, '\n')); err != nil {
		return err
	}
	names := make([]string, 0, len(sd.Files))
	for n := range sd.Files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := out.WriteFile(scenario.DataDir+"/"+n, sd.Files[n]); err != nil {
			return err
		}
	}
	return out.Commit()
}

func printReplan(w io.Writer, rp *scenario.Replanned, out string) {
	for i, l := range rp.Summary.Headline {
		if i > 0 {
			l = "  " + l
		}
		fmt.Fprintln(w, l)
	}
	fmt.Fprintf(w, "  kept %d bookings and staff days before %s; %d practitioner-days changed\n", rp.Kept, rp.From, len(rp.Staff))
	fmt.Fprintf(w, "  written to %s/ (the new rota; %s, %s, %s, %s; %s/ for rota check)\n", out,
		scenario.AffectedFile, replanStaffFile, scenario.KPIFile, replanSummaryFile, scenario.DataDir)
}
