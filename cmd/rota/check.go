package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/model/check"
	"github.com/probation/rota/model/plan"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:  "check",
		Usage: "re-verify a written rota against its data folder: every hard rule, and the objective recomputed",
		Description: "Prints each rule the rota breaks, one a line (rule: where: what), then a summary line\n" +
			"with the objective recomputed from the data and the rota alone. Exit code 1 when a rule\n" +
			"is broken, 2 when the data or the rota folder cannot be read. With --previous, the changes\n" +
			"from last week's rota (summary.json continuity) are recounted too.",
		ArgsUsage: " ",
		Flags: []cli.Flag{
			dataFlag,
			&cli.StringFlag{Name: "rota", Value: "rota-out", Usage: "rota folder `DIR` written by rota solve"},
			&cli.StringFlag{Name: "previous", Usage: "last week's rota folder `DIR` the rota was planned after (rota solve --previous): recount the changes from it"},
			groupsFlag, // weeks.go
		},
		Action: func(c *cli.Context) error {
			r, err := loadRegion(c)
			if g := c.String("groups"); err == nil && g != "" {
				r, err = loadWithGroups(c, g)
			}
			if err != nil {
				return err
			}
			dir := c.String("rota")
			p, err := plan.ReadDir(dir)
			if err != nil {
				return &exitError{code: 2, err: fmt.Errorf("check: reading %s: %w", dir, err)}
			}
			// A rota planned after balancing carries its caseload files:
			// they are checked, and the week is checked under the
			// allocation they record.
			var balance []check.Violation
			if _, err := os.Stat(filepath.Join(dir, "moves.csv")); err == nil {
				cl, err := plan.ReadCaseloadDir(dir)
				if err != nil {
					return &exitError{code: 2, err: fmt.Errorf("check: reading %s: %w", dir, err)}
				}
				balance = check.CheckCaseload(r, cl)
				assign := make(map[string]string, len(cl.Moves))
				for _, m := range cl.Moves {
					assign[m.ServiceUser] = m.To
				}
				r = r.WithCaseManagers(assign)
			}
			prev, err := readPrevious(c)
			if err != nil {
				return err
			}
			rep := check.CheckPrevious(r, p, prev)
			rep.Violations = append(balance, rep.Violations...)
			for _, v := range rep.Violations {
				fmt.Fprintln(c.App.Writer, v)
			}
			printCheckSummary(c.App.Writer, rep)
			if !rep.OK() {
				return &exitError{code: 1, err: fmt.Errorf("check: the rota in %s has %s", dir, violations(len(rep.Violations)))}
			}
			return nil
		},
	}
}

// printCheckSummary is the last line of rota check: the number of
// violations and the objective recomputed term by term.
func printCheckSummary(w io.Writer, rep *check.Report) {
	fmt.Fprintf(w, "check: %s; objective %.1f (%s)\n", violations(len(rep.Violations)), rep.Objective, termList(rep.Terms))
}

// termList names the objective's terms as the checker recomputed them,
// every one that adds to the objective (docs/output-format.md): the
// optional ones (continuity with last week's rota, running groups') when
// they are not 0.
func termList(t plan.Terms) string {
	terms := []struct {
		name   string
		v      float64
		always bool
	}{
		{"unmet appointments", t.UnmetAppointments, true}, {"unmet sessions", t.UnmetSessions, true},
		{"unmet hours", t.UnmetHours, true}, {"travel", t.Travel, true}, {"worst travel", t.WorstTravel, true},
		{"sessions run", t.SessionsRun, true}, {"pattern changes", t.PatternChanges, true},
		{"staff travel", t.StaffTravel, true}, {"continuity", t.Continuity, false},
		{"group continuity", t.GroupContinuity, false},
	}
	var parts []string
	for _, x := range terms {
		if x.always || x.v != 0 {
			parts = append(parts, fmt.Sprintf("%s %.1f", x.name, x.v))
		}
	}
	return strings.Join(parts, ", ")
}

func violations(n int) string {
	if n == 1 {
		return "1 violation"
	}
	return fmt.Sprintf("%d violations", n)
}
