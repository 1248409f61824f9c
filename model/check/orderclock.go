package check

import (
	"math"

	"github.com/probation/rota/model"
)

// urgency is the order's clock of an unpaid-work requirement
// (docs/model.md, "The order's clock"): with W whole or part weeks from the
// planning week's Monday to the order's end (at least 1) and O the hours
// owed (hours_outstanding, at least this week's hours h), the hours a week
// the order needs, O ÷ W, over h, kept between 1 and
// unpaid_work_urgency_cap. 1 without an order end.
func (c *checker) urgency(q *model.Requirement) float64 {
	if q.Kind != model.KindUnpaidWork || q.OrderEnd.IsZero() || q.Hours <= 0 {
		return 1
	}
	days := int(math.Round(q.OrderEnd.Sub(c.s.WeekStart.Time).Hours()/24)) + 1
	weeks := max(1, (days+6)/7)
	if days <= 0 {
		weeks = 1
	}
	need := math.Max(q.HoursOutstanding, q.Hours) / float64(weeks)
	return math.Min(math.Max(1, c.s.UrgencyCap), math.Max(1, need/q.Hours))
}
