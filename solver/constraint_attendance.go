package solver

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Attendance: who attends which session.
//
// x[u,q,i,k,d,s] ∈ {0,1} exists only where u is eligible for i (gender, age
// band), k is within the travel limit of u's home and meets their access
// needs (women-only sites for women, step-free where needed) and u is
// available in (d,s). For each intervention or RAR requirement q:
//
//	Σ x[u,q,·] + e_q = n_q,  e_q ≥ 0               (never more than due; e_q priced)
//	Σ_{q,i,k,s} x[u,q,i,k,d,s] ≤ 1                 (one session a day, when set)
//	Σ x[u,…,o] + Σ x[v,…,o] ≤ r[o]                (u, v must not associate; every session option o both could attend; ≤ 1 when R̄ ≥ 2: apartRows)
//	Σ_{q,k,d,s} x[u,q,i,k,d,s] ≤ spw_i              (one cohort: no more sessions of i a week than it
//	                                                meets, sessions_per_week; written where u is due more)
//
// So a person attends one group of a programme a week: a weekly programme's
// second session would be a second cohort's. (A running group's members
// attend only its sessions, groupFamily.admits; a twice-a-week programme's
// new sessions a person attends are joined into one group when extracted.)
// The last holds for every group where people meet (builder.groups), work
// parties included. One activity per person and slot is userTime's; travel
// is priced on each x as on appointments.
//
// Checker rules: attendance.requirement, attendance.due, attendance.gender,
// attendance.age, attendance.women-only, attendance.site-area,
// attendance.step-free, attendance.available, attendance.travel,
// attendance.one-session-a-day, attendance.non-association,
// attendance.one-cohort.
type attendanceFamily struct {
	noShare
	opts []attOpt
	// For the unmet reasons: options by requirement and by session
	// option, made once (explain is asked for every unmet requirement).
	byReq, bySess map[int][]int
}

// index makes byReq and bySess, once.
func (f *attendanceFamily) index() {
	if f.byReq != nil {
		return
	}
	f.byReq, f.bySess = make(map[int][]int), make(map[int][]int)
	for i, o := range f.opts {
		f.byReq[o.req] = append(f.byReq[o.req], i)
		f.bySess[o.sess] = append(f.bySess[o.sess], i)
	}
}

// attOpt: service user user attends a session of option sess toward
// requirement req.
type attOpt struct {
	col, req, sess int
	user           userIx
	km             float64
}

func (*attendanceFamily) name() string { return "attendance" }

// canAttend reports whether u may attend intervention i at site k in slot
// s of day d: eligible (gender, age), the site within reach, u available.
func (b *builder) canAttend(u userIx, i int, k siteIx, d dayIx, s slotIx) bool {
	return b.r.Eligible(int(u), i) && b.reachable(u, k) && b.available(u, d, s)
}

// columns makes the attendance options x, then every intervention
// requirement's unmet column, options or not.
func (f *attendanceFamily) columns(b *builder) {
	r := b.r
	need := b.needsByIntervention()
	for si, so := range b.sessions.opts {
		key := so.key
		for _, uq := range need[key.iv] {
			if !b.canAttend(uq.user, key.iv, key.site, key.day, key.slot) || !b.grp.admits(uq.user, so) {
				continue
			}
			km := b.km(uq.user, key.site)
			col := b.addBinary(colName("x_", r.ServiceUsers[uq.user].ID, "_", r.Interventions[key.iv].ID, "_", r.Sites[key.site].ID, "_", int(key.day), int(key.slot)),
				r.Settings.Weights.TravelKm*km)
			f.opts = append(f.opts, attOpt{col: col, user: uq.user, req: uq.req, sess: si, km: km})
			b.groups.join(uq.user, so.group, col)
			b.userTime.inSlot(uq.user, key.day, key.slot, col)
			s := slotIx(-1)
			if !r.Settings.OneSessionPerDay {
				s = key.slot
			}
			b.userTime.journey(uq.user, key.day, s, journeySession, col, km)
		}
	}
	for _, u := range b.users {
		for _, q := range b.reqsOf()[u] {
			k := r.Requirements[q].Kind
			if (k == model.KindIntervention || k == model.KindRAR) && Due(r, q) > 0 {
				b.addSlack(q)
			}
		}
	}
}

// rows adds the due rows, one session a day and the non-associations.
func (f *attendanceFamily) rows(b *builder) {
	r := b.r
	due := newRowSet[int]()
	type ud struct {
		u userIx
		d dayIx
	}
	perDay := newRowSet[ud]()
	for _, o := range f.opts {
		due.add(o.req, o.col, 1)
		perDay.add(ud{o.user, b.sessions.opts[o.sess].key.day}, o.col, 1)
	}
	b.dueRows(model.KindIntervention, due)
	f.cohortRows(b)
	if r.Settings.OneSessionPerDay {
		for i, e := range perDay.rows {
			if len(e.idx) > 1 {
				b.le(colName("sessday_", r.ServiceUsers[perDay.keys[i].u].ID, "_", int(perDay.keys[i].d)), e, 1)
			}
		}
	}
	b.apartRows()
}

// cohortRows adds Σ x[u,·,i,·] ≤ spw_i for each person due more sessions of
// intervention i (all their requirements of it) than i meets a week.
func (f *attendanceFamily) cohortRows(b *builder) {
	r := b.r
	type ui = ivUser
	week := newRowSet[ui]()
	due := map[ui]int{}
	counted := map[int]bool{}
	for _, o := range f.opts {
		k := ui{b.sessions.opts[o.sess].key.iv, o.user}
		week.add(k, o.col, 1)
		if !counted[o.req] {
			counted[o.req] = true
			due[k] += int(Due(r, o.req) + 0.5)
		}
	}
	for i, e := range week.rows {
		k := week.keys[i]
		if spw := max(r.Interventions[k.iv].SessionsPerWeek, 1); due[k] > spw {
			b.le(colName("cohort_", r.ServiceUsers[k.u].ID, "_", r.Interventions[k.iv].ID), e, float64(spw))
		}
	}
}

// apartRows keeps each pair who must not meet out of every group (session
// option or work party) both could join: Σ theirs ≤ 1, or, for a group
// that meets at most once (R̄ = 1; every work party), Σ theirs ≤ run with
// run the group's r[o] or w[j,d] (apart).
func (b *builder) apartRows() {
	r := b.r
	type pair struct {
		u, v userIx
		in   bool // both are people of this part
	}
	var pairs []pair
	who := make(map[userIx]bool)
	for _, na := range r.NonAssociations {
		u, ok1 := r.ServiceUserIndex(na.A)
		v, ok2 := r.ServiceUserIndex(na.B)
		p := pair{userIx(u), userIx(v), ok1 && ok2 && b.inUser[userIx(u)] && b.inUser[userIx(v)]}
		if p.in {
			who[p.u], who[p.v] = true, true
		}
		pairs = append(pairs, p)
	}
	cols := b.groups.colsOf(who)
	b.groups.members = nil // only these rows need them
	for i, na := range r.NonAssociations {
		p := pairs[i]
		if !p.in {
			continue
		}
		for g, prefix := range b.groups.prefix {
			run := -1
			if b.groups.once[g] {
				run = b.groups.run[g]
			}
			b.apart(prefix, na, run, cols[userGroup{p.u, g}], cols[userGroup{p.v, g}])
		}
	}
}

// apart adds Σ a + Σ c ≤ 1, named prefix+A_B, when both sides have
// columns; with run ≥ 0, the group's run column (a binary), the row is
//
//	Σ a + Σ c − run ≤ 0
//
// the same integer points (either may join only a group that meets, and
// then not both), but a tighter LP: the ≤ 1 form let the relaxation run a
// group half and seat each of the pair half in it. On the embedded sample
// this one change raised the weekly model's LP bound from 46,514.4 to
// 46,671.7 (the integer optimum is 46,735.4), and it makes the LP close
// by itself the groups a pair leaves too small: six people could join,
// the group needs six, two of them must not meet.
func (b *builder) apart(prefix string, na model.NonAssociation, run int, a, c []int) {
	if len(a) == 0 || len(c) == 0 {
		return
	}
	name := colName(prefix, na.A, "_", na.B)
	var e lin
	for _, col := range a {
		e.add(col, 1)
	}
	for _, col := range c {
		e.add(col, 1)
	}
	if run >= 0 {
		e.add(run, -1)
		b.le(name, e, 0)
		return
	}
	b.le(name, e, 1)
}

// relaxGroups merges the attendances of one requirement class at one
// session option.
func (f *attendanceFamily) relaxGroups(b *builder, cg *classGroups) {
	for _, o := range f.opts {
		cg.assign(o.col, gkey{kind: 'x', class: cg.class(o.req), a: o.sess})
	}
}

// pick chooses, for the greedy start, up to a group's worth of people for
// one more session of option si, most valuable first.
func (f *attendanceFamily) pick(g *greedyState, si int, opts []int) ([]int, float64) {
	b := g.b
	so := b.sessions.opts[si]
	iv := &b.r.Interventions[so.key.iv]
	capacity := min(iv.MaxGroup, b.r.Sites[so.key.site].SeatsPerRoom)
	type cand struct {
		i   int
		val float64
	}
	var cands []cand
	for _, i := range opts {
		o := f.opts[i]
		if g.x[o.col] > 0 || g.left[o.req] < 1 || g.uBusy[udsKey{o.user, so.key.day, so.key.slot}] ||
			(b.r.Settings.OneSessionPerDay && g.uSessDay[pdUser{o.user, so.key.day}]) || g.clashes(o.user, so.group) ||
			g.waitingClash(o.user, so.key.site, so.key.day, so.key.slot, so.group) ||
			g.ivWeek[ivUser{so.key.iv, o.user}] >= max(iv.SessionsPerWeek, 1) {
			continue
		}
		if v := g.unitValue(o.req) - g.cost(o.col); v > 0 {
			cands = append(cands, cand{i, v})
		}
	}
	slices.SortStableFunc(cands, func(a, c cand) int { return cmp.Compare(c.val, a.val) })
	var pick []int
	var val float64
	seen := make(map[userIx]bool)
	for _, c := range cands {
		o := f.opts[c.i]
		if len(pick) == capacity {
			break
		}
		if seen[o.user] || g.clashesWithin(o.user, pick, func(i int) userIx { return f.opts[i].user }) {
			continue
		}
		seen[o.user] = true
		pick = append(pick, c.i)
		val += c.val
	}
	return pick, val
}

// book takes attendance option i, in group, into the greedy plan.
func (f *attendanceFamily) book(g *greedyState, i, group int) {
	o := f.opts[i]
	key := g.b.sessions.opts[o.sess].key
	g.x[o.col] = 1
	g.left[o.req]--
	g.uBusy[udsKey{o.user, key.day, key.slot}] = true
	g.uSessDay[pdUser{o.user, key.day}] = true
	g.ivWeek[ivUser{key.iv, o.user}]++
	g.members[group] = append(g.members[group], o.user)
	g.sit(o.user, key.site, key.day, key.slot, group)
}

// cols lists the attendance columns (the people neighbourhoods).
func (f *attendanceFamily) cols() []int {
	var out []int
	for _, o := range f.opts {
		out = append(out, o.col)
	}
	return out
}

// freeOn frees the attendances of sessions on the days on holds.
func (f *attendanceFamily) freeOn(b *builder, free []bool, on map[dayIx]bool) bool {
	for _, o := range f.opts {
		free[o.col] = free[o.col] || on[b.sessions.opts[o.sess].key.day]
	}
	return false
}

// attendees are the options taken at each session option, by person.
func (f *attendanceFamily) attendees(ps *partSolution) [][]attOpt {
	att := make([][]attOpt, len(ps.b.sessions.opts))
	for _, o := range f.opts {
		if ps.on(o.col) {
			att[o.sess] = append(att[o.sess], o)
		}
	}
	for _, a := range att {
		slices.SortFunc(a, func(a, c attOpt) int { return cmp.Compare(a.user, c.user) })
	}
	return att
}

// extractGroup writes the attendance.csv rows of session g (of n run at
// option so, as id): every n-th of the attendees att, from the g-th. It
// returns their ids.
func (f *attendanceFamily) extractGroup(ps *partSolution, ex *extraction, so sessOpt, id string, att []attOpt, g, n int) []string {
	r, b := ex.r, ps.b
	iv := &r.Interventions[so.key.iv]
	d := ex.days[so.key.day]
	var users []string
	for i := g; i < len(att); i += n {
		o := att[i]
		users = append(users, r.ServiceUsers[o.user].ID)
		ex.pl.Attendance = append(ex.pl.Attendance, plan.Attendance{
			ServiceUser: r.ServiceUsers[o.user].ID, Session: id, Kind: plan.KindSession,
			Intervention: iv.ID, Site: r.Sites[so.key.site].ID, Date: d.Date.String(),
			Weekday: d.Weekday.String(), Slot: b.slots[so.key.slot].Name,
			Hours: iv.SessionHours, TravelKm: round1(o.km),
		})
	}
	return users
}

// explain says why intervention or RAR requirement q is unmet.
func (f *attendanceFamily) explain(d *diagnosis, ps *partSolution, u userIx, q int, _ float64) (string, bool) {
	if servedAs(d.r.Requirements[q].Kind) != model.KindIntervention {
		return "", false
	}
	b, r := ps.b, d.r
	i, ok := r.InterventionIndex(r.Requirements[q].Intervention)
	if !ok {
		return "intervention not in the catalogue", true
	}
	iv := &r.Interventions[i]
	su := &r.ServiceUsers[u]
	if !r.Eligible(int(u), i) {
		if iv.Gender != model.GenderAny && iv.Gender != "" && iv.Gender != su.Gender {
			return fmt.Sprintf("not eligible: %s is for %s only", iv.ID, genderWord(iv.Gender)), true
		}
		return fmt.Sprintf("not eligible: %s is for ages %d–%d", iv.ID, iv.MinAge, iv.MaxAge), true
	}
	if why := perWeekReason(r, iv, Due(r, q), d.got[q]); why != "" {
		return why, true
	}
	var hosts []siteIx
	for k := range r.Sites {
		st := &r.Sites[k]
		if st.GroupRooms > 0 && (len(iv.Sites) == 0 || iv.Sites.Has(st.ID)) && hostsSessions(st, iv) && b.reachable(u, siteIx(k)) {
			hosts = append(hosts, siteIx(k))
		}
	}
	if len(hosts) == 0 {
		return fmt.Sprintf("no site that may run %s within %s%s", iv.ID, d.km(), accessNote(su)), true
	}
	if !d.anyHostSlot(b, u, hosts, 0) {
		return fmt.Sprintf("no site running %s open on their available days within %s", iv.ID, d.km()), true
	}
	f.index()
	var own []int // session options they could join
	for _, i := range f.byReq[q] {
		own = append(own, f.opts[i].sess)
	}
	if why, ok := b.grp.memberReason(d, u, i, len(own) > 0); ok {
		return why, true
	}
	if len(own) == 0 {
		return f.noOption(d, b, u, i, hosts), true
	}
	return f.blocked(d, ps, u, iv, own), true
}

// perWeekReason is the reason when a requirement is due more sessions of
// iv than it meets a week and got them all: a person attends one group a
// week (attendance.one-cohort). "" otherwise.
func perWeekReason(r *model.Region, iv *model.Intervention, due, got float64) string {
	spw := max(iv.SessionsPerWeek, 1)
	if due <= float64(spw) || got < float64(spw)-tol {
		return ""
	}
	times := "once a week"
	if spw > 1 {
		times = fmt.Sprintf("%d times a week", spw)
	}
	return fmt.Sprintf("%s meets %s (sessions_per_week), and they attend one group of it: %g due", iv.ID, times, due)
}

// anyHostSlot reports whether one of the hosts is open in a slot u is free
// in, at least minutes long.
func (d *diagnosis) anyHostSlot(b *builder, u userIx, hosts []siteIx, minutes float64) bool {
	for _, k := range hosts {
		for day := range b.days {
			for s := range b.slots {
				if b.open(k, dayIx(day)) && b.available(u, dayIx(day), slotIx(s)) && float64(b.slots[s].Minutes()) >= minutes-tol {
					return true
				}
			}
		}
	}
	return false
}

// noOption says which test left u no session option of intervention i.
func (f *attendanceFamily) noOption(d *diagnosis, b *builder, u userIx, i int, hosts []siteIx) string {
	iv := &d.r.Interventions[i]
	if !d.anyHostSlot(b, u, hosts, iv.SessionHours*60) {
		return fmt.Sprintf("a session of %s (%g h) is longer than every slot they are free in", iv.ID, iv.SessionHours)
	}
	need := b.needsByIntervention()[i]
	staffed, most := false, 0
	for _, k := range hosts {
		for day := range b.days {
			d := dayIx(day)
			if !b.open(k, d) || b.canStaff(iv.Skill, d, k) < iv.Facilitators {
				continue
			}
			staffed = true
			for s := range b.slots {
				if !b.canAttend(u, i, k, d, slotIx(s)) {
					continue
				}
				n := 0
				for _, uq := range need {
					if b.canAttend(uq.user, i, k, d, slotIx(s)) {
						n++
					}
				}
				most = max(most, n)
			}
		}
	}
	if staffed {
		return fmt.Sprintf("the %s group is below its minimum: at most %d eligible people could join a session when they could attend, %d needed", iv.ID, most, iv.MinGroup)
	}
	return fmt.Sprintf("no facilitator with skill `%s` works at the sites that may run %s on the days they are open (%d needed)", iv.Skill, iv.ID, iv.Facilitators)
}

// blocked says why each session option u had went unused; the commonest
// blocker is the reason. An option that was open to them means the search
// stopped short, or a rule across options (one a day, due) held them back.
// A session not run is put down to the one cause that binds it (notRun).
func (f *attendanceFamily) blocked(d *diagnosis, ps *partSolution, u userIx, iv *model.Intervention, own []int) string {
	b, r := ps.b, d.r
	uid := r.ServiceUsers[u].ID
	var full, busy, dayTaken, apart int
	var nr notRunCount
	for _, si := range own {
		so := b.sessions.opts[si]
		date := b.days[so.key.day].Date.String()
		n := int(ps.val(so.col) + 0.5)
		var members []string
		for _, i := range f.bySess[si] {
			if o := f.opts[i]; ps.on(o.col) {
				members = append(members, r.ServiceUsers[o.user].ID)
			}
		}
		switch {
		case slices.Contains(members, uid):
			continue // the session they attend
		case n == 0 && d.userBusy[[3]string{uid, date, b.slots[so.key.slot].Name}]:
			busy++ // not run, but they were booked then anyway
		case n == 0 && r.Settings.OneSessionPerDay && d.sessionDay[[2]string{uid, date}]:
			dayTaken++
		case n == 0:
			cause, fig := f.notRun(d, b, iv, si)
			nr.add(cause, fig)
			if m := b.grp.minGroup(so, iv); nr.fewest[cause] == 0 || m < nr.fewest[cause] {
				nr.fewest[cause] = m
			}
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
	if joined := len(own) - full - busy - dayTaken - apart - nr.total(); joined == len(own) {
		return fmt.Sprintf("they attend every %s session they could join (%d), and no other runs when they could attend", iv.ID, joined)
	}
	return commonest(
		blocker{nr.n[causeFewEligible], fmt.Sprintf("the %s group is below its minimum: at most %d eligible people could join a session when they could attend, %d needed", iv.ID, nr.best[causeFewEligible], nr.min(causeFewEligible, iv))},
		blocker{nr.n[causeNoFacilitator], fmt.Sprintf("no facilitator with skill `%s` works at the site on the days they could attend a session (%d needed)", iv.Skill, iv.Facilitators)},
		blocker{nr.n[causeFewFree], fmt.Sprintf("the %s group is below its minimum: at most %d eligible people still due were free at a session they could attend, %d needed", iv.ID, nr.best[causeFewFree], nr.min(causeFewFree, iv))},
		blocker{nr.n[causeFacilitatorsBusy], fmt.Sprintf("facilitators with skill `%s` busy: at most %d of the %d needed were free at the site when they could attend", iv.Skill, nr.best[causeFacilitatorsBusy], iv.Facilitators)},
		blocker{nr.n[causeCouldRun], d.fallback()},
		blocker{full, "groups they could join were full: places used by higher-priority cases"},
		blocker{busy, "booked for something else at every session they could join"},
		blocker{dayTaken, "one session a day: another session took each day they could attend"},
		blocker{apart, "every group they could join holds someone they must not meet"},
	)
}

// notRunCause is the one cause that keeps a session option from running,
// tested in this order.
type notRunCause int

const (
	causeFewEligible      notRunCause = iota // fewer people could ever join than the minimum
	causeNoFacilitator                       // too few facilitators with the skill can be at the site that day
	causeFewFree                             // too few of those people still due and free then
	causeFacilitatorsBusy                    // too few facilitators with the skill free there then
	causeCouldRun                            // it could have run: a rule across options held it back
	nCauses
)

// notRunCount counts options by cause, with the best figure of each (the
// most people, or facilitators, any option had).
type notRunCount struct {
	n, best [nCauses]int
	need    int // the most supervisors a party not run needed (work parties)
	// fewest: the smallest group minimum among the options of each cause
	// (a running group's session meets with one, a new group needs
	// min_group); 0 when none was counted.
	fewest [nCauses]int
}

// min is the group minimum quoted for cause: the smallest of its options'.
func (c *notRunCount) min(cause notRunCause, iv *model.Intervention) int {
	if c.fewest[cause] > 0 {
		return c.fewest[cause]
	}
	return iv.MinGroup
}

// total is the number of options counted.
func (c *notRunCount) total() int {
	t := 0
	for _, n := range c.n {
		t += n
	}
	return t
}

func (c *notRunCount) add(cause notRunCause, figure int) {
	c.n[cause]++
	c.best[cause] = max(c.best[cause], figure)
}

// notRun finds why session option si did not run, from the model's options
// and the plan: the people who could join it against the minimum, then the
// facilitators with the skill who could be, and were, free at the site.
func (f *attendanceFamily) notRun(d *diagnosis, b *builder, iv *model.Intervention, si int) (notRunCause, int) {
	r := d.r
	so := b.sessions.opts[si]
	date := b.days[so.key.day].Date.String()
	slot := b.slots[so.key.slot].Name
	eligible, free := make(map[userIx]bool), make(map[userIx]bool)
	for _, i := range f.bySess[si] {
		o := f.opts[i]
		eligible[o.user] = true
		id := r.ServiceUsers[o.user].ID
		switch {
		case d.got[o.req] >= Due(r, o.req)-1e-9:
		case d.userBusy[[3]string{id, date, slot}]:
		case r.Settings.OneSessionPerDay && d.sessionDay[[2]string{id, date}]:
		default:
			free[o.user] = true
		}
	}
	least := b.grp.minGroup(so, iv)
	if len(eligible) < least {
		return causeFewEligible, len(eligible)
	}
	if b.canStaff(iv.Skill, so.key.day, so.key.site) < iv.Facilitators {
		return causeNoFacilitator, 0
	}
	if len(free) < least {
		return causeFewFree, len(free)
	}
	site := r.Sites[so.key.site].ID
	facs := 0
	for _, p := range b.pracs {
		pr := &r.Practitioners[p]
		if !pr.Skills.Has(iv.Skill) || d.staffAt[[2]string{pr.ID, date}] != site {
			continue
		}
		switch d.staffAct[[3]string{pr.ID, date, slot}] {
		case plan.ActivityAppointments, plan.ActivityFacilitating, plan.ActivitySupervising, plan.ActivityAbsent:
		default:
			facs++
		}
	}
	if facs < iv.Facilitators {
		return causeFacilitatorsBusy, facs
	}
	return causeCouldRun, 0
}
