package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/report"
	"github.com/probation/rota/scenario"
)

func reportCommand() *cli.Command {
	return &cli.Command{
		Name:      "report",
		Usage:     "write report.html (and calendars/) for a rota folder, or report.html for a scenario folder",
		ArgsUsage: " ",
		Description: "Reads a rota folder written by rota solve and writes report.html, one self-contained page\n" +
			"that works offline, and calendars/ (one .ics per practitioner and per site) into it, or\n" +
			"into --out. A folder written by rota scenario gets the planners' report.html.",
		Flags: []cli.Flag{
			dataFlag,
			&cli.StringFlag{Name: "rota", Required: true, Usage: "rota or scenario folder `DIR`"},
			&cli.StringFlag{Name: "out", Usage: "write report.html to `FILE` instead (calendars/ beside it)"},
		},
		Action: func(c *cli.Context) error {
			dir := c.String("rota")
			if _, err := os.Stat(filepath.Join(dir, scenario.AffectedFile)); err == nil {
				rep, err := report.ReadScenario(dir)
				if err != nil {
					return &exitError{code: 2, err: err}
				}
				out := c.String("out")
				if out == "" {
					out = filepath.Join(dir, report.HTMLFile)
				}
				if err := report.WriteScenarioFile(out, rep); err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "report: wrote %s\n", out)
				return nil
			}
			r, err := loadRegion(c)
			if err != nil {
				return err
			}
			ro, err := report.ReadRota(dir, r)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			out := c.String("out")
			if out == "" {
				out = filepath.Join(dir, report.HTMLFile)
			}
			if err := ro.WriteFiles(out); err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "report: wrote %s and %s/\n", out, filepath.Join(filepath.Dir(out), report.CalendarsDir))
			return nil
		},
	}
}
