package main

import (
	"context"
	"io"
	"runtime"

	"github.com/urfave/cli/v2"
)

// run is the whole command line: main only adds the process around it, so
// tests call run directly with their own arguments and writers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	app := &cli.App{
		Name:  "rota",
		Usage: "plan a probation service's week: staff rota, appointments, group sessions, work parties, caseloads",
		Description: "Every command that reads a data folder takes --data DIR and uses the embedded\n" +
			"Leicestershire and Rutland sample when it is not given. See docs/ for the formats.",
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: false,
		// Errors are printed once, by main, with their exit code.
		ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{
			solveCommand(),
			validateCommand(),
			exportCommand(),
			initCommand(),
			balanceCommand(),
			checkCommand(),
			generateCommand(),
			scenarioCommand(),
			reportCommand(),
			replanCommand(),
		},
	}
	if len(args) == 0 {
		args = []string{"rota"}
	}
	err := app.RunContext(ctx, args)
	return usageError(err)
}

// dataFlag is the --data flag every command reading a data folder takes.
// workersFlag is --workers: solves run at once, in worker processes beyond
// the first (solver.Options.Workers, caseload.Options.Workers).
func workersFlag() cli.Flag {
	return &cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), DefaultText: "the number of CPUs",
		Usage: "independent parts of the region (or teams, when balancing) solved at once, each beyond the first in a solver process of its own; 1 = one at a time"}
}

var dataFlag = &cli.StringFlag{
	Name:  "data",
	Usage: "data folder `DIR` (default: the embedded Leicestershire and Rutland sample)",
}
