package solver

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// extract turns the parts' solutions into the rota files' rows.
func extract(r *model.Region, sols []partSolution) *plan.Plan {
	pl := &plan.Plan{}
	type slotKey struct{ p, d, s int }
	busy := make(map[slotKey]string)     // practitioner slot → activity
	detail := make(map[slotKey][]string) // its detail
	site := make(map[pdKey]int)
	days := r.Days()

	for _, ps := range sols {
		b := ps.b
		for key, sd := range b.loc {
			site[key] = sd.sites[0]
			for i, c := range sd.cols {
				if c >= 0 && ps.on(c) {
					site[key] = sd.sites[i]
				}
			}
		}
		for _, o := range b.appts {
			if !ps.on(o.col) {
				continue
			}
			su := &r.ServiceUsers[o.user]
			pl.Appointments = append(pl.Appointments, plan.Appointment{
				ServiceUser: su.ID, CaseManager: su.CaseManager, Site: r.Sites[o.site].ID,
				Date: days[o.day].Date.String(), Weekday: days[o.day].Weekday.String(),
				Slot: b.slots[o.slot].Name, TravelKm: round1(o.km),
			})
			k := slotKey{o.cm, o.day, o.slot}
			busy[k] = plan.ActivityAppointments
			detail[k] = append(detail[k], su.ID)
		}

		// Sessions: split each option's attendees and facilitators into the
		// number of sessions run.
		att := make([][]attOpt, len(b.sess))
		for _, o := range b.atts {
			if ps.on(o.col) {
				att[o.sess] = append(att[o.sess], o)
			}
		}
		fac := make([][]int, len(b.sess))
		for _, o := range b.facs {
			if ps.on(o.col) {
				fac[o.sess] = append(fac[o.sess], o.prac)
			}
		}
		for si, so := range b.sess {
			n := int(math.Round(ps.val(so.col)))
			if n == 0 {
				continue
			}
			iv := &r.Interventions[so.key.iv]
			d := days[so.key.day]
			slices.SortFunc(att[si], func(a, c attOpt) int { return cmp.Compare(a.user, c.user) })
			for g := range n {
				id := fmt.Sprintf("%s-%s-%s-%s-%d", iv.ID, r.Sites[so.key.site].ID, d.Date, b.slots[so.key.slot].Name, g+1)
				var users []string
				for i := g; i < len(att[si]); i += n {
					o := att[si][i]
					users = append(users, r.ServiceUsers[o.user].ID)
					pl.Attendance = append(pl.Attendance, plan.Attendance{
						ServiceUser: r.ServiceUsers[o.user].ID, Session: id, Kind: plan.KindSession,
						Intervention: iv.ID, Site: r.Sites[so.key.site].ID, Date: d.Date.String(),
						Weekday: d.Weekday.String(), Slot: b.slots[so.key.slot].Name,
						Hours: iv.SessionHours, TravelKm: round1(o.km),
					})
				}
				var staff []string
				for _, p := range fac[si][g*iv.Facilitators : (g+1)*iv.Facilitators] {
					staff = append(staff, r.Practitioners[p].ID)
					k := slotKey{p, so.key.day, so.key.slot}
					busy[k] = plan.ActivityFacilitating
					detail[k] = []string{id}
				}
				pl.Sessions = append(pl.Sessions, plan.Session{
					ID: id, Kind: plan.KindSession, Intervention: iv.ID, Site: r.Sites[so.key.site].ID,
					Date: d.Date.String(), Weekday: d.Weekday.String(), Slot: b.slots[so.key.slot].Name,
					Hours: iv.SessionHours, Staff: strings.Join(staff, " "), Attendees: strings.Join(users, " "),
					Size: len(users),
				})
			}
		}

		// Work parties.
		uwIv := unpaidWorkIntervention(r)
		for pi, po := range b.parties {
			if !ps.on(po.col) {
				continue
			}
			pj := &r.Projects[po.proj]
			d := days[po.day]
			id := fmt.Sprintf("%s-%s-1", pj.ID, d.Date)
			k := b.projectSite(po.proj)
			var users, staff []string
			var workers []uwOpt
			for _, o := range b.uws {
				if o.party == pi && ps.on(o.col) {
					workers = append(workers, o)
				}
			}
			slices.SortFunc(workers, func(a, c uwOpt) int { return cmp.Compare(a.user, c.user) })
			for _, o := range workers {
				users = append(users, r.ServiceUsers[o.user].ID)
				pl.Attendance = append(pl.Attendance, plan.Attendance{
					ServiceUser: r.ServiceUsers[o.user].ID, Session: id, Kind: plan.KindWorkParty,
					Intervention: uwIv, Site: r.Sites[k].ID, Date: d.Date.String(), Weekday: d.Weekday.String(),
					Slot: plan.SlotDay, Hours: pj.Hours, TravelKm: round1(o.km),
				})
			}
			for _, o := range b.sups {
				if o.party == pi && ps.on(o.col) {
					staff = append(staff, r.Practitioners[o.prac].ID)
					for s := range b.slots {
						if b.daytime(s) {
							key := slotKey{o.prac, po.day, s}
							busy[key] = plan.ActivitySupervising
							detail[key] = []string{id}
						}
					}
				}
			}
			pl.Sessions = append(pl.Sessions, plan.Session{
				ID: id, Kind: plan.KindWorkParty, Intervention: uwIv, Project: pj.ID, Site: r.Sites[k].ID,
				Date: d.Date.String(), Weekday: d.Weekday.String(), Slot: plan.SlotDay, Hours: pj.Hours,
				Staff: strings.Join(staff, " "), Attendees: strings.Join(users, " "), Size: len(users),
			})
		}
	}

	// The staff rota: every practitioner, working day and slot, in input
	// order. Practitioners of parts not planned (a cancelled solve) are at
	// their usual site or base.
	for p := range r.Practitioners {
		pr := &r.Practitioners[p]
		for d := range days {
			if days[d].Holiday || !workDays(pr).Has(days[d].Weekday) {
				continue
			}
			k, ok := site[pdKey{p, d}]
			if !ok {
				k = restingSite(r, p, d)
			}
			for s, sl := range r.Settings.Slots {
				key := slotKey{p, d, s}
				act := busy[key]
				if act == "" {
					act = plan.ActivityOffice
				}
				pl.Staff = append(pl.Staff, plan.StaffRow{
					Practitioner: pr.ID, Name: pr.Name, Date: days[d].Date.String(), Weekday: days[d].Weekday.String(),
					Site: r.Sites[k].ID, Slot: sl.Name, Activity: act, Detail: strings.Join(detail[key], " "),
				})
			}
		}
	}
	sortPlan(r, pl)
	return pl
}

// restingSite is where a practitioner with nothing planned is: their usual
// site for the day, else their base.
func restingSite(r *model.Region, p, d int) int {
	pr := &r.Practitioners[p]
	if id, ok := pr.Pattern.Site(r.Days()[d].Weekday); ok {
		if k, ok := r.SiteIndex(id); ok {
			return k
		}
	}
	k, _ := r.SiteIndex(pr.BaseSite)
	return k
}

func unpaidWorkIntervention(r *model.Region) string {
	for _, iv := range r.Interventions {
		if iv.Kind == model.UnpaidWork {
			return iv.ID
		}
	}
	return ""
}

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
