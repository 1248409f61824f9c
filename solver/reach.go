package solver

import (
	"github.com/probation/rota/model"
)

// Domain facts the solver uses in several places: the builder, Parts, the
// greedy start and the diagnosis all ask these, so each is stated once,
// with one tolerance. (The independent checker, model/check, keeps its own
// copy on purpose. These are functions of the region alone and could move
// to package model.)

// tol is the tolerance of every comparison of distances and hours here:
// a distance at the travel limit is within it, a day's hours that fill a
// practitioner's day fit it.
const tol = 1e-9

// withinTravel reports whether site k is within the travel limit
// (settings max_travel_km) of service user u's home.
func withinTravel(r *model.Region, u, k int) bool {
	return r.UserSiteKm(u, k) <= r.Settings.MaxTravelKm+tol
}

// womenOnlyAdmits reports whether a women-only place (a site or a
// project), when womenOnly is set, admits service user u.
func womenOnlyAdmits(r *model.Region, u int, womenOnly bool) bool {
	return !womenOnly || r.ServiceUsers[u].Gender == model.GenderFemale
}

// hostsSessions reports whether site st may host sessions of iv: a
// women-only site hosts only interventions for women.
func hostsSessions(st *model.Site, iv *model.Intervention) bool {
	return !st.WomenOnly || iv.Gender == model.GenderFemale
}

// stepFreeAdmits reports whether site k meets u's access needs.
func stepFreeAdmits(r *model.Region, u, k int) bool {
	return !r.ServiceUsers[u].StepFree || r.Sites[k].StepFree
}

// servesUser reports whether site k serves u's area (sites.csv area).
func servesUser(r *model.Region, u, k int) bool {
	return r.SiteServes(k, areaOf(r, u))
}

// reaches reports whether service user u can use site k: it serves their
// area, admits them (women-only), meets their access needs (step-free)
// and is within the travel limit of their home.
func reaches(r *model.Region, u, k int) bool {
	return servesUser(r, u, k) && womenOnlyAdmits(r, u, r.Sites[k].WomenOnly) &&
		stepFreeAdmits(r, u, k) && withinTravel(r, u, k)
}

// areaOf is the area of service user u's team (the team id when no area is given).
func areaOf(r *model.Region, u int) string { return r.AreaOfTeam(r.ServiceUsers[u].Team) }

// workDays are the weekdays practitioner p works (every weekday when the
// days column is empty).
func workDays(p *model.Practitioner) model.Weekdays {
	if p.Days == 0 {
		return model.Weekdays(0b11111)
	}
	return p.Days
}

// worksOn reports whether practitioner p works on day d (one of their
// days, not a bank holiday, not absent all day: absences.csv).
func worksOn(r *model.Region, p int, d model.Day) bool {
	return !d.Holiday && workDays(&r.Practitioners[p]).Has(d.Weekday) && !r.AbsentAllDay(p, d.Weekday)
}

// pracFree reports whether practitioner p, working on day d, is free in
// slot s: not absent then (absences.csv with slots). Every option that
// takes a practitioner's slot asks it: appointments, facilitation, and
// supervision (every daytime slot).
func pracFree(r *model.Region, p int, d model.Day, s int) bool {
	return !r.Absent(p, d.Weekday, s)
}

// pracFreeDay reports whether p is free in every daytime slot of d (a
// work party takes the day).
func pracFreeDay(r *model.Region, p int, d model.Day) bool {
	for s, sl := range r.Settings.Slots {
		if isDaytime(sl) && !pracFree(r, p, d, s) {
			return false
		}
	}
	return true
}

// userFree reports whether service user u can come in slot s of day d:
// in their weekly availability and not unavailable that date
// (unavailability.csv).
func userFree(r *model.Region, u int, d model.Day, s int) bool {
	return r.ServiceUsers[u].Available.Has(d.Weekday, s) && !r.Unavailable(u, d.Weekday, s)
}

// staffs reports whether practitioner p may work at site k (a site with
// women_staff takes women only).
func staffs(r *model.Region, p, k int) bool {
	return r.Sites[k].MayStaff(&r.Practitioners[p])
}

// hoursPerDay is a practitioner's working hours on a day they work:
// contracted hours ÷ the days they work.
func hoursPerDay(p *model.Practitioner) float64 {
	return p.ContractedHours / float64(workDays(p).Len())
}

// fitsHours reports whether used hours fit a day of h hours.
func fitsHours(used, h float64) bool { return used <= h+tol }

// isDaytime reports whether slot s starts before 17:00 (a work party fills
// every daytime slot).
func isDaytime(s model.Slot) bool { return s.Start < 17*60 }
