package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/fixtures/synth"
)

func initCommand() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write the embedded sample region into DIR for editing",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{&cli.StringFlag{
			Name:  "sample",
			Value: "leicestershire",
			Usage: "which sample: leicestershire or stockton",
		}},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("init: give exactly one folder to write, e.g. rota init my-region")
			}
			var files synth.Files
			switch c.String("sample") {
			case "leicestershire":
				files = synth.Leicestershire()
			case "stockton":
				files = synth.Stockton()
			default:
				return fmt.Errorf("init: --sample %q is not one of leicestershire, stockton", c.String("sample"))
			}
			dir := c.Args().First()
			if err := files.WriteDir(dir); err != nil {
				return fmt.Errorf("init: %w", err)
			}
			fmt.Fprintf(c.App.Writer, "wrote %d files to %s\n", len(files), dir)
			return nil
		},
	}
}
