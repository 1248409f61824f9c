package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/report"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/caseload"
	"github.com/probation/rota/solver/mip"
)

// solveFlags are the flags of every command that plans a week.
func solveFlags() []cli.Flag {
	return []cli.Flag{
		dataFlag,
		&cli.StringFlag{Name: "out", Value: "rota-out", Usage: "folder `DIR` to write the rota into"},
		&cli.DurationFlag{Name: "time-limit", Value: 60 * time.Second, Usage: "finish within this long, loading, balancing (at most half of it), planning and writing included, with the best rota found; 0 = no limit"},
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
		Flags: append(solveFlags(), weeksFlag(), &cli.StringFlag{Name: "previous",
			Usage: "last week's rota folder `DIR`: keep each person's appointment weekday, slot and site, and each practitioner's site on each weekday, where the rules allow (a change costs weight.previous_*)"}),
		Action: func(c *cli.Context) error {
			if n := c.Int("weeks"); n != 1 {
				return solveWeeks(c, n) // weeks.go
			}
			lim := newBudget(c.Duration("time-limit"))
			r, err := loadRegion(c)
			if err != nil {
				return err
			}
			if cause := context.Cause(c.Context); cause != nil {
				// Nothing computed yet: the folder keeps what it has.
				return &exitError{code: 130, err: fmt.Errorf("interrupted (%v) while loading: nothing written", signalOf(cause))}
			}
			prev, err := readPrevious(c)
			if err != nil {
				return err
			}
			warnPrevious(c.App.ErrWriter, r, prev, c.String("previous"))
			out, err := openOutput(c.String("out"), r)
			if err != nil {
				return err
			}
			defer out.Abort()
			var bal *caseload.Result
			if c.Bool("balance") {
				bal = balanceFirst(c, r, lim)
				if bal != nil {
					r = bal.Apply(r)
				}
			}
			res, err := solveWeek(c, r, lim, prev)
			if err != nil {
				return err
			}
			if err := pinsKept(r, res); err != nil && context.Cause(c.Context) == nil {
				return err
			}
			return writeRota(c, out, r, res, bal)
		},
	}
}

// writeRota writes the rota, and the caseload when it was balanced, as one
// folder, and prints the summary. An interrupted command exits 130.
func writeRota(c *cli.Context, out *plan.Folder, r *model.Region, res *solver.Result, bal *caseload.Result) error {
	dir := c.String("out")
	if err := res.Plan.WriteFolder(out); err != nil {
		return err
	}
	if bal != nil {
		cl := plan.Caseload{Rows: bal.Rows, Moves: bal.Moves, Summary: bal.Summary}
		if err := cl.WriteFolder(out); err != nil {
			return err
		}
	}
	if err := report.Write(out, res.Plan, bal, r); err != nil { // report.html and calendars/
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	if bal != nil {
		printBalance(c.App.Writer, &bal.Summary, dir)
	}
	printSummary(c.App.Writer, res, dir)
	if cause := context.Cause(c.Context); cause != nil {
		what := "the best rota found so far"
		if plannedNothing(res) {
			what = "a rota with nothing planned yet (every requirement unmet)"
		}
		return &exitError{code: 130, err: fmt.Errorf("interrupted (%v): wrote %s to %s", signalOf(cause), what, dir)}
	}
	return nil
}

// signalOf names the signal behind an interrupted context's cause.
func signalOf(cause error) string {
	return strings.TrimPrefix(cause.Error(), context.Canceled.Error()+": ")
}

// balanceFirst balances caseloads within the first half of the time limit.
// Balancing stopped by the limit or a signal keeps today's allocation, and
// the week is planned with it: nil is returned and the folder gets no
// caseload files. Any other failure is reported the same way, so that a
// rota is still written.
func balanceFirst(c *cli.Context, r *model.Region, lim budget) *caseload.Result {
	ctx, cancel := lim.balanceContext(c.Context)
	defer cancel()
	opt := caseload.Options{Workers: c.Int("workers")}
	if c.Bool("log") {
		opt.Log = c.App.ErrWriter
	}
	bal, err := caseload.Balance(ctx, r, opt)
	switch {
	case err == nil:
		return bal
	case c.Context.Err() != nil:
		fmt.Fprintln(c.App.ErrWriter, "caseload: interrupted before balancing finished: the week is planned with today's allocation, and no caseload files are written")
	case ctx.Err() != nil:
		fmt.Fprintf(c.App.ErrWriter, "caseload: balancing did not finish in half the time limit (%v): the week is planned with today's allocation, and no caseload files are written\n", lim.limit/2)
	default:
		fmt.Fprintf(c.App.ErrWriter, "caseload: %v: the week is planned with today's allocation, and no caseload files are written\n", err)
	}
	return nil
}

// solveWeek runs the solver with the command's flags, within what is left
// of --time-limit, drawing a progress line on stderr when it is a terminal.
// Once a signal or the time limit stops it, the solver returns its best
// plan at once; a part it was still building or starting is planned empty
// (see solver.Solve).
func solveWeek(c *cli.Context, r *model.Region, lim budget, prev *plan.Plan) (*solver.Result, error) {
	opt := solver.Options{
		Previous:  prev,
		WarmStart: prev, // last week's sites as one more greedy start
		TimeLimit: lim.weekLimit(),
		Gap:       c.Float64("gap"),
		Threads:   c.Int("threads"),
		Workers:   c.Int("workers"),
		Seed:      c.Int("seed"),
	}
	if c.Bool("log") {
		opt.Log = c.App.ErrWriter
	}
	tty := isTerminal(c.App.ErrWriter)
	var mu sync.Mutex // the progress line against its erasure
	stopped := false
	if tty {
		opt.Progress = func(p mip.Progress) {
			mu.Lock()
			defer mu.Unlock()
			if !stopped {
				fmt.Fprintf(c.App.ErrWriter, "\r\033[Kincumbent %.1f  bound %.1f  gap %.2f%%  %.1fs",
					p.Objective, p.Bound, 100*mip.RelGap(p.Objective, p.Bound), p.Elapsed.Seconds())
			}
		}
	}
	ctx, cancel := lim.weekContext(c.Context)
	defer cancel()
	res, err := solver.Solve(ctx, r, opt)
	if tty {
		mu.Lock()
		stopped = true
		fmt.Fprint(c.App.ErrWriter, "\r\033[K")
		mu.Unlock()
	}
	if err == nil && c.Context.Err() == nil && res.Stop == mip.StopCancelled {
		// The command's own time limit stopped it, not a signal.
		res.Stop = mip.StopTimeLimit
		res.Plan.Summary.Status = "stopped"
		if plannedNothing(res) {
			fmt.Fprintf(c.App.ErrWriter, "rota: --time-limit %v ran out before the week's model was built and started: nothing is planned (every requirement unmet); this region needs a longer limit\n", lim.limit)
		}
	}
	return res, err
}

// plannedNothing reports a week stopped before any part was planned: no
// appointment, session or work party (practitioners are then in the office).
func plannedNothing(res *solver.Result) bool {
	return res.Parts > 0 && len(res.Plan.Appointments) == 0 && len(res.Plan.Sessions) == 0 && len(res.Plan.Attendance) == 0
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
	printContinuity(w, s.Continuity)
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
