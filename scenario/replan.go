package scenario

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/check"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
)

// Re-planning during the week (`rota replan`, docs/replan.md): a rota
// already handed out, changes made part-way through the week (someone
// phones in sick), and a moment from which the rest of the week may
// change. Everything that starts before the moment is kept as pinned
// (model.Pins, solver/constraint_pins.go), nothing new is added before it,
// and the rest is planned again with the old rota as the baseline
// (solver.Options.Baseline), so that it moves as little as the changes
// force.

// Past is the rota being re-planned.
type Past struct {
	Plan *plan.Plan
	// Name says where the rota comes from in messages ("rota DIR"): a
	// pin made from its row 12 of appointments.csv is "rota DIR/
	// appointments.csv:12".
	Name string
	// Assign is the allocation the rota was planned under (service user
	// → case manager, from its moves.csv when it was balanced); the
	// re-plan keeps it. Nil: the data's own.
	Assign map[string]string
	// Previous is last week's rota, when the rota was planned after it
	// (rota solve --previous): the re-plan is planned after it too, and
	// carries its regular.csv and continuity counts. Nil: PreviousOfRota
	// Plan (replan_previous.go).
	Previous *plan.Plan
}

// Replanned is a re-plan compared with the rota it replaces. Its Report's
// baseline is the old rota (not solved again) and its scenario the new
// one.
type Replanned struct {
	*Report
	From  model.Moment
	Kept  int             // bookings and staff days of the past kept as pinned
	Staff []StaffAffected // practitioners' days that changed
}

// Replan keeps every booking of past that starts before from (a booking
// in a slot already under way counts as started) and every practitioner's
// site on the days before from's date, makes changes to files, and plans
// the rest of the week as close to past as the changes allow. It does not
// balance caseloads: the rota's allocation stays. A past booking that the
// changes make impossible (a practitioner off sick on a day already
// worked) is an error naming the booking's row and the rule it breaks; a
// *ChangeError or *ParseError for bad changes.
func Replan(ctx context.Context, files map[string][]byte, past Past, from model.Moment, changes []Change, opt Options) (*Replanned, error) {
	changed, region, notes, err := apply(files, changes)
	if err != nil {
		return nil, err
	}
	baseRegion, err := load(files)
	if err != nil {
		return nil, fmt.Errorf("scenario: the data folder does not load: %w", err)
	}
	baseRegion, region = keepAllocation(baseRegion, past.Assign), keepAllocation(region, past.Assign)
	pins := PastPins(region, past.Plan, past.Name, from)
	if err := region.SetPins(append(slices.Clone(region.Pins.List), pins...), from, false); err != nil {
		return nil, fmt.Errorf("replan: what is already past does not fit the changed data:\n%w", err)
	}
	base := &Side{Files: files, Region: baseRegion, Result: &solver.Result{Plan: past.Plan}, Check: check.Check(baseRegion, past.Plan)}
	opt.NoBalance = true
	opt.previous = past.previousPlan()
	side, err := solveSide(ctx, "re-plan", changed, region, opt, past.Plan)
	if err != nil {
		return nil, err
	}
	rep := &Report{Changes: changes, Notes: notes, Baseline: base, Scenario: side}
	rep.compare(opt)
	sickReasons(rep.Affected, region)
	rep.Summary.Affected = countAffected(rep.Affected)
	rep.Summary.Headline = rep.headline()
	return &Replanned{Report: rep, From: from, Kept: len(pins), Staff: staffAffected(past.Plan, side.Result.Plan)}, nil
}

// keepAllocation gives r under assign, leaving out case managers the data
// no longer has (taken out by a change).
func keepAllocation(r *model.Region, assign map[string]string) *model.Region {
	keep := map[string]string{}
	for u, p := range assign {
		if _, ok := r.PractitionerIndex(p); ok {
			keep[u] = p
		}
	}
	if len(keep) == 0 {
		return r
	}
	return r.WithCaseManagers(keep)
}

// PastPins makes a pin of every booking of pl that starts before from, and
// of every practitioner's site on a day before from's date; each pin
// names the rota row it comes from (name/FILE:LINE).
func PastPins(r *model.Region, pl *plan.Plan, name string, from model.Moment) []model.Pin {
	var pins []model.Pin
	slotStart := map[string]int{}
	for _, s := range r.Settings.Slots {
		slotStart[s.Name] = s.Start
	}
	started := func(date, slot, start string) (model.Date, bool) {
		d, err := model.ParseDate(date)
		if err != nil {
			return d, false
		}
		m, ok := slotStart[slot]
		if !ok { // a work party's "day": its start
			h, mm, _ := strings.Cut(start, ":")
			hh, _ := strconv.Atoi(h)
			mi, _ := strconv.Atoi(mm)
			m = hh*60 + mi
		}
		return d, from.Before(d, m)
	}
	seen := map[[2]string]bool{}
	for i, s := range pl.Staff {
		d, err := model.ParseDate(s.Date)
		if err != nil || !d.Before(from.Date.Time) || s.Activity == plan.ActivityAbsent || seen[[2]string{s.Practitioner, s.Date}] {
			continue
		}
		seen[[2]string{s.Practitioner, s.Date}] = true
		pins = append(pins, model.Pin{Kind: model.PinStaff, Practitioner: s.Practitioner, Date: d, Site: s.Site,
			File: name + "/" + plan.StaffFile, Line: i + 2})
	}
	for i, a := range pl.Appointments {
		if d, ok := started(a.Date, a.Slot, a.Start); ok {
			pins = append(pins, model.Pin{Kind: model.PinAppointment, ServiceUser: a.ServiceUser, Practitioner: a.CaseManager,
				Date: d, Slot: a.Slot, Site: a.Site, File: name + "/" + plan.AppointmentsFile, Line: i + 2})
		}
	}
	for i, s := range pl.Sessions {
		d, ok := started(s.Date, s.Slot, s.Start)
		if !ok {
			continue
		}
		at := model.Pin{Kind: model.PinGroup, Date: d, Slot: s.Slot, Site: s.Site, Intervention: s.Intervention,
			File: name + "/" + plan.SessionsFile, Line: i + 2}
		if s.Kind == plan.KindWorkParty {
			at = model.Pin{Kind: model.PinParty, Date: d, Project: s.Project, File: at.File, Line: at.Line}
		}
		for _, p := range strings.Fields(s.Staff) {
			pin := at
			if pin.Kind == model.PinParty {
				pin.Supervisor = p
			} else {
				pin.Practitioner = p
			}
			pins = append(pins, pin)
		}
		for _, u := range strings.Fields(s.Attendees) {
			pin := at
			pin.ServiceUser = u
			pins = append(pins, pin)
		}
	}
	return pins
}

// sickReasons names the sickness behind a moved or lost appointment whose
// case manager is absent (absences.csv) at the time it had.
func sickReasons(rows []Affected, r *model.Region) {
	for i := range rows {
		a := &rows[i]
		if a.What != "appointment" || a.Had == "nothing" || (a.Effect != EffectLoses && a.Reason != "re-planned around the changes") {
			continue
		}
		// Had reads "with MANAGER at SITE WEEKDAY DATE SLOT".
		f := strings.Fields(a.Had)
		if len(f) != 7 {
			continue
		}
		p, ok := r.PractitionerIndex(f[1])
		day, err := model.ParseWeekday(f[4])
		slot := slices.IndexFunc(r.Settings.Slots, func(s model.Slot) bool { return s.Name == f[6] })
		if !ok || err != nil || slot < 0 || !r.Absent(p, day, slot) {
			continue
		}
		why := "case manager " + f[1] + " away (" + string(r.AbsenceReason(p, day, slot)) + ") on " + f[4]
		if a.Effect == EffectLoses {
			a.Reason = why + "; " + a.Reason
		} else {
			a.Reason = why
		}
	}
}

// StaffAffected is one practitioner's day that the re-plan changed: the
// site and what they do in each slot, before and after (affected_staff.csv).
type StaffAffected struct {
	Practitioner string `csv:"practitioner"`
	Date         string `csv:"date"`
	Weekday      string `csv:"weekday"`
	Had          string `csv:"had"`  // e.g. "at stockton: morning appointments ST0001 ST0005; afternoon office"
	Gets         string `csv:"gets"` // the same of the new rota; "not working"
}

// staffAffected compares each practitioner-day of two rotas.
func staffAffected(before, after *plan.Plan) []StaffAffected {
	days := func(pl *plan.Plan) (map[[2]string]string, map[[2]string]string) {
		text, wd := map[[2]string]string{}, map[[2]string]string{}
		for _, s := range pl.Staff {
			k := [2]string{s.Practitioner, s.Date}
			if text[k] == "" {
				text[k] = "at " + s.Site + ":"
			} else {
				text[k] += ";"
			}
			text[k] += " " + strings.TrimSpace(s.Slot+" "+s.Activity+" "+s.Detail)
			wd[k] = s.Weekday
		}
		return text, wd
	}
	tb, wb := days(before)
	ta, wa := days(after)
	keys := map[[2]string]bool{}
	for k := range tb {
		keys[k] = true
	}
	for k := range ta {
		keys[k] = true
	}
	var out []StaffAffected
	for _, k := range slices.SortedFunc(func(yield func([2]string) bool) {
		for k := range keys {
			if !yield(k) {
				return
			}
		}
	}, func(a, b [2]string) int { return strings.Compare(a[0]+" "+a[1], b[0]+" "+b[1]) }) {
		if tb[k] == ta[k] {
			continue
		}
		w := wb[k]
		if w == "" {
			w = wa[k]
		}
		had, gets := tb[k], ta[k]
		if had == "" {
			had = "not working"
		}
		if gets == "" {
			gets = "not working"
		}
		out = append(out, StaffAffected{Practitioner: k[0], Date: k[1], Weekday: w, Had: had, Gets: gets})
	}
	return out
}
