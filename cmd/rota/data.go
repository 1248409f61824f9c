package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
)

// loadRegion reads --data, or the embedded sample when it is not given. Bad
// input is reported in full (every problem, one a line) with exit code 2.
func loadRegion(c *cli.Context) (*model.Region, error) {
	var (
		r   *model.Region
		err error
	)
	if dir := c.String("data"); dir != "" {
		r, err = model.LoadDir(dir)
	} else if c.IsSet("data") {
		return nil, &exitError{code: 2, err: errors.New(`rota: --data "" names no folder: give a data folder, or leave --data out for the embedded sample`)}
	} else {
		r, err = model.Load(fixtures.Leicestershire)
	}
	if err != nil {
		return nil, &exitError{code: 2, err: inputError(err)}
	}
	return r, nil
}

// inputError lists every problem of a joined load error, one a line.
func inputError(err error) error {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		errs := joined.Unwrap()
		msg := fmt.Sprintf("%d problems in the data folder:", len(errs))
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
