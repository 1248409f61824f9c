package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check a data folder and print every problem, or a one-line summary",
		ArgsUsage: " ",
		Flags:     []cli.Flag{dataFlag, showValuesFlag},
		Action: func(c *cli.Context) error {
			r, err := loadRegion(c)
			if err != nil {
				return err
			}
			for _, w := range r.Warnings {
				fmt.Fprintln(c.App.ErrWriter, "warning:", w)
			}
			fmt.Fprintln(c.App.Writer, r.Summary())
			return nil
		},
	}
}
