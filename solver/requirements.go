package solver

import (
	"github.com/probation/rota/model"
)

// Factor prices one unit of requirement q left unmet relative to the base
// weight of its kind: priority_weight × tier_weight, where priority_weight
// = (6 − priority) ÷ 3 and tier_weight is A 1.6, B 1.3, C 1.0, D 0.8, times
// 1.5 for an IOM case, times the order's urgency for unpaid work
// (OrderUrgency; docs/output-format.md).
func Factor(r *model.Region, q int) float64 {
	req := &r.Requirements[q]
	prio := req.Priority
	if prio == 0 {
		prio = 3
	}
	u, _ := r.ServiceUserIndex(req.ServiceUser)
	return float64(6-prio) / 3 * TierWeight(&r.ServiceUsers[u]) * OrderUrgency(r, q)
}

// TierWeight is the tier part of Factor.
func TierWeight(su *model.ServiceUser) float64 {
	w := 1.0
	switch su.Tier.Letter() {
	case 'A':
		w = 1.6
	case 'B':
		w = 1.3
	case 'C':
		w = 1.0
	case 'D':
		w = 0.8
	}
	if su.IOM {
		w *= 1.5
	}
	return w
}

// Due is what requirement q asks for this week, in its unit: appointments,
// sessions or hours.
func Due(r *model.Region, q int) float64 {
	req := &r.Requirements[q]
	if req.Kind == model.KindUnpaidWork {
		return req.Hours
	}
	return float64(req.Sessions)
}

// reqsOf indexes the requirements of this part's service users.
func (b *builder) reqsOf() map[userIx][]int {
	if b.userReqs != nil {
		return b.userReqs
	}
	b.userReqs = make(map[userIx][]int)
	for q := range b.r.Requirements {
		u, ok := b.r.ServiceUserIndex(b.r.Requirements[q].ServiceUser)
		if ok && b.inUser[userIx(u)] {
			b.userReqs[userIx(u)] = append(b.userReqs[userIx(u)], q)
		}
	}
	return b.userReqs
}

// hasAppointment reports whether u is due an appointment this week.
func (b *builder) hasAppointment(u userIx) bool {
	for _, q := range b.reqsOf()[u] {
		if b.r.Requirements[q].Kind == model.KindAppointment && Due(b.r, q) > 0 {
			return true
		}
	}
	return false
}
