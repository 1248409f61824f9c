package solver

import (
	"cmp"
	"math"
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/mip"
)

// planned is what the plan delivers toward each requirement. Attendance of
// an intervention counts toward the person's requirements for it with the
// highest Factor first (an intervention and a RAR row may name the same
// one); appointments and work-party hours toward the person's single
// requirement of that kind.
func planned(r *model.Region, pl *plan.Plan) []float64 {
	got := make([]float64, len(r.Requirements))
	type key struct {
		user string
		kind model.RequirementKind
		iv   string
	}
	reqs := make(map[key][]int)
	for q, req := range r.Requirements {
		k := key{req.ServiceUser, req.Kind, req.Intervention}
		switch req.Kind {
		case model.KindRAR:
			k.kind = model.KindIntervention
		case model.KindUnpaidWork, model.KindAppointment:
			k.iv = ""
		}
		reqs[k] = append(reqs[k], q)
	}
	for _, qs := range reqs {
		slices.SortStableFunc(qs, func(a, b int) int { return cmp.Compare(Factor(r, b), Factor(r, a)) })
	}
	credit := func(k key, amount float64) {
		for _, q := range reqs[k] {
			take := math.Min(amount, Due(r, q)-got[q])
			if take > 0 {
				got[q] += take
				amount -= take
			}
		}
	}
	for _, a := range pl.Appointments {
		credit(key{a.ServiceUser, model.KindAppointment, ""}, 1)
	}
	for _, a := range pl.Attendance {
		if a.Kind == plan.KindWorkParty {
			credit(key{a.ServiceUser, model.KindUnpaidWork, ""}, a.Hours)
		} else {
			credit(key{a.ServiceUser, model.KindIntervention, a.Intervention}, 1)
		}
	}
	return got
}

// planTerms prices a plan term by term (docs/output-format.md).
func planTerms(r *model.Region, pl *plan.Plan, got []float64) plan.Terms {
	w := r.Settings.Weights
	var t plan.Terms
	for q, req := range r.Requirements {
		unmet := Due(r, q) - got[q]
		if unmet <= 0 {
			continue
		}
		f := Factor(r, q)
		switch req.Kind {
		case model.KindAppointment:
			t.UnmetAppointments += w.UnmetAppointment * f * unmet
		case model.KindUnpaidWork:
			t.UnmetHours += w.UnmetHour * f * unmet
		default:
			t.UnmetSessions += w.UnmetSession * f * unmet
		}
	}
	worst := make(map[string]float64)
	journey := func(user, site string) {
		u, _ := r.ServiceUserIndex(user)
		k, _ := r.SiteIndex(site)
		km := r.UserSiteKm(u, k)
		t.Travel += w.TravelKm * km
		a := areaOf(r, u)
		worst[a] = math.Max(worst[a], km)
	}
	for _, a := range pl.Appointments {
		journey(a.ServiceUser, a.Site)
	}
	for _, a := range pl.Attendance {
		journey(a.ServiceUser, a.Site)
	}
	areas := make([]string, 0, len(worst))
	for a := range worst {
		areas = append(areas, a)
	}
	slices.Sort(areas) // a fixed order of addition keeps the sum's bits the same
	for _, a := range areas {
		t.WorstTravel += w.WorstTravelKm * worst[a]
	}
	t.SessionsRun = w.SessionRun * float64(len(pl.Sessions))
	t.StaffTravel = staffTravel(r, pl)
	t.GroupContinuity = groupContinuity(r, pl) // constraint_groups.go
	if pen := r.Settings.PatternChangePenalty; pen > 0 {
		for _, s := range staffDays(pl) {
			p, _ := r.PractitionerIndex(s.Practitioner)
			d, _ := model.ParseDate(s.Date)
			if id, ok := usualFor(r, p, model.WeekdayOf(d.Time)); ok && id != s.Site {
				t.PatternChanges += pen
			}
		}
	}
	return t
}

// summarise fills summary.json.
func summarise(r *model.Region, res *Result, opt Options) plan.Summary {
	pl := res.Plan
	t := res.Terms
	for _, v := range []*float64{&t.UnmetAppointments, &t.UnmetSessions, &t.UnmetHours, &t.Travel,
		&t.WorstTravel, &t.SessionsRun, &t.PatternChanges, &t.Continuity} {
		*v = round6(*v)
	}
	t.StaffTravel = round6(t.StaffTravel)
	t.GroupContinuity = round6(t.GroupContinuity)
	s := plan.Summary{
		Status:    statusWord(res),
		Objective: round6(res.Objective),
		Bound:     round6(res.Bound),
		Gap:       round6(res.Gap),
		GapAbs:    round6(res.Objective - res.Bound),
		Terms:     t,
		Seconds:   math.Round(res.Elapsed.Seconds()*100) / 100,
		Seed:      opt.Seed,
	}
	got := planned(r, pl)
	for q, req := range r.Requirements {
		switch req.Kind {
		case model.KindAppointment:
			s.Coverage.AppointmentsDue += int(Due(r, q))
			s.Coverage.AppointmentsPlanned += int(got[q])
		case model.KindUnpaidWork:
			s.Coverage.HoursDue += Due(r, q)
			s.Coverage.HoursPlanned += got[q]
		default:
			s.Coverage.SessionsDue += int(Due(r, q))
			s.Coverage.SessionsPlanned += int(got[q])
		}
	}
	// Mean and longest journey from the coordinates, rounded once.
	var sum, longest float64
	n := 0
	journey := func(user, site string) {
		u, _ := r.ServiceUserIndex(user)
		k, _ := r.SiteIndex(site)
		km := r.UserSiteKm(u, k)
		sum += km
		longest = math.Max(longest, km)
		n++
	}
	for _, a := range pl.Appointments {
		journey(a.ServiceUser, a.Site)
	}
	for _, a := range pl.Attendance {
		journey(a.ServiceUser, a.Site)
	}
	if n > 0 {
		s.TravelKmMean = round1(sum / float64(n))
	}
	s.TravelKmMax = round1(longest)
	for _, ss := range pl.Sessions {
		if ss.Kind == plan.KindWorkParty {
			s.WorkParties++
		} else {
			s.SessionsRun++
		}
	}
	staffFigures(r, pl, &s)
	groupFigures(pl, &s) // constraint_groups.go
	return s
}

// round6 keeps six decimals: summary.json then reads the same whatever the
// order in which a sum was added up.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func statusWord(res *Result) string {
	switch {
	case res.Stop == mip.StopCancelled:
		return "cancelled"
	case res.Status == mip.Optimal:
		return "optimal"
	case res.Stop == mip.StopTimeLimit:
		return "stopped"
	}
	return "feasible"
}
