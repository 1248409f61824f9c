package scenario

import "github.com/probation/rota/model/plan"

// previousPlan is the reference a re-plan is planned after: Previous when
// given, else PreviousOfRota of the rota; nil when the rota was planned without
// last week's.
func (p Past) previousPlan() *plan.Plan {
	if p.Previous != nil {
		return p.Previous
	}
	return PreviousOfRota(p.Plan)
}

// PreviousOfRota is the reference a rota offers its own re-plan when last
// week's rota is not at hand: nil when the rota has no regular.csv (it
// was planned without last week's); else its regular.csv and its staff.
// regular.csv holds last week's regular time of everyone without an
// appointment in the rota, exactly as last week's rota gives it, and the
// rota's appointment of everyone else; so the re-plan's regular.csv
// carries both (a person whose appointment the re-plan drops keeps the
// rota's time as their regular one), and its continuity counts compare
// with the rota's appointments and staff days rather than last week's.
func PreviousOfRota(pl *plan.Plan) *plan.Plan {
	if pl == nil || len(pl.Regular) == 0 {
		return nil
	}
	return &plan.Plan{Regular: pl.Regular, Staff: pl.Staff}
}
