package solver

import (
	"fmt"
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/mip"
)

// diagnose writes unmet.csv: every requirement not fully planned, with the
// first reason, in the documented order, that holds for it; rows by service
// user, then as in requirements.csv. Reasons come
// from the options the model had and what the plan did with them, not from
// guesses: "case manager's diary full" is said only when each slot the
// person could have used was taken.
func diagnose(r *model.Region, sols []partSolution, res *Result) {
	pl := res.Plan
	got := planned(r, pl)
	partOf := make(map[userIx]*partSolution)
	for i := range sols {
		for _, u := range sols[i].b.users {
			partOf[u] = &sols[i]
		}
	}
	d := &diagnosis{r: r, pl: pl, optimal: res.Status == mip.Optimal, got: got}
	d.index()
	for q, req := range r.Requirements {
		due := Due(r, q)
		if got[q] >= due-1e-9 {
			continue
		}
		u, _ := r.ServiceUserIndex(req.ServiceUser)
		su := &r.ServiceUsers[u]
		unit := "sessions"
		switch req.Kind {
		case model.KindAppointment:
			unit = "appointments"
		case model.KindUnpaidWork:
			unit = "hours"
		}
		reason := "not planned: the solve stopped before reaching this part of the region"
		if ps := partOf[userIx(u)]; ps != nil {
			reason = d.explain(ps, userIx(u), q, got[q])
		}
		pl.Unmet = append(pl.Unmet, plan.Unmet{
			ServiceUser: req.ServiceUser, Kind: string(req.Kind), Intervention: req.Intervention,
			CaseManager: su.CaseManager, Tier: string(su.Tier), RoSH: su.RoSH, Priority: req.Priority,
			Due: due, Planned: got[q], Unmet: due - got[q], Unit: unit, Reason: reason,
		})
	}
	// The documented order: by service user (input order), then as in
	// requirements.csv, which the loop kept.
	userOrder := func(id string) int { u, _ := r.ServiceUserIndex(id); return u }
	slices.SortStableFunc(pl.Unmet, func(a, b plan.Unmet) int { return userOrder(a.ServiceUser) - userOrder(b.ServiceUser) })
}

type diagnosis struct {
	r       *model.Region
	pl      *plan.Plan
	optimal bool
	got     []float64 // planned, by requirement
	// What the plan uses: a service user's slots, a case manager's slots,
	// session seats.
	userBusy map[[3]string]bool // user, date, slot
	cmCount  map[[3]string]int  // case manager, date, slot → appointments (an induction counts its grid units)
	staffAt  map[[2]string]string
	staffAct map[[3]string]string
	roomUse  map[[3]string]int // site, date, slot → appointments
	// A user's days with a group session, and who they must not meet.
	sessionDay map[[2]string]bool
	apart      map[userIx][]string
}

func (d *diagnosis) index() {
	d.userBusy = make(map[[3]string]bool)
	d.cmCount = make(map[[3]string]int)
	d.staffAt = make(map[[2]string]string)
	d.staffAct = make(map[[3]string]string)
	d.roomUse = make(map[[3]string]int)
	d.sessionDay = make(map[[2]string]bool)
	d.apart = make(map[userIx][]string)
	for _, na := range d.r.NonAssociations {
		if u, ok := d.r.ServiceUserIndex(na.A); ok {
			d.apart[userIx(u)] = append(d.apart[userIx(u)], na.B)
		}
		if v, ok := d.r.ServiceUserIndex(na.B); ok {
			d.apart[userIx(v)] = append(d.apart[userIx(v)], na.A)
		}
	}
	units := make(map[string]int) // an induction's grid units, by service user
	for q := range d.r.Requirements {
		if rq := &d.r.Requirements[q]; rq.Kind == model.KindAppointment && rq.Induction {
			units[rq.ServiceUser] = apptUnits(d.r, q)
		}
	}
	for _, a := range d.pl.Appointments {
		d.userBusy[[3]string{a.ServiceUser, a.Date, a.Slot}] = true
		d.cmCount[[3]string{a.CaseManager, a.Date, a.Slot}] += max(1, units[a.ServiceUser])
		d.roomUse[[3]string{a.Site, a.Date, a.Slot}]++
	}
	for _, a := range d.pl.Attendance {
		if a.Slot == plan.SlotDay {
			for i := range d.r.Settings.Slots {
				if isDaytime(d.r.Settings.Slots[i]) {
					d.userBusy[[3]string{a.ServiceUser, a.Date, d.r.Settings.Slots[i].Name}] = true
				}
			}
			continue
		}
		d.userBusy[[3]string{a.ServiceUser, a.Date, a.Slot}] = true
		d.sessionDay[[2]string{a.ServiceUser, a.Date}] = true
	}
	for _, s := range d.pl.Staff {
		d.staffAt[[2]string{s.Practitioner, s.Date}] = s.Site
		d.staffAct[[3]string{s.Practitioner, s.Date, s.Slot}] = s.Activity
	}
}

func (d *diagnosis) km() string { return fmt.Sprintf("%g km", d.r.Settings.MaxTravelKm) }

// fallback is the reason when every option looked free.
func (d *diagnosis) fallback() string {
	if !d.optimal {
		return "stopped before an optimal plan"
	}
	return "no combination of free slots meets every rule (one a day, hours of the day)"
}

// explain asks the family that serves requirement q's kind why it is
// unmet (the explain method of constraint_*.go).
func (d *diagnosis) explain(ps *partSolution, u userIx, q int, got float64) string {
	if reason, ok := ps.b.pins.explainPast(q); ok { // a re-plan: every option already past
		return reason
	}
	for _, f := range ps.b.families() {
		if reason, ok := f.explain(d, ps, u, q, got); ok {
			return reason
		}
	}
	return d.fallback()
}

// anySlot reports whether u is free in some slot of day.
func (d *diagnosis) anySlot(b *builder, u userIx, day dayIx) bool {
	for s := range b.slots {
		if b.available(u, day, slotIx(s)) {
			return true
		}
	}
	return false
}

// blocker is a candidate reason and how many options it accounts for.
type blocker struct {
	n   int
	why string
}

// commonest is the reason that accounts for most options (the first on a tie).
func commonest(bs ...blocker) string {
	best := bs[0]
	for _, b := range bs[1:] {
		if b.n > best.n {
			best = b
		}
	}
	return best.why
}

// meetsApart reports whether any of the ids is someone u must not meet.
func (d *diagnosis) meetsApart(u userIx, ids []string) bool {
	for _, v := range d.apart[u] {
		if slices.Contains(ids, v) {
			return true
		}
	}
	return false
}

// busyDay reports whether user id has something booked in a daytime slot of date.
func (d *diagnosis) busyDay(id, date string) bool {
	for _, s := range d.r.Settings.Slots {
		if isDaytime(s) && d.userBusy[[3]string{id, date, s.Name}] {
			return true
		}
	}
	return false
}

func genderWord(g model.Gender) string {
	if g == model.GenderFemale {
		return "women"
	}
	return "men"
}

func accessNote(su *model.ServiceUser) string {
	if su.StepFree {
		return " with step-free access"
	}
	return ""
}

// busyStaffDay reports whether practitioner id has appointments, sessions,
// a party or an absence in some slot of date.
func (d *diagnosis) busyStaffDay(id, date string) bool {
	for _, s := range d.r.Settings.Slots {
		switch d.staffAct[[3]string{id, date, s.Name}] {
		case plan.ActivityAppointments, plan.ActivityFacilitating, plan.ActivitySupervising, plan.ActivityAbsent:
			return true
		}
	}
	return false
}
