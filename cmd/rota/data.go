package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing/fstest"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
)

// loadRegion reads --data, or the embedded sample when it is not given. Bad
// input is reported in full (every problem, one a line) with exit code 2.
func loadRegion(c *cli.Context) (*model.Region, error) {
	if dir := c.String("data"); dir != "" {
		return loaded(model.LoadDirContext(c.Context, dir, loadOptions(c)))
	} else if c.IsSet("data") {
		return nil, noDataError
	}
	return loadFS(c, fixtures.Leicestershire)
}

var noDataError = &exitError{code: 2, err: errors.New(`rota: --data "" names no folder: give a data folder, or leave --data out for the embedded sample`)}

// loadFiles loads a data folder held in memory (file name → contents), as
// loadRegion loads one on disk.
func loadFiles(c *cli.Context, files map[string][]byte) (*model.Region, error) {
	fsys := make(fstest.MapFS, len(files))
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return loadFS(c, fsys)
}

func loadFS(c *cli.Context, fsys fs.FS) (*model.Region, error) {
	return loaded(model.LoadContext(c.Context, fsys, loadOptions(c)))
}

func loadOptions(c *cli.Context) model.Options {
	return model.Options{ShowValues: c.Bool("show-values")}
}

// loaded turns a load's error into the command's: a signal exits 130, a
// problem of the data 2.
func loaded(r *model.Region, err error) (*model.Region, error) {
	if errors.Is(err, context.Canceled) {
		return nil, &exitError{code: 130, err: errors.New("interrupted while reading the data folder")}
	}
	if err != nil {
		return nil, &exitError{code: 2, err: inputError(err)}
	}
	return r, nil
}

// showValuesFlag is --show-values: messages about people on probation
// show the values they are about (model.Options.ShowValues).
var showValuesFlag = &cli.BoolFlag{
	Name:  "show-values",
	Usage: "show the offending values in messages about people on probation (personal data: only on your own terminal)",
}

// inputError lists every problem of a joined load error, one a line.
func inputError(err error) error {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		errs := joined.Unwrap()
		n := len(errs)
		for _, e := range errs {
			if fe, ok := e.(*model.FieldError); ok && fe.More > 0 {
				n += fe.More - 1 // "and N more problems in this file"
			}
		}
		msg := fmt.Sprintf("%d problems in the data folder:", n)
		if n == 1 {
			msg = "1 problem in the data folder:"
		}
		for _, e := range errs {
			msg += "\n  " + e.Error()
		}
		return errors.New(msg)
	}
	return err
}

// usageError marks command-line mistakes (unknown flags or commands) as exit 2.
func usageError(err error) error {
	if err == nil {
		return nil
	}
	var ex *exitError
	if errors.As(err, &ex) {
		return err
	}
	return &exitError{code: 2, err: fmt.Errorf("rota: %w", err)}
}
