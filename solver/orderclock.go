package solver

import (
	"math"

	"github.com/probation/rota/model"
)

// The order's clock (unpaid work). An unpaid-work requirement q with an
// order end E_q (requirements.csv order_end) and O_q hours still owed
// (hours_outstanding, at least this week's h_q) has
//
//	L_q = max(1, ⌈(E_q − week_start + 1 day) ÷ 7 days⌉)   weeks left, this one included
//	U_q = min(cap, max(1, (O_q ÷ L_q) ÷ h_q))              its urgency
//
// O_q ÷ L_q is the hours a week the order needs to be finished in time;
// U_q is how many times this week's figure that is, at least 1 and at most
// cap (setting unpaid_work_urgency_cap, default 3). Factor multiplies the
// price of q's unmet hours by U_q, so when places are short the week's
// hours go first to the orders at risk of running out of time. Without an
// order end, U_q = 1. An order whose end is before the week has L_q = 1.
// See docs/model.md, "The order's clock".
func OrderUrgency(r *model.Region, q int) float64 {
	req := &r.Requirements[q]
	if req.Kind != model.KindUnpaidWork || req.OrderEnd.IsZero() || req.Hours <= 0 {
		return 1
	}
	owed := math.Max(req.HoursOutstanding, req.Hours)
	days := math.Round(req.OrderEnd.Sub(r.Settings.WeekStart.Time).Hours()/24) + 1
	weeks := math.Max(1, math.Ceil(days/7))
	return math.Min(math.Max(1, r.Settings.UrgencyCap), math.Max(1, owed/weeks/req.Hours))
}
