package main

import (
	"context"
	"io"

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
		},
	}
	if len(args) == 0 {
		args = []string{"rota"}
	}
	err := app.RunContext(ctx, args)
	return usageError(err)
}

// dataFlag is the --data flag every command reading a data folder takes.
var dataFlag = &cli.StringFlag{
	Name:  "data",
	Usage: "data folder `DIR` (default: the embedded Leicestershire and Rutland sample)",
}
