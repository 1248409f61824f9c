package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/report"
	"github.com/probation/rota/scenario"
)

// specList collects repeated --change flags as written: unlike a string
// slice flag it does not split at commas, which changes use.
type specList []string

func (s *specList) Set(v string) error { *s = append(*s, v); return nil }
func (s *specList) String() string {
	if s == nil {
		return ""
	}
	return strings.Join(*s, " ")
}

func scenarioCommand() *cli.Command {
	return &cli.Command{
		Name:      "scenario",
		Usage:     "what if: plan the week before and after changes (site closures, staff out, travel limit…) and compare",
		ArgsUsage: " ",
		Description: "Changes, given as repeated --change flags or one a line in --file (# starts a comment):\n" +
			"  close:SITE  close:SITE:from=YYYY-MM-DD  close:SITE:mon,fri\n" +
			"  open:SITE:name=…,town=…,lat=…,lon=…,days=mon wed,group_rooms=1,seats=12,interview_rooms=2,hosts=womens\n" +
			"  site:SITE:days=mon,wed  site:SITE:interview_rooms=1\n" +
			"  out:PRACTITIONER[,PRACTITIONER…]  hours:PRACTITIONER=37\n" +
			"  target:cases=50  target:capacity=95  travel:15\n" +
			"Writes affected.csv, kpis.csv and summary.json into --out, with the baseline and scenario\n" +
			"rota folders under baseline/ and scenario/ (each with its data/ folder, for rota check).\n" +
			"See docs/scenarios.md. Exit code 2 for a bad change or data folder.",
		Flags: []cli.Flag{
			dataFlag,
			&cli.GenericFlag{Name: "change", Value: &specList{}, Usage: "a change `SPEC`, e.g. close:hinckley:fri (repeat for more)"},
			&cli.StringFlag{Name: "file", Usage: "scenario `FILE`: one change a line, # comments"},
			&cli.StringFlag{Name: "out", Value: "scenario-out", Usage: "folder `DIR` to write the comparison into"},
			&cli.DurationFlag{Name: "time-limit", Value: 60 * time.Second, Usage: "limit of each of the two weekly solves"},
			&cli.Float64Flag{Name: "gap", Value: 0.005, Usage: "stop each solve within this fraction of the best possible"},
			&cli.IntFlag{Name: "threads", Value: 1, Usage: "solver threads"},
			workersFlag(),
			&cli.IntFlag{Name: "seed", Value: 1, Usage: "solver random seed, the same for both solves"},
			&cli.BoolFlag{Name: "balance", Value: true, Usage: "balance caseloads before each week (--balance=false keeps the data's allocation)"},
			&cli.Float64Flag{Name: "change-penalty", Value: scenario.DefaultChangePenalty, Usage: "price of each departure from the baseline rota in the scenario's solve (0 = none)"},
			&cli.BoolFlag{Name: "log", Usage: "print a line per stage on stderr"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return &exitError{code: 2, err: fmt.Errorf("scenario: unexpected argument %q (give changes with --change or --file)", c.Args().First())}
			}
			changes, err := readChanges(c)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			var files map[string][]byte
			if dir := c.String("data"); dir != "" {
				files, err = scenario.ReadDir(dir)
			} else {
				files, err = scenario.ReadFS(fixtures.Leicestershire)
			}
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			opt := scenario.Options{
				TimeLimit: c.Duration("time-limit"),
				Gap:       c.Float64("gap"),
				Threads:   c.Int("threads"),
				Workers:   c.Int("workers"),
				Seed:      c.Int("seed"),
				NoBalance: !c.Bool("balance"),
			}
			if p := c.Float64("change-penalty"); p > 0 {
				opt.ChangePenalty = p
			} else {
				opt.ChangePenalty = -1
			}
			if c.Bool("log") {
				opt.Log = c.App.ErrWriter
			}
			rep, err := scenario.Run(c.Context, files, changes, opt)
			var ce *scenario.ChangeError
			switch {
			case errors.Is(err, context.Canceled):
				return &exitError{code: 130, err: errors.New("interrupted: nothing written")}
			case errors.As(err, &ce):
				return &exitError{code: 2, err: err}
			case err != nil:
				return err
			}
			out := c.String("out")
			if err := rep.WriteDir(out); err != nil {
				return err
			}
			if err := report.WriteScenario(out, rep); err != nil { // report.html
				return err
			}
			printScenario(c.App.Writer, rep, out)
			return nil
		},
	}
}

// readChanges parses --change flags and the --file, reporting every bad
// change at once.
func readChanges(c *cli.Context) ([]scenario.Change, error) {
	var (
		changes []scenario.Change
		errs    []error
	)
	if specs, ok := c.Generic("change").(*specList); ok && specs != nil {
		for _, s := range *specs {
			ch, err := scenario.Parse(s)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			changes = append(changes, ch)
		}
	}
	if name := c.String("file"); name != "" {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
		cs, err := scenario.ParseFile(name, b)
		if err != nil {
			errs = append(errs, err)
		}
		changes = append(changes, cs...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(changes) == 0 {
		return nil, errors.New("scenario: give at least one change with --change SPEC or --file FILE")
	}
	return changes, nil
}

// printScenario is the headline on stdout.
func printScenario(w io.Writer, rep *scenario.Report, out string) {
	for i, l := range rep.Summary.Headline {
		if i > 0 {
			l = "  " + l
		}
		fmt.Fprintln(w, l)
	}
	fmt.Fprintf(w, "  written to %s/ (%s, %s, %s; rota folders %s/ and %s/, each with its %s/)\n", out,
		scenario.AffectedFile, scenario.KPIFile, scenario.SummaryFile, scenario.BaselineDir, scenario.ScenarioDir, scenario.DataDir)
}
