package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/caseload"
)

func balanceCommand() *cli.Command {
	return &cli.Command{
		Name:      "balance",
		Usage:     "balance caseloads toward the target: allocate unallocated cases, move others where it is worth it",
		ArgsUsage: " ",
		Flags: []cli.Flag{
			dataFlag,
			&cli.StringFlag{Name: "out", Value: "rota-out", Usage: "folder `DIR` to write caseload.csv, moves.csv and caseload.json into"},
			&cli.DurationFlag{Name: "time-limit", Value: 10 * time.Second, Usage: "safety limit of each solve (one stage of one team); stages end at a node limit"},
			&cli.BoolFlag{Name: "log", Usage: "print a line per team and stage on stderr"},
			workersFlag(),
		},
		Action: func(c *cli.Context) error {
			r, err := loadRegion(c)
			if err != nil {
				return err
			}
			opt := caseload.Options{TimeLimit: c.Duration("time-limit"), Workers: c.Int("workers")}
			if c.Bool("log") {
				opt.Log = c.App.ErrWriter
			}
			out := c.String("out")
			folder, err := openOutput(out, r)
			if err != nil {
				return err
			}
			defer folder.Abort()
			res, err := caseload.Balance(c.Context, r, opt)
			if errors.Is(err, context.Canceled) {
				return &exitError{code: 130, err: errors.New("interrupted: nothing written")}
			}
			if err != nil {
				return err
			}
			cl := plan.Caseload{Rows: res.Rows, Moves: res.Moves, Summary: res.Summary}
			if err := cl.WriteFolder(folder); err != nil {
				return err
			}
			if err := folder.Commit(); err != nil {
				return err
			}
			printBalance(c.App.Writer, &res.Summary, out)
			return nil
		},
	}
}

// printBalance is the short human summary of a balanced caseload.
func printBalance(w io.Writer, s *caseload.Summary, out string) {
	b, a := s.Before, s.After
	fmt.Fprintf(w, "caseload: %s in %.1fs, %d case managers\n", s.Status, s.Seconds, a.Practitioners)
	fmt.Fprintf(w, "  capacity %%: spread %.1f → %.1f (largest %.1f → %.1f, std dev %.1f → %.1f), target %g%%\n",
		b.Spread, a.Spread, b.Max, a.Max, b.StdDev, a.StdDev, s.TargetCapacity)
	fmt.Fprintf(w, "  over 110%%: %d → %d; over 100%%: %d → %d\n", b.Over110, a.Over110, b.Over100, a.Over100)
	fmt.Fprintf(w, "  moves: %d for balance, %d required, %d allocations; a from-scratch re-allocation would move %d\n",
		s.Moves, s.RequiredMoves, s.Allocations, s.FromScratchMoves)
	if s.Unplaced > 0 {
		fmt.Fprintf(w, "  unheld: %d cases nobody in their team may hold (reasons in %s):\n", s.Unplaced, caseload.SummaryFile)
		for i, uc := range s.Unheld {
			if i == 5 {
				fmt.Fprintf(w, "    … and %d more\n", len(s.Unheld)-i)
				break
			}
			fmt.Fprintf(w, "    %s: %s\n", uc.ServiceUser, uc.Reason)
		}
	}
	unit := map[string]string{"capacity": fmt.Sprintf("by points at %g%% capacity", s.TargetCapacity), "cases": fmt.Sprintf("by cases at %g per FTE", s.TargetCases)}
	fmt.Fprintf(w, "  staffing (target by %s): %.1f cases per FTE, average capacity %.1f%%", s.TargetMeasure, s.CasesPerFTE, s.After.Overall)
	if s.ShortfallFTE > 0 {
		fmt.Fprintf(w, "; short by %.1f FTE %s", s.ShortfallFTE, unit[s.TargetMeasure])
	} else {
		fmt.Fprintf(w, "; no shortfall %s", unit[s.TargetMeasure])
	}
	fmt.Fprintf(w, " (cross-check only, %s: %.1f FTE)\n", unit[s.CrossCheckMeasure], s.CrossCheckFTE)
	var short []string
	for _, t := range s.Teams {
		if t.ShortfallFTE <= 0 {
			continue
		}
		short = append(short, fmt.Sprintf("    %s: %.2f FTE short; %.1f cases per FTE, best reachable average %.1f%%",
			t.Team, t.ShortfallFTE, t.CasesPerFTE, t.Reachable))
	}
	if len(short) > 0 {
		fmt.Fprintln(w, "  the target is out of reach with this staff; balancing cannot lower a team's average:")
		fmt.Fprintln(w, strings.Join(short, "\n"))
	}
	fmt.Fprintf(w, "  written to %s/ (%s, %s, %s)\n", out, caseload.CaseloadFile, caseload.MovesFile, caseload.SummaryFile)
}
