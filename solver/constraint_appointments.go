package solver

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Supervision appointments.
//
// For each appointment requirement q of service user u with case manager m
// and n_q appointments due, an option a[u,d,s,k] ∈ {0,1} exists for every
// day d m works, slot s u is available, long enough for one appointment,
// and site k open on d with interview rooms, within the travel limit of u's
// home and meeting u's access needs, where m may be on d. With c_s =
// ⌊minutes(s) ÷ appointment_minutes⌋ appointments per slot:
//
//	Σ_{d,s,k} a[u,d,s,k] + e_q = n_q,  e_q ≥ 0     (due; e_q is unmet, priced)
//	Σ_{s,k} a[u,d,s,k] ≤ 1                         (one appointment a day)
//	a[u,d,s,k] ≤ z[m,d,k]                          (the case manager is there)
//	Σ_{u: cm(u)=m} a[u,d,s,k] ≤ c_s·z[m,d,k]       (the same, summed: a stronger LP bound)
//	Σ_{u: cm(u)=m, k} a[u,d,s,k] ≤ c_s·(1 − busy[m,d,s])   (case manager's slot)
//	Σ_{u} a[u,d,s,k] ≤ interview_rooms(k)·c_s      (a room holds one appointment at a time)
//
// Inductions. An appointment of a requirement marked induction takes
// K = ⌈induction_minutes ÷ appointment_minutes⌉ grid units of its case
// manager's slot and, at the site, a whole interview room for the slot:
// in the case manager's slot and room rows above its a counts K and c_s
// instead of 1, and its options exist only where K ≤ c_s; its hours are
// induction_minutes. Without inductions every count is 1 and the rows are
// as above. The room count is what lets the timetable stage
// (timetable.go) always succeed: a case manager with an induction in a
// slot gets a room of their own, and the rest share what is left.
//
// busy[m,d,s] is the sum of m's facilitating in s and supervising on d
// (daytime slots), so a slot holds appointments or one other activity. The
// practitioner's day also fits their hours (constraint_practitionertime.go).
// Travel is priced on each option: weight.travel_km · km(u,k).
//
// Checker rules: appointment.case-manager, appointment.site-open,
// appointment.site-area, appointment.available, appointment.travel,
// appointment.interview-rooms, appointment.case-manager-capacity,
// appointment.one-a-day, appointment.due.
type apptFamily struct {
	noShare
	opts  []apptOpt
	byReq map[int][]int // options by requirement, for the unmet reasons (made once)
}

// apptOpt: service user user meets their case manager cm at site on day, slot.
type apptOpt struct {
	col, req int
	user     userIx
	cm       pracIx
	day      dayIx
	slot     slotIx
	site     siteIx
	km       float64
	units    int // grid units of the case manager's slot: 1, or K for an induction
	induct   bool
}

// apptUnits is the grid units an appointment of requirement q takes: 1,
// or ⌈induction_minutes ÷ appointment_minutes⌉ for an induction.
func apptUnits(r *model.Region, q int) int {
	if !r.Requirements[q].Induction {
		return 1
	}
	t := max(1, r.Settings.AppointmentMinutes)
	return max(1, (r.Settings.InductionMinutes+t-1)/t)
}

// roomUnits is what option o counts against its site's rooms: 1, or the
// whole slot (c_s) for an induction.
func (o *apptOpt) roomUnits(b *builder) int {
	if o.induct {
		return b.capSlot[o.slot]
	}
	return 1
}

// hours is option o's length in hours.
func (o *apptOpt) hours(r *model.Region) float64 {
	if o.induct {
		return float64(r.Settings.InductionMinutes) / 60
	}
	return float64(r.Settings.AppointmentMinutes) / 60
}

func (*apptFamily) name() string { return "appointments" }

// columns makes a requirement's unmet column and its options.
func (f *apptFamily) columns(b *builder) {
	r := b.r
	for _, u := range b.users {
		for _, q := range b.reqsOf()[u] {
			req := &r.Requirements[q]
			if req.Kind != model.KindAppointment || Due(r, q) <= 0 {
				continue
			}
			b.addSlack(q)
			cm, ok := b.caseManager(u)
			if !ok || !b.inPrac[cm] {
				continue
			}
			for d := range b.days {
				if b.works(cm, dayIx(d)) {
					f.dayOptions(b, u, q, cm, dayIx(d))
				}
			}
		}
	}
}

// dayOptions makes requirement q's options on day d.
func (f *apptFamily) dayOptions(b *builder, u userIx, q int, cm pracIx, d dayIx) {
	r := b.r
	units := apptUnits(r, q)
	for s := range b.slots {
		s := slotIx(s)
		if b.capSlot[s] < units || !b.available(u, d, s) || !pracFree(r, int(cm), b.days[d], int(s)) {
			continue
		}
		for k := range r.Sites {
			k := siteIx(k)
			if r.Sites[k].InterviewRooms == 0 || !b.open(k, d) || !b.reachable(u, k) {
				continue
			}
			if _, ok := b.at(cm, d, k); !ok {
				continue
			}
			km := b.km(u, k)
			col := b.addBinary(colName("a_", r.ServiceUsers[u].ID, "_", b.days[d].Weekday, int(s), "_", r.Sites[k].ID),
				r.Settings.Weights.TravelKm*km)
			o := apptOpt{col: col, user: u, req: q, cm: cm, day: d, slot: s, site: k, km: km, units: units, induct: r.Requirements[q].Induction}
			f.opts = append(f.opts, o)
			b.staffTime.addAppt(cm, d, col)
			if o.induct {
				b.staffTime.hours[col] = o.hours(r)
			}
			b.userTime.inSlot(u, d, s, col)
			b.userTime.journey(u, d, -1, journeyAppt, col, km)
		}
	}
}

// rows adds the appointments' rows: the links to the case manager's site,
// the due rows, one a day, the case manager's slots and the rooms.
func (f *apptFamily) rows(b *builder) {
	r := b.r
	type qday struct {
		q int
		d dayIx
	}
	type kslot struct {
		k siteIx
		d dayIx
		s slotIx
	}
	var (
		due    = newRowSet[int]()
		perDay = newRowSet[qday]()
		cmSlot = newRowSet[pdsKey]()
		cmSite = newRowSet[cmSiteKey]()
		room   = newRowSet[kslot]()
	)
	for i := range f.opts {
		o := &f.opts[i]
		due.add(o.req, o.col, 1)
		perDay.add(qday{o.req, o.day}, o.col, 1)
		cmSlot.add(pdsKey{o.cm, o.day, o.slot}, o.col, float64(o.units))
		room.add(kslot{o.site, o.day, o.slot}, o.col, float64(o.roomUnits(b)))
		if z, _ := b.at(o.cm, o.day, o.site); z >= 0 {
			cmSite.add(cmSiteKey{pdsKey{o.cm, o.day, o.slot}, z}, o.col, float64(o.units))
		}
	}
	f.linkRows(b)
	b.dueRows(model.KindAppointment, due)
	for i, e := range perDay.rows {
		if len(e.idx) > 1 {
			k := perDay.keys[i]
			b.classRow(b.le(colName("aday_", k.q, "_", int(k.d)), e, 1), fmt.Sprint("aday|", b.reqClass(k.q), "|", int(k.d)))
		}
	}
	for i, e := range cmSlot.rows {
		k := cmSlot.keys[i]
		c := float64(b.capSlot[k.slot])
		for _, col := range b.staffTime.busyCols(b, k.prac, k.day, k.slot) {
			e.add(col, c)
		}
		b.le(colName("cmslot_", r.Practitioners[k.prac].ID, "_", int(k.day), "_", int(k.slot)), e, c)
	}
	for i, e := range cmSite.rows {
		k := cmSite.keys[i]
		if c := b.capSlot[k.slot]; len(e.idx) > 1 {
			e.add(k.z, -float64(c))
			b.le(colName("cmsite_", r.Practitioners[k.prac].ID, "_", int(k.day), "_", int(k.slot)), e, 0)
		}
	}
	for i, e := range room.rows {
		k := room.keys[i]
		limit := float64(r.Sites[k.k].InterviewRooms * b.capSlot[k.s])
		if weightOf(e) > limit {
			b.le(colName("rooms_", r.Sites[k.k].ID, "_", int(k.d), "_", int(k.s)), e, limit)
		}
	}
}

// weightOf is the sum of e's coefficients.
func weightOf(e lin) float64 {
	w := 0.0
	for _, v := range e.val {
		w += v
	}
	return w
}

// cmSiteKey is a case manager's slot at the site of z column z.
type cmSiteKey struct {
	pdsKey
	z int
}

// linkRows ties appointments to the case manager's site.
//
// Σ_s a[q,d,s,k] ≤ z[m,d,k]: a person is seen at most once a day, so
// only where the case manager is. It implies the per-slot link and is
// stronger in the LP: with z at 1/3 on each of three sites, a case
// the per-slot link lets be seen 1/3 in each of three slots now gets
// 1/3 in all.
//
// Σ_{q,s} a[q,d,s,k] ≤ min(n, ⌊H ÷ t⌋)·z[m,d,k] with n the cases that
// could be seen there: the day's capacity goes only where the case
// manager is.
func (f *apptFamily) linkRows(b *builder) {
	r := b.r
	type qdz struct {
		q int
		d dayIx
		z int
	}
	type mdz struct {
		m pracIx
		d dayIx
		z int
	}
	var (
		daySite = newRowSet[qdz]() // one person's slots at one site and day
		cmDay   = newRowSet[mdz]() // a case manager's day at one site
		cmDayN  = make(map[mdz]int)
	)
	for i := range f.opts {
		o := &f.opts[i]
		if z, _ := b.at(o.cm, o.day, o.site); z >= 0 {
			key := qdz{o.req, o.day, z}
			daySite.add(key, o.col, 1)
			k := mdz{o.cm, o.day, z}
			if len(daySite.rows[daySite.at[key]].idx) == 1 {
				cmDayN[k]++ // a case with an option here
			}
			cmDay.add(k, o.col, 1)
		}
	}
	for i, e := range daySite.rows {
		e.add(daySite.keys[i].z, -1)
		b.le("alink", e, 0)
	}
	apptHours := float64(r.Settings.AppointmentMinutes) / 60
	for i, e := range cmDay.rows {
		k := cmDay.keys[i]
		limit := min(float64(cmDayN[k]), math.Floor(hoursPerDay(&r.Practitioners[k.m])/apptHours+tol))
		if apptHours > 0 && len(e.idx) > 1 {
			e.add(k.z, -limit)
			b.le(colName("cmday_", r.Practitioners[k.m].ID, "_", int(k.d)), e, 0)
		}
	}
}

// relaxGroups merges a case manager's appointments in one slot at one site.
func (f *apptFamily) relaxGroups(b *builder, cg *classGroups) {
	for _, o := range f.opts {
		cg.assign(o.col, gkey{kind: 'a', class: cg.class(o.req), b: int(o.day), c: int(o.slot), d: int(o.site)})
	}
}

// greedy books, for the greedy start, each person's appointments at the
// case managers' sites already fixed, most valuable first and, among
// equals, those with fewest options first.
func (f *apptFamily) greedy(g *greedyState) {
	byReq := make(map[int][]int)
	var reqs []int
	for i, o := range f.opts {
		if byReq[o.req] == nil {
			reqs = append(reqs, o.req)
		}
		byReq[o.req] = append(byReq[o.req], i)
	}
	slices.SortStableFunc(reqs, func(a, c int) int {
		return cmp.Or(cmp.Compare(g.unitValue(c), g.unitValue(a)), cmp.Compare(len(byReq[a]), len(byReq[c])))
	})
	for _, q := range reqs {
		if g.halted() {
			return
		}
		opts := byReq[q]
		slices.SortStableFunc(opts, func(a, c int) int { return cmp.Compare(f.opts[a].km, f.opts[c].km) })
		for _, i := range opts {
			if g.left[q] < 1 {
				break
			}
			if o := f.opts[i]; f.fits(g, o) {
				f.book(g, o)
			}
		}
	}
}

// fits reports whether option o still fits the greedy plan.
func (f *apptFamily) fits(g *greedyState, o apptOpt) bool {
	b := g.b
	ps := pdsKey{o.cm, o.day, o.slot}
	switch {
	case g.site[pdKey{o.cm, o.day}] != o.site, g.pBusy[ps], g.pAppts[ps]+o.units > b.capSlot[o.slot],
		g.uBusy[udsKey{o.user, o.day, o.slot}], g.uApptDay[reqDay{o.req, o.day}],
		g.iRooms[sdsKey{o.site, o.day, o.slot}]+o.roomUnits(b) > b.r.Sites[o.site].InterviewRooms*b.capSlot[o.slot],
		g.hoursLeft(o.cm, o.day) < o.hours(b.r)-tol,
		g.waitingClash(o.user, o.site, o.day, o.slot, -1),
		!g.staffRulesAllow(o.cm, o.day, []slotIx{o.slot}, o.hours(b.r)),
		g.unitValue(o.req) <= g.cost(o.col):
		return false
	}
	return true
}

// book takes option o into the greedy plan.
func (f *apptFamily) book(g *greedyState, o apptOpt) {
	ps := pdsKey{o.cm, o.day, o.slot}
	g.x[o.col] = 1
	g.left[o.req]--
	g.pAppts[ps] += o.units
	g.pHours[pdKey{o.cm, o.day}] += o.hours(g.b.r)
	g.uBusy[udsKey{o.user, o.day, o.slot}] = true
	g.uApptDay[reqDay{o.req, o.day}] = true
	g.iRooms[sdsKey{o.site, o.day, o.slot}] += o.roomUnits(g.b)
	g.sit(o.user, o.site, o.day, o.slot, -1)
}

// cols lists the appointment columns (the people neighbourhoods).
func (f *apptFamily) cols() []int {
	var out []int
	for _, o := range f.opts {
		out = append(out, o.col)
	}
	return out
}

// teamHoods are the neighbourhoods of appointments team by team, with the
// case managers' sites.
func (f *apptFamily) teamHoods(b *builder, hs *hoodSet) {
	teams := make(map[string][]int)
	var order []string
	for _, o := range f.opts {
		t := b.r.Practitioners[o.cm].Team
		if teams[t] == nil {
			order = append(order, t)
		}
		teams[t] = append(teams[t], o.col)
	}
	for _, t := range order {
		free := hs.newFree()
		for _, c := range teams[t] {
			free[c] = true
		}
		for _, p := range b.pracs {
			if b.r.Practitioners[p].Team == t && b.r.Practitioners[p].Grade.HoldsCases() {
				for d := range b.days {
					b.freeSites(free, p, dayIx(d))
				}
			}
		}
		hs.add(hood{name: "appointments of team " + t, tight: true}, free)
	}
}

// freeOn frees the appointments on the days on holds.
func (f *apptFamily) freeOn(b *builder, free []bool, on map[dayIx]bool) (any bool) {
	for _, o := range f.opts {
		if on[o.day] {
			free[o.col], any = true, true
		}
	}
	return any
}

// extract writes appointments.csv rows and the case managers' slots.
func (f *apptFamily) extract(ps *partSolution, ex *extraction) {
	r, b := ex.r, ps.b
	for _, o := range f.opts {
		if !ps.on(o.col) {
			continue
		}
		su := &r.ServiceUsers[o.user]
		ex.pl.Appointments = append(ex.pl.Appointments, plan.Appointment{
			ServiceUser: su.ID, CaseManager: su.CaseManager, Site: r.Sites[o.site].ID,
			Date: ex.days[o.day].Date.String(), Weekday: ex.days[o.day].Weekday.String(),
			Slot: b.slots[o.slot].Name, TravelKm: round1(o.km),
		})
		k := pdsKey{o.cm, o.day, o.slot}
		ex.busy[k] = plan.ActivityAppointments
		ex.detail[k] = append(ex.detail[k], su.ID)
	}
}

// explain says why appointment requirement q is unmet.
func (f *apptFamily) explain(d *diagnosis, ps *partSolution, u userIx, q int, _ float64) (string, bool) {
	if servedAs(d.r.Requirements[q].Kind) != model.KindAppointment {
		return "", false
	}
	b, r := ps.b, d.r
	cm, ok := b.caseManager(u)
	if !ok {
		return "no case manager allocated", true
	}
	openDay := false
	for day := range b.days {
		for k := range r.Sites {
			if r.Sites[k].InterviewRooms > 0 && b.open(siteIx(k), dayIx(day)) && b.reachable(u, siteIx(k)) && d.anySlot(b, u, dayIx(day)) {
				openDay = true
			}
		}
	}
	if !openDay {
		return "no site open on their available days within " + d.km(), true
	}
	if f.byReq == nil {
		f.byReq = make(map[int][]int)
		for i, o := range f.opts {
			f.byReq[o.req] = append(f.byReq[o.req], i)
		}
	}
	var opts []apptOpt
	for _, i := range f.byReq[q] {
		opts = append(opts, f.opts[i])
	}
	if len(opts) == 0 {
		for day := range b.days {
			if b.works(cm, dayIx(day)) && d.anySlot(b, u, dayIx(day)) {
				return d.outOfReach(b, u, cm), true
			}
		}
		if absentWhenFree(b, d, u, cm) {
			return "case manager absent (absences.csv) on their available days", true
		}
		return "case manager not working on their available days", true
	}
	if why, ok := staffRulesBlocked(d, b, cm, opts); ok {
		return why, true
	}
	return f.blocked(d, b, u, cm, opts), true
}

// blocked names what took each of a person's appointment options.
func (f *apptFamily) blocked(d *diagnosis, b *builder, u userIx, cm pracIx, opts []apptOpt) string {
	r := d.r
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
			d.cmCount[[3]string{cmID, date, slot}]+o.units > b.capSlot[o.slot]:
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

// outOfReach says where case manager cm is, out of u's reach, on the first
// day both could meet: the site, the day and, when the distance is what
// binds, the distance from home against the limit.
func (d *diagnosis) outOfReach(b *builder, u userIx, cm pracIx) string {
	r := d.r
	for day := range b.days {
		if !b.works(cm, dayIx(day)) || !d.anySlot(b, u, dayIx(day)) {
			continue
		}
		k, ok := r.SiteIndex(d.staffAt[[2]string{r.Practitioners[cm].ID, b.days[day].Date.String()}])
		if !ok || withinTravel(r, int(u), k) {
			continue
		}
		name := r.Sites[k].Name
		if name == "" {
			name = r.Sites[k].ID
		}
		return fmt.Sprintf("case manager is at %s on %s, %.1f km from home (limit %g)", name, weekdayNames[b.days[day].Weekday], b.km(u, siteIx(k)), r.Settings.MaxTravelKm)
	}
	return "case manager is at sites out of reach on their available days"
}

// weekdayNames are the weekdays as a reason names them.
var weekdayNames = [...]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
