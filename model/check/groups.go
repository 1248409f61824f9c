package check

import (
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// groupCheck is the state of checkGroups: the input's running groups (the
// groups.csv the week was planned from) by id, and what the rota's
// group_sessions.csv says of each.
type groupCheck struct {
	c       *checker
	running map[string]*model.Group
	held    map[string]int            // running group → sessions held
	days    map[string]model.Weekdays // running group → its weekdays, with those settled this week
	moved   map[int]bool              // group_sessions.csv row → held away from its site, weekday or slot
	people  map[string][]string       // running group → its attendees this week, in order
	member  map[ivKey]string          // (person, intervention) → their running group
	ofSess  map[string]int            // session id → group_sessions rows naming it
	newRows []plan.GroupSession       // the rows of new groups
}

// checkGroups verifies the running groups (groups.csv of the input)
// against the rota's sessions, group_sessions.csv and groups.csv. A rota
// with no group files and an input with no groups has nothing to check.
func (c *checker) checkGroups() {
	if len(c.r.Groups) == 0 && len(c.p.Groups) == 0 && len(c.p.GroupSessions) == 0 {
		return
	}
	gc := &groupCheck{c: c, running: map[string]*model.Group{}, held: map[string]int{}, days: map[string]model.Weekdays{}, moved: map[int]bool{},
		people: map[string][]string{}, member: map[ivKey]string{}, ofSess: map[string]int{}}
	for i := range c.r.Groups {
		g := &c.r.Groups[i]
		gc.running[g.ID] = g
		gc.days[g.ID] = g.Weekday
		for _, u := range g.Members {
			gc.member[ivKey{u, g.Intervention}] = g.ID
		}
	}
	notHeld := map[string]int{}
	for i, gs := range c.p.GroupSessions {
		at := where(plan.GroupSessionsFile, i)
		if gs.Session != "" {
			gc.ofSess[gs.Session]++
		}
		g := gc.running[gs.Group]
		switch {
		case gs.Change == plan.ChangeNew:
			gc.newRows = append(gc.newRows, gs)
		case g == nil:
			c.add("group.session", at, "group %q is not running (input groups.csv) and the row is not a new group's", gs.Group)
		case gs.Change == plan.ChangeNotHeld:
			notHeld[g.ID]++
			if gs.Reason == "" {
				c.add("group.session", at, "group %s: a session not held gives no reason", g.ID)
			}
		default:
			gc.heldSession(at, i, g, gs)
		}
	}
	for _, g := range c.r.Groups {
		if due, got := c.r.SessionsThisWeek(&g), gc.held[g.ID]+notHeld[g.ID]; got != due {
			c.add("group.session", plan.GroupSessionsFile, "group %s is due %d sessions this week; group_sessions.csv has %d", g.ID, due, got)
		}
	}
	gc.everySession()
	gc.attendees()
	gc.next()
	gc.continuity()
}

// heldSession checks a held session of running group g: its session
// exists, is of g's intervention, and keeps g's site, weekday, slot and
// facilitators or names each change, with a reason.
func (gc *groupCheck) heldSession(at string, row int, g *model.Group, gs plan.GroupSession) {
	c := gc.c
	i, ok := c.sessByID[gs.Session]
	if !ok {
		c.add("group.session", at, "group %s: session %q is not in sessions.csv", g.ID, gs.Session)
		return
	}
	s := &c.sess[i]
	if s.row.Intervention != g.Intervention || s.row.Date != gs.Date {
		c.add("group.session", at, "group %s of %s: session %s is of %s on %s", g.ID, g.Intervention, s.row.ID, s.row.Intervention, s.row.Date)
		return
	}
	gc.held[g.ID]++
	gc.people[g.ID] = append(gc.people[g.ID], strings.Fields(s.row.Attendees)...)
	var want []string
	if s.row.Site != g.Site {
		want = append(want, "site")
	}
	d, err := model.ParseWeekday(s.row.Weekday)
	days := gc.days[g.ID]
	if iv := c.ivs[g.Intervention]; err == nil && !days.Has(d) && s.row.Site == g.Site && s.row.Slot == g.Slot &&
		iv != nil && days.Len() < max(iv.SessionsPerWeek, 1) {
		days = days.With(d) // a weekday the group settles
		gc.days[g.ID] = days
	}
	if err != nil || !days.Has(d) {
		want = append(want, "weekday")
	}
	if s.row.Slot != g.Slot {
		want = append(want, "slot")
	}
	gc.moved[row] = len(want) > 0
	if !sameMembers(strings.Fields(s.row.Staff), g.Facilitators) {
		want = append(want, "facilitators")
	}
	if got := strings.Join(want, " "); gs.Change != got {
		c.add("group.kept", at, "group %s: session %s changed %q, but the row says %q", g.ID, s.row.ID, got, gs.Change)
	} else if got != "" && gs.Reason == "" {
		c.add("group.kept", at, "group %s: session %s changed %s with no reason", g.ID, s.row.ID, got)
	}
}

// everySession checks that every group session of sessions.csv is one
// group's: named by exactly one row of group_sessions.csv.
func (gc *groupCheck) everySession() {
	c := gc.c
	for i, s := range c.p.Sessions {
		if s.Kind != plan.KindSession {
			continue
		}
		if n := gc.ofSess[s.ID]; n != 1 {
			c.add("group.every-session", where(plan.SessionsFile, i), "session %s is named by %d rows of group_sessions.csv, not 1", s.ID, n)
		}
	}
}

// attendees checks who attends: a closed group's sessions its members
// only; a rolling group's also people due its intervention who are in no
// other running group of it; a new session nobody in a running group of
// its intervention.
func (gc *groupCheck) attendees() {
	c := gc.c
	byGroup := map[string]string{} // session → running group
	for _, gs := range c.p.GroupSessions {
		if gs.Change != plan.ChangeNew && gs.Change != plan.ChangeNotHeld {
			byGroup[gs.Session] = gs.Group
		}
	}
	for i, s := range c.p.Sessions {
		if s.Kind != plan.KindSession {
			continue
		}
		at := where(plan.SessionsFile, i)
		g := gc.running[byGroup[s.ID]]
		for _, u := range strings.Fields(s.Attendees) {
			mine, member := gc.member[ivKey{u, s.Intervention}]
			switch {
			case g == nil && member:
				c.add("group.members", at, "%s is a member of running group %s of %s and attends new session %s", u, mine, s.Intervention, s.ID)
			case g == nil:
			case member && mine != g.ID:
				c.add("group.members", at, "%s is a member of group %s and attends group %s's session", u, mine, g.ID)
			case !member && g.Mode == model.GroupClosed:
				c.add("group.closed", at, "%s is not a member of closed group %s", u, g.ID)
			}
		}
	}
}

func sameMembers(a []string, b model.List) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !b.Has(x) {
			return false
		}
	}
	return true
}

// next checks the rota's groups.csv, next week's input: each running
// group not complete, with its sessions done advanced by those held and
// (rolling) the people who joined; each new session's group; nothing else.
func (gc *groupCheck) next() {
	c := gc.c
	want := map[string]plan.Group{}
	for _, g := range c.r.Groups {
		done := g.SessionsDone + gc.held[g.ID]
		if iv := c.ivs[g.Intervention]; iv != nil && iv.TotalSessions > 0 && done >= iv.TotalSessions {
			continue
		}
		members := slices.Clone([]string(g.Members))
		if g.Mode == model.GroupRolling {
			for _, u := range gc.people[g.ID] {
				if !slices.Contains(members, u) {
					members = append(members, u)
				}
			}
		}
		want[g.ID] = plan.Group{ID: g.ID, Intervention: g.Intervention, Site: g.Site, Weekday: gc.days[g.ID].String(),
			Slot: g.Slot, Facilitators: g.Facilitators.String(), Members: strings.Join(members, " "), SessionsDone: done, Mode: string(g.Mode)}
	}
	newOnes := map[string]bool{}
	for _, gs := range gc.newRows {
		newOnes[gs.Group] = true
	}
	seen := map[string]bool{}
	for i, row := range c.p.Groups {
		at := where(plan.GroupsFile, i)
		if seen[row.ID] {
			c.add("group.next", at, "group %s is listed twice", row.ID)
			continue
		}
		seen[row.ID] = true
		if w, ok := want[row.ID]; ok {
			gc.sameGroup(at, row, w)
			if iv := c.ivs[row.Intervention]; iv != nil && row.Mode == string(model.GroupRolling) && len(strings.Fields(row.Members)) > iv.MaxGroup {
				c.add("group.rolling", at, "rolling group %s has %d members after the week; %s has max_group %d", row.ID, len(strings.Fields(row.Members)), iv.ID, iv.MaxGroup)
			}
			continue
		}
		if newOnes[row.ID] {
			gc.newGroup(at, row)
			continue
		}
		c.add("group.next", at, "group %s is neither running nor started this week, or is complete", row.ID)
	}
	for id := range want {
		if !seen[id] {
			c.add("group.next", plan.GroupsFile, "running group %s is missing", id)
		}
	}
}

// sameGroup compares a running group's row after the week with the one
// recomputed (members as a set).
func (gc *groupCheck) sameGroup(at string, got, want plan.Group) {
	wm, gm := strings.Fields(want.Members), strings.Fields(got.Members)
	slices.Sort(wm)
	slices.Sort(gm)
	gotF, wantF := strings.Fields(got.Facilitators), strings.Fields(want.Facilitators)
	slices.Sort(gotF)
	slices.Sort(wantF)
	if got.Intervention != want.Intervention || got.Site != want.Site || got.Weekday != want.Weekday ||
		got.Slot != want.Slot || !slices.Equal(gotF, wantF) || got.Mode != want.Mode ||
		got.SessionsDone != want.SessionsDone || !slices.Equal(gm, wm) {
		gc.c.add("group.next", at, "group %s after the week is %+v, recomputed %+v", got.ID, got, want)
	}
}

// newGroup checks a new group's row: the sessions that started it this
// week (group_sessions.csv's rows "new" naming it; the first is the one
// it is named after, at its site, in its slot, with its facilitators; a
// later one, its attendees' next session that week, may be elsewhere or
// with others) on different days, no more of them than
// sessions_per_week, as many sessions done, its weekdays those of its
// sessions at its site in its slot, members among their attendees.
func (gc *groupCheck) newGroup(at string, row plan.Group) {
	c := gc.c
	if _, ok := c.sessByID[row.ID]; !ok {
		c.add("group.next", at, "new group %s names no session", row.ID)
		return
	}
	var days, met model.Weekdays
	var att []string
	n, ok := 0, true
	for _, gs := range gc.newRows {
		i, found := c.sessByID[gs.Session]
		if gs.Group != row.ID || !found {
			continue
		}
		s := c.sess[i].row
		n++
		wd, err := model.ParseWeekday(s.Weekday)
		first := gs.Session == row.ID
		ok = ok && err == nil && !met.Has(wd) && row.Intervention == s.Intervention &&
			(!first || row.Site == s.Site && row.Slot == s.Slot && sameMembers(strings.Fields(row.Facilitators), strings.Fields(s.Staff)))
		met = met.With(wd)
		if s.Slot == row.Slot && s.Site == row.Site {
			days = days.With(wd)
		}
		att = append(att, strings.Fields(s.Attendees)...)
	}
	perWeek := 1
	if iv := c.ivs[row.Intervention]; iv != nil {
		perWeek = max(iv.SessionsPerWeek, 1)
	}
	ok = ok && row.Weekday == days.String() && row.SessionsDone == n && n <= perWeek
	for _, u := range strings.Fields(row.Members) {
		ok = ok && slices.Contains(att, u)
	}
	if !ok {
		c.add("group.next", at, "new group %s does not match the sessions that started it this week", row.ID)
	}
}

// continuity prices the changes (docs/output-format.md) and compares the
// term with summary.json's.
func (gc *groupCheck) continuity() {
	c := gc.c
	w := c.s.Weights
	var t float64
	for row, gs := range c.p.GroupSessions {
		g := gc.running[gs.Group]
		if g == nil || gs.Change == plan.ChangeNew {
			continue
		}
		if gs.Change == plan.ChangeNotHeld {
			t += w.GroupNotHeld
			continue
		}
		i, ok := c.sessByID[gs.Session]
		if !ok {
			continue
		}
		s := c.sess[i].row
		if gc.moved[row] {
			t += w.GroupMove
		}
		for _, p := range strings.Fields(s.Staff) {
			if !g.Facilitators.Has(p) {
				t += w.GroupFacilitator
			}
		}
	}
	c.terms.GroupContinuity = t
	if sum := c.p.Summary.Terms.GroupContinuity; !closeTo(sum, t) && c.p.Summary.Status != "cancelled" && c.p.Summary.Status != "infeasible" {
		c.add("summary.terms.group_continuity", plan.SummaryFile, "group_continuity is %s, recomputed %s", fmtNum(sum), fmtNum(t))
	}
}

// minGroup is the fewest attendees of session id: one for a running
// group's session (a group once started meets with whoever comes), the
// intervention's min_group for a new group's.
func (c *checker) minGroup(id string, iv *model.Intervention) int {
	if c.runningSess == nil {
		c.runningSess = map[string]bool{}
		running := map[string]bool{}
		for _, g := range c.r.Groups {
			running[g.ID] = true
		}
		for _, gs := range c.p.GroupSessions {
			if running[gs.Group] && gs.Session != "" {
				c.runningSess[gs.Session] = true
			}
		}
	}
	if c.runningSess[id] {
		return 1
	}
	return iv.MinGroup
}
