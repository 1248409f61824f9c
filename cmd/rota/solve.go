package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/caseload"
	"github.com/probation/rota/solver/mip"
)

// solveFlags are the flags of every command that plans a week.
func solveFlags() []cli.Flag {
	return []cli.Flag{
		dataFlag,
		&cli.StringFlag{Name: "out", Value: "rota-out", Usage: "folder `DIR` to write the rota into"},
		&cli.DurationFlag{Name: "time-limit", Value: 60 * time.Second, Usage: "stop searching after this long (balancing included) and write the best rota found; 0 = no limit"},
		&cli.Float64Flag{Name: "gap", Value: 0.005, Usage: "stop when the rota is within this fraction of the best possible"},
		&cli.IntFlag{Name: "threads", Value: 1, Usage: "solver threads"},
		workersFlag(),
		&cli.IntFlag{Name: "seed", Value: 1, Usage: "solver random seed (the same seed and input give the same rota)"},
		&cli.BoolFlag{Name: "log", Usage: "print the solver's log on stderr"},
		&cli.BoolFlag{Name: "balance", Value: true, Usage: "balance caseloads first and plan the week with the new allocation (--balance=false keeps today's)"},
	}
}

func solveCommand() *cli.Command {
	return &cli.Command{
		Name:      "solve",
		Usage:     "plan the week: staff rota, appointments, group sessions, work parties",
		ArgsUsage: " ",
		Flags:     solveFlags(),
		Action: func(c *cli.Context) error {
			r, err := loadRegion(c)
			if err != nil {
				return err
			}
			start := time.Now()
			out := c.String("out")
			var bal *caseload.Result
			if c.Bool("balance") {
				bal, err = caseload.Balance(c.Context, r, caseload.Options{Workers: c.Int("workers")})
				if errors.Is(err, context.Canceled) {
					return &exitError{code: 130, err: errors.New("interrupted: nothing written")}
				}
				if err != nil {
					return err
				}
				r = bal.Apply(r)
			}
			res, err := solveWeek(c, r, time.Since(start))
			if err != nil {
				return err
			}
			if err := res.Plan.WriteDir(out); err != nil {
				return err
			}
			if bal != nil {
				if err := bal.WriteDir(out); err != nil {
					return err
				}
				printBalance(c.App.Writer, &bal.Summary, out)
			} else {
				// A rota planned on today's allocation has no caseload files.
				removeStale(out, caseload.CaseloadFile, caseload.MovesFile, caseload.SummaryFile)
			}
			printSummary(c.App.Writer, res, out)
			if res.Stop == mip.StopCancelled {
				return &exitError{code: 130, err: fmt.Errorf("interrupted: wrote the best rota found so far to %s", out)}
			}
			return nil
		},
	}
}

// solveWeek runs the solver with the command's flags, within what is left
// of --time-limit after spent, drawing a progress line on stderr when it
// is a terminal.
func solveWeek(c *cli.Context, r *model.Region, spent time.Duration) (*solver.Result, error) {
	limit := c.Duration("time-limit")
	if limit > 0 {
		limit = max(limit-spent, time.Second)
	}
	opt := solver.Options{
		TimeLimit: limit,
		Gap:       c.Float64("gap"),
		Threads:   c.Int("threads"),
		Workers:   c.Int("workers"),
		Seed:      c.Int("seed"),
	}
	if c.Bool("log") {
		opt.Log = c.App.ErrWriter
	}
	tty := isTerminal(c.App.ErrWriter)
	if tty {
		opt.Progress = func(p mip.Progress) {
			fmt.Fprintf(c.App.ErrWriter, "\r\033[Kincumbent %.1f  bound %.1f  gap %.2f%%  %.1fs",
				p.Objective, p.Bound, 100*mip.RelGap(p.Objective, p.Bound), p.Elapsed.Seconds())
		}
	}
	res, err := solver.Solve(c.Context, r, opt)
	if tty {
		fmt.Fprint(c.App.ErrWriter, "\r\033[K")
	}
	return res, err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// printSummary is the short human summary on stdout.
func printSummary(w io.Writer, res *solver.Result, out string) {
	s := res.Plan.Summary
	cv := s.Coverage
	fmt.Fprintf(w, "rota: %s in %.1fs, gap %.2f%% (objective %.1f, bound %.1f)\n",
		s.Status, s.Seconds, 100*s.Gap, s.Objective, s.Bound)
	fmt.Fprintf(w, "  appointments %d of %d due (%s)\n", cv.AppointmentsPlanned, cv.AppointmentsDue, pct(cv.AppointmentsPlanned, cv.AppointmentsDue))
	fmt.Fprintf(w, "  group sessions: %d places of %d due (%s) in %d sessions\n", cv.SessionsPlanned, cv.SessionsDue, pct(cv.SessionsPlanned, cv.SessionsDue), s.SessionsRun)
	fmt.Fprintf(w, "  unpaid work: %.0f h of %.0f h due (%s) in %d work parties\n", cv.HoursPlanned, cv.HoursDue, pctf(cv.HoursPlanned, cv.HoursDue), s.WorkParties)
	fmt.Fprintf(w, "  travel: mean %.1f km, longest %.1f km\n", s.TravelKmMean, s.TravelKmMax)
	printStaffWeek(w, s)
	if u := unmetByIntervention(res.Plan); u != "" {
		fmt.Fprintf(w, "  unmet sessions by intervention: %s\n", u)
	}
	fmt.Fprintf(w, "  written to %s/ (%d unmet requirements explained in %s)\n", out, len(res.Plan.Unmet), plan.UnmetFile)
}

func pct(a, b int) string { return pctf(float64(a), float64(b)) }

func pctf(a, b float64) string {
	if b == 0 {
		return "none due"
	}
	return fmt.Sprintf("%.1f%%", 100*a/b)
}

func unmetByIntervention(pl *plan.Plan) string {
	n := make(map[string]float64)
	for _, u := range pl.Unmet {
		if u.Unit == "sessions" {
			n[u.Intervention] += u.Unmet
		}
	}
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %g", k, n[k])
	}
	return s
}

// removeStale deletes files a previous run left in dir that this run does
// not write, so the folder describes one run.
func removeStale(dir string, names ...string) {
	for _, n := range names {
		os.Remove(filepath.Join(dir, n))
	}
}
