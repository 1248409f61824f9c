package solver

import (
	"math"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// staffFigures fills the summary's figures of the staff's week from the
// plan: late shifts, face-to-face hours by grade, idle days and staff km.
func staffFigures(r *model.Region, pl *plan.Plan, s *plan.Summary) {
	evening := make(map[string]bool)
	for _, sl := range r.Settings.Slots {
		if _, eve := slotRole(sl); eve {
			evening[sl.Name] = true
		}
	}
	type pd struct{ who, date string }
	late := make(map[pd]bool)
	at := make(map[pd]map[string]bool) // sites with work
	contact := make(map[string]float64)
	work := func(who, date, site, slot string, hours float64) {
		k := pd{who, date}
		if evening[slot] {
			late[k] = true
		}
		if at[k] == nil {
			at[k] = make(map[string]bool)
		}
		at[k][site] = true
		if p, ok := r.PractitionerIndex(who); ok {
			contact[string(r.Practitioners[p].Grade)] += hours
		}
	}
	apptHours := float64(r.Settings.AppointmentMinutes) / 60
	for _, a := range pl.Appointments {
		work(a.CaseManager, a.Date, a.Site, a.Slot, apptHours)
	}
	for _, ss := range pl.Sessions {
		for _, who := range strings.Fields(ss.Staff) {
			work(who, ss.Date, ss.Site, ss.Slot, ss.Hours)
		}
	}
	s.LateShifts = len(late)
	if len(contact) > 0 {
		s.ContactHours = make(map[string]float64, len(contact))
		for g, h := range contact {
			s.ContactHours[g] = round6(h)
		}
	}
	seen := make(map[pd]bool)
	km := 0.0
	for _, row := range pl.Staff {
		k := pd{row.Practitioner, row.Date}
		if seen[k] {
			continue
		}
		seen[k] = true
		p, ok1 := r.PractitionerIndex(row.Practitioner)
		site, ok2 := r.SiteIndex(row.Site)
		if !ok1 || !ok2 {
			continue
		}
		km += staffKm(r, p, site)
		if row.Site != r.Practitioners[p].BaseSite && !at[k][row.Site] {
			s.IdleDays = append(s.IdleDays, row.Practitioner+" "+row.Date+" "+row.Site)
		}
	}
	s.StaffKm = math.Round(km*10) / 10
}
