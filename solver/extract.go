package solver

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// extraction is the rota under construction from the parts' solutions:
// the files' rows, and what each practitioner does in each slot.
type extraction struct {
	r      *model.Region
	pl     *plan.Plan
	days   []model.Day
	site   map[pdKey]siteIx    // where each practitioner is each day
	busy   map[pdsKey]string   // practitioner slot → activity
	detail map[pdsKey][]string // its detail
}

// extract turns the parts' solutions into the rota files' rows: each
// family writes its own, then the staff rota.
func extract(r *model.Region, sols []partSolution) *plan.Plan {
	ex := &extraction{
		r: r, pl: &plan.Plan{}, days: r.Days(),
		site: make(map[pdKey]siteIx), busy: make(map[pdsKey]string), detail: make(map[pdsKey][]string),
	}
	for i := range sols {
		for _, f := range sols[i].b.families() {
			f.extract(&sols[i], ex)
		}
	}
	unplannedGroups(r, ex.pl) // constraint_groups_reasons.go
	staffRota(r, ex)
	sortPlan(r, ex.pl)
	return ex.pl
}

func joinIDs(ids []string) string { return strings.Join(ids, " ") }

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// sortPlan puts every file's rows in the documented order.
func sortPlan(r *model.Region, pl *plan.Plan) {
	slotOrder := make(map[string]int)
	for i, s := range r.Settings.Slots {
		slotOrder[s.Name] = i
	}
	slotOrder[plan.SlotDay] = -1
	userOrder := func(id string) int { u, _ := r.ServiceUserIndex(id); return u }
	pracOrder := func(id string) int { p, _ := r.PractitionerIndex(id); return p }
	slices.SortFunc(pl.Appointments, func(a, b plan.Appointment) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(slotOrder[a.Slot], slotOrder[b.Slot]),
			cmp.Compare(a.Site, b.Site), cmp.Compare(pracOrder(a.CaseManager), pracOrder(b.CaseManager)),
			cmp.Compare(userOrder(a.ServiceUser), userOrder(b.ServiceUser)))
	})
	slices.SortFunc(pl.Sessions, func(a, b plan.Session) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(slotOrder[a.Slot], slotOrder[b.Slot]),
			cmp.Compare(a.Site, b.Site), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(pl.Attendance, func(a, b plan.Attendance) int {
		return cmp.Or(cmp.Compare(userOrder(a.ServiceUser), userOrder(b.ServiceUser)), cmp.Compare(a.Date, b.Date),
			cmp.Compare(slotOrder[a.Slot], slotOrder[b.Slot]), cmp.Compare(a.Session, b.Session))
	})
}
