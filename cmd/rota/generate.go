package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/fixtures/synth"
)

func generateCommand() *cli.Command {
	return &cli.Command{
		Name:      "generate",
		Usage:     "write a synthetic region of any size (deterministic for a seed) into a data folder",
		ArgsUsage: " ",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "cases", Value: 2080, Usage: fmt.Sprintf("service users to generate (at least %d)", synth.MinCases)},
			&cli.Int64Flag{Name: "seed", Value: 1, Usage: "random seed: the same cases and seed give byte-identical files"},
			&cli.StringFlag{Name: "out", Usage: "data folder `DIR` to write (created if needed)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return &exitError{code: 2, err: fmt.Errorf("generate: unexpected argument %q (give the folder with --out)", c.Args().First())}
			}
			out := c.String("out")
			if out == "" {
				return &exitError{code: 2, err: errors.New("generate: give --out DIR")}
			}
			n := c.Int("cases")
			if n < synth.MinCases {
				return &exitError{code: 2, err: fmt.Errorf("generate: --cases %d: at least %d are needed", n, synth.MinCases)}
			}
			files, err := synth.Generate(synth.Options{Cases: n, Seed: c.Int64("seed")})
			if err != nil {
				return &exitError{code: 2, err: fmt.Errorf("generate: %w", err)}
			}
			if err := files.WriteDir(out); err != nil {
				return fmt.Errorf("generate: %w", err)
			}
			fmt.Fprintf(c.App.Writer, "wrote %d cases (seed %d) as %d files to %s\n", n, c.Int64("seed"), len(files), out)
			return nil
		},
	}
}
