package check

import (
	"fmt"
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// checkPins: every pin of the region (pins.csv, or a re-plan's kept past)
// is in the rota (rule pins.kept). A pin fixes what it names and nothing
// more: the slot of an appointment (its minute within the slot is the
// timetable's), the session of a person or facilitator, the party of a
// worker or supervisor, the site of a practitioner's day.
func (c *checker) checkPins() {
	for _, p := range c.r.Pins.List {
		if !pinKept(c.r, c.p, &p) {
			c.add("pins.kept", p.Where(), "%s is not in the rota", pinText(c.r, &p))
		}
	}
}

// Pins checks only rule pins.kept of rota p against r's pins: the
// violations, one a pin not kept, in the pins' order.
func Pins(r *model.Region, p *plan.Plan) []Violation {
	c := &checker{r: r, p: p}
	c.checkPins()
	return c.vs
}

func pinText(r *model.Region, p *model.Pin) string {
	slot := ""
	if p.SlotIx >= 0 && p.SlotIx < len(r.Settings.Slots) {
		slot = " " + r.Settings.Slots[p.SlotIx].Name
	}
	who := p.ServiceUser
	if who == "" {
		who = p.Practitioner + p.Supervisor
	}
	switch p.Kind {
	case model.PinStaff:
		return fmt.Sprintf("staff pin: %s at %s on %s", who, p.Site, p.Date)
	case model.PinAppointment:
		return fmt.Sprintf("appointment pin: %s at %s on %s%s", who, p.Site, p.Date, slot)
	case model.PinGroup:
		return fmt.Sprintf("group pin: %s in %s at %s on %s%s", who, p.Intervention, p.Site, p.Date, slot)
	}
	return fmt.Sprintf("party pin: %s in %s on %s", who, p.Project, p.Date)
}

func pinKept(r *model.Region, pl *plan.Plan, p *model.Pin) bool {
	date := p.Date.String()
	slot := ""
	if p.SlotIx >= 0 && p.SlotIx < len(r.Settings.Slots) {
		slot = r.Settings.Slots[p.SlotIx].Name
	}
	switch p.Kind {
	case model.PinStaff:
		return slices.ContainsFunc(pl.Staff, func(s plan.StaffRow) bool {
			return s.Practitioner == p.Practitioner && s.Date == date && s.Site == p.Site && s.Activity != plan.ActivityAbsent
		})
	case model.PinAppointment:
		return slices.ContainsFunc(pl.Appointments, func(a plan.Appointment) bool {
			return a.ServiceUser == p.ServiceUser && a.Date == date && a.Slot == slot && a.Site == p.Site &&
				(p.Practitioner == "" || a.CaseManager == p.Practitioner)
		})
	}
	return slices.ContainsFunc(pl.Sessions, func(s plan.Session) bool {
		if s.Date != date {
			return false
		}
		if p.Kind == model.PinGroup && (s.Kind != plan.KindSession || s.Intervention != p.Intervention || s.Site != p.Site || s.Slot != slot) {
			return false
		}
		if p.Kind == model.PinParty && (s.Kind != plan.KindWorkParty || s.Project != p.Project) {
			return false
		}
		if p.ServiceUser != "" {
			return slices.Contains(strings.Fields(s.Attendees), p.ServiceUser)
		}
		return slices.Contains(strings.Fields(s.Staff), p.Practitioner+p.Supervisor)
	})
}
