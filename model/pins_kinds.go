package model

import (
	"fmt"
	"strings"
)

// rules checks one pin against the hard rules of its kind.
func (pc *pinCheck) rules(p *Pin) {
	switch p.Kind {
	case PinStaff:
		pc.staffDay(p, "practitioner")
		pc.siteOpen(p, "staff.site-open")
		pc.staffSite(p)
	case PinAppointment:
		pc.appointment(p)
	case PinGroup:
		pc.group(p)
	case PinParty:
		pc.party(p)
	}
}

// staffDay: the practitioner works that day and is not absent then.
func (pc *pinCheck) staffDay(p *Pin, col string) {
	if p.Prac < 0 {
		return
	}
	r, pr := pc.r, &pc.r.Practitioners[p.Prac]
	days := pr.Days
	if days == 0 {
		days = Weekdays(0b11111)
	}
	switch {
	case r.days[p.Day].Holiday:
		pc.breaks(p, "date", "staff.working-day", "settings.csv", "%s is a bank holiday", p.Date)
	case !days.Has(p.Day):
		pc.breaks(p, col, "staff.working-day", pc.row(FilePractitioners, p.Prac), "%s works %s", pr.ID, days)
	case r.AbsentAllDay(p.Prac, p.Day) || (p.SlotIx >= 0 && r.Absent(p.Prac, p.Day, p.SlotIx)):
		pc.breaks(p, col, "staff.absence", FileAbsences, "%s is away (%s) on %s", pr.ID, pc.absence(p), p.Date)
	}
}

func (pc *pinCheck) absence(p *Pin) AbsenceReason {
	slot := p.SlotIx
	if slot < 0 {
		slot = 0
	}
	if why := pc.r.AbsenceReason(p.Prac, p.Day, slot); why != "" {
		return why
	}
	return "absent"
}

// siteOpen: the site is open that day.
func (pc *pinCheck) siteOpen(p *Pin, rule string) {
	if p.SiteIx < 0 || pc.r.OpenOn(p.SiteIx, p.Day) {
		return
	}
	st := &pc.r.Sites[p.SiteIx]
	if pc.r.days[p.Day].Holiday {
		pc.breaks(p, "date", rule, "settings.csv", "%s is a bank holiday", p.Date)
		return
	}
	pc.breaks(p, "site", rule, pc.row(FileSites, p.SiteIx), "%s is open %s", st.ID, st.OpenDays)
}

// staffSite: the site serves the practitioner's area and takes their gender.
func (pc *pinCheck) staffSite(p *Pin) {
	if p.SiteIx < 0 || p.Prac < 0 {
		return
	}
	r, st, pr := pc.r, &pc.r.Sites[p.SiteIx], &pc.r.Practitioners[p.Prac]
	if !r.SiteServes(p.SiteIx, r.AreaOfTeam(pr.Team)) {
		pc.breaks(p, "site", "staff.site-area", pc.row(FileSites, p.SiteIx), "%s serves area %s only", st.ID, st.Area)
	}
	if !st.MayStaff(pr) {
		pc.breaks(p, "site", "staff.women-staff", pc.row(FileSites, p.SiteIx), "%s takes women staff only", st.ID)
	}
	pc.pattern(p, p.Prac)
}

// pattern: with patterns fixed (pattern_change_penalty < 0), a
// practitioner is at their usual site on a day the pattern names.
func (pc *pinCheck) pattern(p *Pin, prac int) {
	r := pc.r
	if r.Settings.PatternChangePenalty >= 0 || p.SiteIx < 0 {
		return
	}
	pr := &r.Practitioners[prac]
	usual, ok := pr.Pattern.Site(p.Day)
	k, known := r.SiteIndex(usual)
	if !ok || !known || usual == p.Site || !r.Sites[k].MayStaff(pr) || !r.OpenOn(k, p.Day) {
		return
	}
	pc.breaks(p, "site", "staff.pattern", pc.row(FilePractitioners, prac), "%s's usual pattern puts them at %s on %s (fixed: pattern_change_penalty < 0)", pr.ID, usual, p.Day)
}

// userPlace: the person may come to the site at that time: area,
// women-only, step-free, travel, availability.
func (pc *pinCheck) userPlace(p *Pin, prefix string) {
	if p.User < 0 || p.SiteIx < 0 {
		return
	}
	r, su, st := pc.r, &pc.r.ServiceUsers[p.User], &pc.r.Sites[p.SiteIx]
	srow, urow := pc.row(FileSites, p.SiteIx), pc.row(FileServiceUsers, p.User)
	if !r.SiteServes(p.SiteIx, r.AreaOfTeam(su.Team)) {
		pc.breaks(p, "site", prefix+".site-area", srow, "%s serves area %s only", st.ID, st.Area)
	}
	if st.WomenOnly && su.Gender != GenderFemale {
		pc.breaks(p, "site", prefix+".women-only", srow, "%s is for women only", st.ID)
	}
	if su.StepFree && !st.StepFree {
		pc.breaks(p, "site", prefix+".step-free", urow, "the person needs step-free access and %s has none", st.ID)
	}
	if km := r.UserSiteKm(p.User, p.SiteIx); km > r.Settings.MaxTravelKm+1e-9 {
		pc.breaks(p, "site", prefix+".travel", "settings.csv", "%s is %.1f km from home, beyond max_travel_km %g", st.ID, km, r.Settings.MaxTravelKm)
	}
	pc.userFree(p, prefix, urow)
}

func (pc *pinCheck) userFree(p *Pin, prefix, urow string) {
	r, su := pc.r, &pc.r.ServiceUsers[p.User]
	slots := []int{p.SlotIx}
	if p.Kind == PinParty {
		slots = daytimeSlots(r.Settings.Slots)
	}
	for _, s := range slots {
		if s < 0 {
			continue
		}
		if !su.Available.Empty() && !su.Available.Has(p.Day, s) {
			pc.breaks(p, "", prefix+".available", urow, "available %s", su.Available)
			return
		}
		if r.Unavailable(p.User, p.Day, s) {
			rule := "attendance.unavailable-date"
			if prefix != "attendance" {
				rule = prefix + ".available"
			}
			pc.breaks(p, "", rule, FileUnavailability, "the person cannot come on %s %s", p.Date, r.Settings.Slots[s].Name)
			return
		}
	}
}

// daytimeSlots are the slots that start before 17:00 (a work party's day).
func daytimeSlots(ss []Slot) []int {
	var out []int
	for i, s := range ss {
		if s.Start < 17*60 {
			out = append(out, i)
		}
	}
	return out
}

// hasRequirement reports whether u has a requirement of kind (of iv, when
// given) with something due this week (an appointment requirement whose
// contact is not due this week has none: Settings.AppointmentsFor).
func (pc *pinCheck) hasRequirement(u int, iv string, kinds ...RequirementKind) bool {
	id := pc.r.ServiceUsers[u].ID
	for _, q := range pc.r.Requirements {
		for _, k := range kinds {
			if q.ServiceUser == id && q.Kind == k && (iv == "" || q.Intervention == iv) && (q.Sessions > 0 || q.Hours > 0) {
				return true
			}
		}
	}
	return false
}

func (pc *pinCheck) appointment(p *Pin) {
	if p.User < 0 {
		return
	}
	r, su := pc.r, &pc.r.ServiceUsers[p.User]
	urow := pc.row(FileServiceUsers, p.User)
	cm, ok := r.PractitionerIndex(su.CaseManager)
	switch {
	case !ok:
		pc.breaks(p, "service_user", "appointment.case-manager", urow, "the person has no case manager")
	case p.Prac >= 0 && p.Prac != cm:
		pc.breaks(p, "practitioner", "appointment.case-manager", urow, "the case manager is %s", su.CaseManager)
	}
	if !pc.hasRequirement(p.User, "", KindAppointment) {
		pc.breaks(p, "service_user", "appointment.due", FileRequirements, "no appointment is due for the person this week")
	}
	pc.siteOpen(p, "appointment.site-open")
	pc.userPlace(p, "appointment")
	if ok {
		q := *p
		q.Prac, q.Practitioner = cm, su.CaseManager
		pc.staffDay(&q, "service_user")
		pc.pattern(p, cm)
		if p.SiteIx >= 0 && !r.Sites[p.SiteIx].MayStaff(&r.Practitioners[cm]) {
			pc.breaks(p, "site", "staff.women-staff", pc.row(FileSites, p.SiteIx), "%s takes women staff only and the case manager %s is not a woman", p.Site, su.CaseManager)
		}
	}
}

func (pc *pinCheck) group(p *Pin) {
	if p.Iv < 0 {
		return
	}
	r, iv := pc.r, &pc.r.Interventions[p.Iv]
	ivrow := pc.row(FileInterventions, p.Iv)
	pc.siteOpen(p, "session.site-open")
	if len(iv.Sites) > 0 && !iv.Sites.Has(p.Site) {
		pc.breaks(p, "site", "session.site-allowed", ivrow, "%s runs at %s only", iv.ID, iv.Sites)
	}
	if p.SlotIx >= 0 && iv.SessionHours*60 > float64(r.Settings.Slots[p.SlotIx].Minutes())+1e-9 {
		pc.breaks(p, "slot", "session.slot-length", ivrow, "a session of %s lasts %g h, longer than the %s slot", iv.ID, iv.SessionHours, r.Settings.Slots[p.SlotIx].Name)
	}
	if p.User < 0 { // a facilitator
		pr := &r.Practitioners[p.Prac]
		if !pr.Skills.Has(iv.Skill) {
			pc.breaks(p, "practitioner", "session.skill", pc.row(FilePractitioners, p.Prac), "%s has no skill %s (skills %s)", pr.ID, iv.Skill, pr.Skills)
		}
		if !iv.MayFacilitate(pr) {
			pc.breaks(p, "practitioner", "session.facilitator-genders", ivrow, "%s is facilitated by women only", iv.ID)
		}
		pc.staffDay(p, "practitioner")
		if p.SiteIx >= 0 {
			pc.staffSite(p)
		}
		return
	}
	if !pc.hasRequirement(p.User, iv.ID, KindIntervention, KindRAR) {
		pc.breaks(p, "service_user", "attendance.requirement", FileRequirements, "no session of %s is due for the person this week", iv.ID)
	}
	su := &r.ServiceUsers[p.User]
	if iv.Gender != GenderAny && iv.Gender != "" && iv.Gender != su.Gender {
		pc.breaks(p, "service_user", "attendance.gender", ivrow, "%s is for %s only", iv.ID, iv.Gender)
	} else if !r.Eligible(p.User, p.Iv) {
		pc.breaks(p, "service_user", "attendance.age", ivrow, "%s is for ages %d–%d", iv.ID, iv.MinAge, iv.MaxAge)
	}
	pc.userPlace(p, "attendance")
}

func (pc *pinCheck) party(p *Pin) {
	if p.Proj < 0 {
		return
	}
	r, pj := pc.r, &pc.r.Projects[p.Proj]
	prow := pc.row(FileProjects, p.Proj)
	if !pj.Days.Has(p.Day) {
		pc.breaks(p, "date", "party.day", prow, "%s runs %s", pj.ID, pj.Days)
	} else if !r.OpenOn(p.SiteIx, p.Day) {
		pc.breaks(p, "date", "party.day", pc.row(FileSites, p.SiteIx), "%s meets at %s, open %s", pj.ID, pj.Site, r.Sites[p.SiteIx].OpenDays)
	}
	if p.Supervisor != "" && p.Prac >= 0 {
		pr := &r.Practitioners[p.Prac]
		if !pr.Skills.Has("unpaid_work") {
			pc.breaks(p, "supervisor", "party.skill", pc.row(FilePractitioners, p.Prac), "%s has no skill unpaid_work", pr.ID)
		}
		pc.staffDay(p, "supervisor")
		pc.pattern(p, p.Prac)
	}
	if p.User < 0 {
		return
	}
	if !pc.hasRequirement(p.User, "", KindUnpaidWork) {
		pc.breaks(p, "service_user", "party.requirement", FileRequirements, "no unpaid work is due for the person this week")
	}
	if pj.WomenOnly && r.ServiceUsers[p.User].Gender != GenderFemale {
		pc.breaks(p, "service_user", "party.women-only", prow, "%s is for women only", pj.ID)
	}
	q := *p
	q.Kind = PinParty
	pc.userPlaceParty(&q)
}

// userPlaceParty checks the worker's reach of the project's site and their day.
func (pc *pinCheck) userPlaceParty(p *Pin) {
	r := pc.r
	if km := r.UserSiteKm(p.User, p.SiteIx); km > r.Settings.MaxTravelKm+1e-9 {
		pc.breaks(p, "project", "party.travel", "settings.csv", "%s is %.1f km from home, beyond max_travel_km %g", p.Site, km, r.Settings.MaxTravelKm)
	}
	if r.ServiceUsers[p.User].StepFree && !r.Sites[p.SiteIx].StepFree {
		pc.breaks(p, "project", "party.step-free", pc.row(FileServiceUsers, p.User), "the person needs step-free access and %s has none", p.Site)
	}
	pc.userFree(p, "party", pc.row(FileServiceUsers, p.User))
}

// occasion is what a pin books, for the rules between pins: a session (its
// intervention, site, date and slot), a work party (project and date) or an
// appointment slot (site, date, slot).
func occasion(p *Pin) string {
	switch p.Kind {
	case PinGroup:
		return strings.Join([]string{"g", p.Intervention, p.Site, p.Date.String(), fmt.Sprint(p.SlotIx)}, "|")
	case PinParty:
		return strings.Join([]string{"w", p.Project, p.Date.String()}, "|")
	case PinAppointment:
		return strings.Join([]string{"a", p.Site, p.Date.String(), fmt.Sprint(p.SlotIx)}, "|")
	}
	return ""
}
