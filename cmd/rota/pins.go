package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/check"
	"github.com/probation/rota/solver"
)

// pinsKept is nil when the plan of res keeps every pin of r; otherwise an
// error naming each pin the solve could not keep, with the rule and the
// kept pins of the same person or practitioner that day, its likeliest
// partners (the pins are valid one by one, so it is their combination, or
// the week's other rules, that no plan found keeps).
func pinsKept(r *model.Region, res *solver.Result) error {
	vs := check.Pins(r, res.Plan)
	if len(vs) == 0 {
		return nil
	}
	dropped := map[string]bool{}
	for _, v := range vs {
		dropped[v.Where] = true
	}
	errs := []error{fmt.Errorf("the pins cannot all be kept: the solve (%s) found no plan that keeps these, given the other pins and the rules of the week; nothing written", res.Plan.Summary.Status)}
	for _, v := range vs {
		msg := fmt.Sprintf("%s: breaks %s: %s", v.Where, v.Rule, v.Msg)
		if with := partners(r.Pins.List, v.Where, dropped); len(with) > 0 {
			msg += " (kept instead: " + strings.Join(with, ", ") + ")"
		}
		errs = append(errs, errors.New(msg))
	}
	return errors.Join(errs...)
}

// partners lists the kept pins of the same date that name the same person
// or practitioner as the pin at where.
func partners(pins []model.Pin, where string, dropped map[string]bool) []string {
	var p *model.Pin
	for i := range pins {
		if pins[i].Where() == where {
			p = &pins[i]
			break
		}
	}
	if p == nil {
		return nil
	}
	var out []string
	for _, q := range pins {
		if dropped[q.Where()] || !q.Date.Equal(p.Date.Time) {
			continue
		}
		same := (p.ServiceUser != "" && q.ServiceUser == p.ServiceUser) ||
			(p.Practitioner+p.Supervisor != "" && q.Practitioner+q.Supervisor == p.Practitioner+p.Supervisor)
		if same {
			out = append(out, q.Where())
		}
	}
	return out
}
