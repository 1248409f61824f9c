package main

import (
	"errors"
	"fmt"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/check"
	"github.com/probation/rota/solver"
)

// pinsKept is nil when the plan of res keeps every pin of r; otherwise an
// error naming each pin the solve could not keep, with the rule (the pins
// are valid one by one, so it is their combination, or with the rest of
// the week's rules, that no plan found keeps).
func pinsKept(r *model.Region, res *solver.Result) error {
	vs := check.Pins(r, res.Plan)
	if len(vs) == 0 {
		return nil
	}
	errs := []error{fmt.Errorf("the pins cannot all be kept: the solve (%s) found no plan that keeps these, given the other pins and the rules of the week; nothing written", res.Plan.Summary.Status)}
	for _, v := range vs {
		errs = append(errs, fmt.Errorf("%s: breaks %s: %s", v.Where, v.Rule, v.Msg))
	}
	return errors.Join(errs...)
}
