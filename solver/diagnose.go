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
	partOf := make(map[int]*partSolution)
	for i := range sols {
		for _, u := range sols[i].b.users {
			partOf[u] = &sols[i]
		}
	}
	d := &diagnosis{r: r, pl: pl, optimal: res.Status == mip.Optimal}
	d.index()
	for q, req := range r.Requirements {
		due := Due(r, q)
		if got[q] >= due-1e-9 {
			continue
		}
		u, _ := r.ServiceUserIndex(req.ServiceUser)
		unit := "sessions"
		switch req.Kind {
		case model.KindAppointment:
			unit = "appointments"
		case model.KindUnpaidWork:
			unit = "hours"
		}
		reason := "not planned: the solve stopped before reaching this part of the region"
		if ps := partOf[u]; ps != nil {
			switch req.Kind {
			case model.KindAppointment:
				reason = d.appointment(ps, u, q)
			case model.KindUnpaidWork:
				reason = d.unpaidWork(ps, u, q, got[q])
			default:
				reason = d.intervention(ps, u, q)
			}
		}
		pl.Unmet = append(pl.Unmet, plan.Unmet{
			ServiceUser: req.ServiceUser, Kind: string(req.Kind), Intervention: req.Intervention,
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
	// What the plan uses: a service user's slots, a case manager's slots,
	// session seats.
	userBusy map[[3]string]bool // user, date, slot
	cmCount  map[[3]string]int  // case manager, date, slot → appointments
	staffAt  map[[2]string]string
	staffAct map[[3]string]string
	roomUse  map[[3]string]int // site, date, slot → appointments
	// A user's days with a group session, and who they must not meet.
	sessionDay map[[2]string]bool
	apart      map[int][]string
}

func (d *diagnosis) index() {
	d.userBusy = make(map[[3]string]bool)
	d.cmCount = make(map[[3]string]int)
	d.staffAt = make(map[[2]string]string)
	d.staffAct = make(map[[3]string]string)
	d.roomUse = make(map[[3]string]int)
	d.sessionDay = make(map[[2]string]bool)
	d.apart = make(map[int][]string)
	for _, na := range d.r.NonAssociations {
		if u, ok := d.r.ServiceUserIndex(na.A); ok {
			d.apart[u] = append(d.apart[u], na.B)
		}
		if v, ok := d.r.ServiceUserIndex(na.B); ok {
			d.apart[v] = append(d.apart[v], na.A)
		}
	}
	for _, a := range d.pl.Appointments {
		d.userBusy[[3]string{a.ServiceUser, a.Date, a.Slot}] = true
		d.cmCount[[3]string{a.CaseManager, a.Date, a.Slot}]++
		d.roomUse[[3]string{a.Site, a.Date, a.Slot}]++
	}
	for _, a := range d.pl.Attendance {
		if a.Slot == plan.SlotDay {
			for i := range d.r.Settings.Slots {
				if d.r.Settings.Slots[i].Start < 17*60 {
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

func (d *diagnosis) appointment(ps *partSolution, u, q int) string {
	b, r := ps.b, d.r
	cm, ok := b.caseManager(u)
	if !ok {
		return "no case manager allocated"
	}
	openDay := false
	for day := range b.days {
		for k := range r.Sites {
			if r.Sites[k].InterviewRooms > 0 && b.open(k, day) && b.reachable(u, k) && d.anySlot(b, u, day) {
				openDay = true
			}
		}
	}
	if !openDay {
		return "no site open on their available days within " + d.km()
	}
	var opts []apptOpt
	for _, o := range b.appts {
		if o.req == q {
			opts = append(opts, o)
		}
	}
	if len(opts) == 0 {
		works := false
		for day := range b.days {
			if b.works(cm, day) && d.anySlot(b, u, day) {
				works = true
			}
		}
		if !works {
			return "case manager not working on their available days"
		}
		return "case manager is at sites out of reach on their available days"
	}
	var elsewhere, full, rooms, booked int
	cmID := r.Practitioners[cm].ID
	for _, o := range opts {
		date := b.days[o.day].Date.String()
		slot := b.slots[o.slot].Name
		switch {
		case d.userBusy[[3]string{r.ServiceUsers[u].ID, date, slot}]:
			booked++
		case d.staffAt[[2]string{cmID, date}] != r.Sites[o.site].ID:
			elsewhere++
		case d.staffAct[[3]string{cmID, date, slot}] != plan.ActivityAppointments && d.staffAct[[3]string{cmID, date, slot}] != plan.ActivityOffice,
			d.cmCount[[3]string{cmID, date, slot}] >= b.capSlot[o.slot]:
			full++
		case d.roomUse[[3]string{r.Sites[o.site].ID, date, slot}] >= r.Sites[o.site].InterviewRooms*b.capSlot[o.slot]:
			rooms++
		default:
			return d.fallback()
		}
	}
	switch {
	case full >= elsewhere && full >= rooms && full >= booked:
		return "case manager's diary full when they can be seen: capacity used by higher-priority cases"
	case elsewhere >= rooms && elsewhere >= booked:
		return "case manager at another site on the days they can be seen"
	case rooms >= booked:
		return "interview rooms full when they can be seen"
	}
	return "booked for other activities in every slot they can be seen"
}

func (d *diagnosis) anySlot(b *builder, u, day int) bool {
	for s := range b.slots {
		if b.available(u, day, s) {
			return true
		}
	}
	return false
}

func (d *diagnosis) intervention(ps *partSolution, u, q int) string {
	b, r := ps.b, d.r
	i, ok := r.InterventionIndex(r.Requirements[q].Intervention)
	if !ok {
		return "intervention not in the catalogue"
	}
	iv := &r.Interventions[i]
	su := &r.ServiceUsers[u]
	if !r.Eligible(u, i) {
		if iv.Gender != model.GenderAny && iv.Gender != "" && iv.Gender != su.Gender {
			return fmt.Sprintf("not eligible: %s is for %s only", iv.ID, genderWord(iv.Gender))
		}
		return fmt.Sprintf("not eligible: %s is for ages %d–%d", iv.ID, iv.MinAge, iv.MaxAge)
	}
	var hosts []int
	for k := range r.Sites {
		st := &r.Sites[k]
		if st.GroupRooms > 0 && (len(iv.Sites) == 0 || iv.Sites.Has(st.ID)) && (!st.WomenOnly || iv.Gender == model.GenderFemale) && b.reachable(u, k) {
			hosts = append(hosts, k)
		}
	}
	if len(hosts) == 0 {
		return fmt.Sprintf("no site that may run %s within %s%s", iv.ID, d.km(), accessNote(su))
	}
	openAvail := false
	for _, k := range hosts {
		for day := range b.days {
			for s := range b.slots {
				if b.open(k, day) && b.available(u, day, s) {
					openAvail = true
				}
			}
		}
	}
	if !openAvail {
		return fmt.Sprintf("no site running %s open on their available days within %s", iv.ID, d.km())
	}
	var own []int // session options they could join
	for _, o := range b.atts {
		if o.req == q {
			own = append(own, o.sess)
		}
	}
	if len(own) == 0 {
		// No session option was worth making: find which test failed.
		fits := false
		for _, k := range hosts {
			for day := range b.days {
				for s := range b.slots {
					if b.open(k, day) && b.available(u, day, s) && float64(b.slots[s].Minutes()) >= iv.SessionHours*60-1e-9 {
						fits = true
					}
				}
			}
		}
		if !fits {
			return fmt.Sprintf("a session of %s (%g h) is longer than every slot they are free in", iv.ID, iv.SessionHours)
		}
		for _, k := range hosts {
			for day := range b.days {
				facs := 0
				for _, p := range b.pracs {
					if r.Practitioners[p].Skills.Has(iv.Skill) && b.canBeAt(p, day, k) {
						facs++
					}
				}
				if b.open(k, day) && facs >= iv.Facilitators {
					return fmt.Sprintf("group would fall below its minimum of %d", iv.MinGroup)
				}
			}
		}
		return "no facilitator with the skill free"
	}
	// Why each option they had went unused; the commonest blocker is the
	// reason. An option that was open to them means the search stopped
	// short, or a rule across options (one a day, due) held them back.
	uid := su.ID
	var notRun, full, busy, dayTaken, apart int
	for _, si := range own {
		so := b.sess[si]
		date := b.days[so.key.day].Date.String()
		n := int(ps.val(so.col) + 0.5)
		var members []string
		for _, o := range b.atts {
			if o.sess == si && ps.on(o.col) {
				members = append(members, r.ServiceUsers[o.user].ID)
			}
		}
		switch {
		case slices.Contains(members, uid):
			continue // the session they attend
		case n == 0:
			notRun++
		case len(members) >= n*min(iv.MaxGroup, r.Sites[so.key.site].SeatsPerRoom):
			full++
		case d.userBusy[[3]string{uid, date, b.slots[so.key.slot].Name}]:
			busy++
		case r.Settings.OneSessionPerDay && d.sessionDay[[2]string{uid, date}]:
			dayTaken++
		case d.meetsApart(u, members):
			apart++
		default:
			return d.fallback()
		}
	}
	return commonest(
		blocker{notRun, fmt.Sprintf("no group ran when they could attend: it would fall below its minimum of %d or no facilitator with the skill was free", iv.MinGroup)},
		blocker{full, "groups they could join were full: places used by higher-priority cases"},
		blocker{busy, "booked for something else at every session they could join"},
		blocker{dayTaken, "one session a day: another session took each day they could attend"},
		blocker{apart, "every group they could join holds someone they must not meet"},
	)
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
func (d *diagnosis) meetsApart(u int, ids []string) bool {
	for _, v := range d.apart[u] {
		if slices.Contains(ids, v) {
			return true
		}
	}
	return false
}

func (d *diagnosis) unpaidWork(ps *partSolution, u, q int, got float64) string {
	b, r := ps.b, d.r
	su := &r.ServiceUsers[u]
	reach, womenOnly := false, false
	for j := range r.Projects {
		k := b.projectSite(j)
		switch {
		case k < 0:
		case (r.Projects[j].WomenOnly || r.Sites[k].WomenOnly) && su.Gender != model.GenderFemale:
			// A women-only site's parties are for women, as a women-only project's.
			womenOnly = womenOnly || b.km(u, k) <= r.Settings.MaxTravelKm+1e-9
		case b.reachable(u, k):
			reach = true
		}
	}
	switch {
	case !reach && womenOnly:
		return "not eligible: the unpaid-work projects within " + d.km() + " are for women only"
	case !reach:
		return "no unpaid-work project within " + d.km()
	}
	var opts []uwOpt
	for _, o := range b.uws {
		if o.req == q {
			opts = append(opts, o)
		}
	}
	if len(opts) == 0 {
		free := false
		for j := range r.Projects {
			for day := range b.days {
				if r.Projects[j].Days.Has(b.days[day].Weekday) && b.canWork(u, j, day) {
					free = true
				}
			}
		}
		if !free {
			return "not free for a full day when a work party they can reach runs"
		}
		return "no supervisor free, or too few people for a party of two"
	}
	left := Due(r, q) - got
	minHours := 0.0
	for _, o := range opts {
		h := projectHours(&r.Projects[b.parties[o.party].proj])
		if minHours == 0 || h < minHours {
			minHours = h
		}
	}
	if left < minHours-1e-9 {
		return fmt.Sprintf("the hours left are less than a work-party day (%g h)", minHours)
	}
	var notRun, full, busy, apart, lone int
	for _, o := range opts {
		po := b.parties[o.party]
		var members []string
		women := 0
		for _, v := range b.uws {
			if v.party == o.party && ps.on(v.col) {
				members = append(members, r.ServiceUsers[v.user].ID)
				if r.ServiceUsers[v.user].Gender == model.GenderFemale {
					women++
				}
			}
		}
		switch {
		case slices.Contains(members, su.ID):
			continue // the party they are in
		case !ps.on(po.col):
			notRun++
		case len(members) >= r.Projects[po.proj].Places:
			full++
		case d.busyDay(su.ID, b.days[po.day].Date.String()):
			busy++
		case d.meetsApart(u, members):
			apart++
		case r.Settings.NoLoneWoman && su.Gender == model.GenderFemale && women == 0:
			lone++
		default:
			return d.fallback()
		}
	}
	return commonest(
		blocker{notRun, "no work party ran that they could join: no supervisor free or too few people for a party of two"},
		blocker{full, "work parties they could join were full: places used by higher-priority cases"},
		blocker{busy, "booked for something else on each day a party they could join ran"},
		blocker{apart, "every work party they could join holds someone they must not meet"},
		blocker{lone, "she would be the only woman in a mixed party (no lone woman)"},
	)
}

// busyDay reports whether user id has something booked in a daytime slot of date.
func (d *diagnosis) busyDay(id, date string) bool {
	for _, s := range d.r.Settings.Slots {
		if s.Start < 17*60 && d.userBusy[[3]string{id, date, s.Name}] {
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
