package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/caseload"
)

func exportCommand() *cli.Command {
	return &cli.Command{
		Name:      "export",
		Usage:     "write the exact weekly model as a free-format MPS file for other solvers",
		ArgsUsage: " ",
		Flags: []cli.Flag{
			dataFlag,
			&cli.StringFlag{Name: "mps", Usage: "MPS `FILE` to write (a minimisation)"},
			&cli.BoolFlag{Name: "balance", Value: true, Usage: "balance caseloads first, as rota solve does (--balance=false: today's allocation)"},
		},
		Action: func(c *cli.Context) error {
			if c.String("mps") == "" {
				return errors.New("export: give --mps FILE")
			}
			r, err := loadRegion(c)
			if err != nil {
				return err
			}
			if c.Bool("balance") {
				bal, err := caseload.Balance(c.Context, r, caseload.Options{})
				if err != nil {
					return err
				}
				r = bal.Apply(r)
			}
			p, err := solver.Model(r)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := p.WriteMPS(&buf); err != nil {
				return fmt.Errorf("export: %w", err)
			}
			if err := plan.WriteFileAtomic(c.String("mps"), buf.Bytes()); err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "wrote %s: %d rows, %d columns (%d integer), %d non-zeros\n",
				c.String("mps"), p.NumRows(), p.NumCols(), p.NumIntegers(), p.NumNonzeros())
			return nil
		},
	}
}
