package solver

import (
	"fmt"
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// why says why a session of running group rg was held at option so with
// staff rather than as before: the first hard rule that stops the group's
// own site, weekday and slot, or its own facilitators; failing one, the
// cost of keeping it (the plan's choice, at a price).
func (f *groupFamily) why(b *builder, ex *extraction, rg *runGroup, so sessOpt, staff []string) string {
	r := b.r
	g := &r.Groups[rg.g]
	var reasons []string
	for d := range b.days {
		day := b.days[d]
		if !g.Weekday.Has(day.Weekday) {
			continue
		}
		switch {
		case day.Holiday:
			reasons = append(reasons, fmt.Sprintf("%s %s is a bank holiday", day.Weekday, day.Date))
		case !r.OpenOn(int(rg.site), day.Weekday):
			reasons = append(reasons, fmt.Sprintf("site %s is closed on %s", g.Site, day.Weekday))
		}
		here := so.key.day == dayIx(d) && so.key.slot == rg.slot // the session is at its own day and slot
		for _, id := range g.Facilitators {
			p, _ := r.PractitionerIndex(id)
			if here && slices.Contains(staff, id) {
				continue
			}
			if !worksOn(r, p, day) || !pracFree(r, p, day, int(rg.slot)) {
				reasons = append(reasons, fmt.Sprintf("facilitator %s is away on %s %s", id, day.Weekday, g.Slot))
			}
		}
		if !f.anyMemberFree(b, rg, dayIx(d)) {
			reasons = append(reasons, fmt.Sprintf("no member can attend on %s %s", day.Weekday, g.Slot))
		}
		if ex != nil && r.OpenOn(int(rg.site), day.Weekday) && !day.Holiday {
			reasons = append(reasons, f.taken(b, ex, rg, dayIx(d), here, staff)...)
		}
	}
	reasons = append(reasons, f.lateShifts(b, ex, rg)...)
	if len(reasons) > 0 {
		return strings.Join(reasons, "; ")
	}
	return "keeping it cost more than the change (rooms, facilitators' hours or members' other bookings)"
}

// taken gives what holds group rg's own place, day and slot, or its own
// facilitators then, in the plan extracted so far (ex): the group rooms
// full, a facilitator busy with something else.
func (f *groupFamily) taken(b *builder, ex *extraction, rg *runGroup, d dayIx, atOwn bool, staff []string) []string {
	r := b.r
	g := &r.Groups[rg.g]
	date := ex.days[b.days[d].Weekday].Date.String()
	var out []string
	var here []string
	for _, s := range ex.pl.Sessions {
		if s.Site == g.Site && s.Date == date && s.Slot == g.Slot && s.Intervention != g.Intervention {
			here = append(here, s.ID)
		}
	}
	if len(here) >= r.Sites[rg.site].GroupRooms {
		out = append(out, fmt.Sprintf("the group rooms at %s on %s %s are taken (%s)", g.Site, b.days[d].Weekday, g.Slot, strings.Join(here, ", ")))
	}
	for _, id := range g.Facilitators {
		p, _ := r.PractitionerIndex(id)
		if atOwn && slices.Contains(staff, id) {
			// Running the group at its own day and slot elsewhere: what
			// else that day keeps them from the group's own site.
			if why := elsewhere(b, ex, pracIx(p), d, rg.site, rg.slot); why != "" {
				out = append(out, fmt.Sprintf("facilitator %s is %s", id, why))
			}
			continue
		}
		if act := ex.busy[pdsKey{pracIx(p), d, rg.slot}]; act != "" && !rg.ownAll(ex.detail[pdsKey{pracIx(p), d, rg.slot}]) {
			what := act
			if det := ex.detail[pdsKey{pracIx(p), d, rg.slot}]; len(det) > 0 {
				what += " " + strings.Join(det, ", ")
			}
			out = append(out, fmt.Sprintf("facilitator %s is %s on %s %s", id, what, b.days[d].Weekday, g.Slot))
			continue
		}
		if why := elsewhere(b, ex, pracIx(p), d, rg.site, -1); why != "" {
			out = append(out, fmt.Sprintf("facilitator %s is %s", id, why))
		}
	}
	return out
}

// elsewhere says where practitioner p is on day d when it is not site
// (one site a day) for something they do there in a slot other than skip,
// or "" when nothing but office work keeps them there.
func elsewhere(b *builder, ex *extraction, p pracIx, d dayIx, site siteIx, skip slotIx) string {
	at, ok := ex.site[pdKey{p, d}]
	if !ok || at == site {
		return ""
	}
	for sl := range b.slots {
		k := pdsKey{p, d, slotIx(sl)}
		if slotIx(sl) == skip {
			continue
		}
		if act := ex.busy[k]; act != "" && act != "office" {
			return fmt.Sprintf("at %s on %s (one site a day: %s %s in the %s)", ex.r.Sites[at].ID,
				b.days[d].Weekday, act, strings.Join(ex.detail[k], ", "), b.slots[sl].Name)
		}
	}
	return ""
}

// anyMemberFree reports whether a member of rg could attend the group's
// own session on day d.
func (f *groupFamily) anyMemberFree(b *builder, rg *runGroup, d dayIx) bool {
	for _, id := range b.r.Groups[rg.g].Members {
		if u, ok := b.r.ServiceUserIndex(id); ok && b.inUser[userIx(u)] &&
			b.canAttend(userIx(u), rg.iv, rg.site, d, rg.slot) {
			return true
		}
	}
	return len(b.r.Groups[rg.g].Members) == 0
}

// notHeld says why a session due of running group rg was not held (held
// of its n_G were).
func (f *groupFamily) notHeld(ps *partSolution, ex *extraction, rg *runGroup, held int) string {
	b := ps.b
	g := &b.r.Groups[rg.g]
	if len(rg.opts) == 0 {
		return fmt.Sprintf("no site, day and slot it may move to is open with %d facilitators of %s free", b.r.Interventions[rg.iv].Facilitators, g.Intervention)
	}
	if f.membersLeft(ps, rg) == 0 && (g.Mode == model.GroupClosed || len(g.Members) > 0) {
		if held > 0 {
			return "its members are due no more sessions of " + g.Intervention + " this week (requirements.csv sessions)"
		}
		return "no member is due a session of " + g.Intervention + " this week and free when it could meet"
	}
	w := b.r.Settings.Weights
	if r := f.why(b, ex, rg, b.sessions.opts[rg.opts[0]], nil); !strings.HasPrefix(r, "keeping") {
		if f.canMove(b, rg) {
			return fmt.Sprintf("%s; a move was possible, but it cost more than not holding the session (weight.group_not_held %g: weight.group_move %g and the move's facilitators, travel and the bookings it displaces)", r, w.GroupNotHeld, w.GroupMove)
		}
		return r
	}
	return fmt.Sprintf("holding it cost more than weight.group_not_held %g (members' or facilitators' other bookings)", w.GroupNotHeld)
}

// canMove reports whether running group rg had an option away from its
// own site, weekday or slot (one the model priced weight.group_move).
func (f *groupFamily) canMove(b *builder, rg *runGroup) bool {
	g := &b.r.Groups[rg.g]
	for _, si := range rg.opts {
		k := b.sessions.opts[si].key
		if k.site != rg.site || k.slot != rg.slot || !g.Weekday.Has(b.days[k.day].Weekday) {
			return true
		}
	}
	return false
}

// membersLeft is how many sessions of rg's intervention rg's members are
// still due after the plan's.
func (f *groupFamily) membersLeft(ps *partSolution, rg *runGroup) float64 {
	b := ps.b
	got := map[int]float64{}
	for _, o := range b.attendance.opts {
		if b.sessions.opts[o.sess].key.iv == rg.iv && ps.on(o.col) {
			got[o.req]++
		}
	}
	left, iv := 0.0, b.r.Groups[rg.g].Intervention
	for _, id := range b.r.Groups[rg.g].Members {
		u, ok := b.r.ServiceUserIndex(id)
		if !ok || !b.inUser[userIx(u)] {
			continue
		}
		for _, q := range b.reqsOf()[userIx(u)] {
			req := &b.r.Requirements[q]
			if servedAs(req.Kind) == model.KindIntervention && req.Intervention == iv {
				left += max(Due(b.r, q)-got[q], 0)
			}
		}
	}
	return left
}

// groupContinuity prices the running groups' changes of a plan
// (docs/output-format.md): weight.group_move for each session held away
// from its group's site, weekday or slot, weight.group_facilitator for
// each facilitator not the group's own, weight.group_not_held for each
// session due not held.
func groupContinuity(r *model.Region, pl *plan.Plan) float64 {
	w := r.Settings.Weights
	groups := make(map[string]*model.Group, len(r.Groups))
	for i := range r.Groups {
		groups[r.Groups[i].ID] = &r.Groups[i]
	}
	staff := make(map[string][]string, len(pl.Sessions))
	for _, s := range pl.Sessions {
		staff[s.ID] = strings.Fields(s.Staff)
	}
	var t float64
	for _, gs := range pl.GroupSessions {
		g := groups[gs.Group]
		switch {
		case g == nil:
			continue
		case gs.Change == plan.ChangeNotHeld:
			t += w.GroupNotHeld
			continue
		}
		ch := strings.Fields(gs.Change)
		if slices.Contains(ch, "site") || slices.Contains(ch, "weekday") || slices.Contains(ch, "slot") {
			t += w.GroupMove
		}
		for _, p := range staff[gs.Session] {
			if !g.Facilitators.Has(p) {
				t += w.GroupFacilitator
			}
		}
	}
	return t
}

// groupFigures counts the running groups in summary.json, a group once
// however many sessions it is due: kept when every session due was held
// as before, not held when none was, changed otherwise (a session moved,
// with other facilitators, or not held beside one held); and lists each
// session's change with its reason.
func groupFigures(pl *plan.Plan, s *plan.Summary) {
	type tally struct{ kept, changed, notHeld int }
	by := map[string]*tally{}
	var order []string
	for _, gs := range pl.GroupSessions {
		if gs.Change == plan.ChangeNew {
			continue
		}
		t := by[gs.Group]
		if t == nil {
			t = &tally{}
			by[gs.Group] = t
			order = append(order, gs.Group)
		}
		switch gs.Change {
		case "":
			t.kept++
			continue
		case plan.ChangeNotHeld:
			t.notHeld++
		default:
			t.changed++
		}
		s.GroupChanges = append(s.GroupChanges, plan.GroupChange{Group: gs.Group, Date: gs.Date, Change: gs.Change, Reason: gs.Reason})
	}
	for _, id := range order {
		switch t := by[id]; {
		case t.changed == 0 && t.notHeld == 0:
			s.GroupsKept++
		case t.changed == 0 && t.kept == 0:
			s.GroupsMissed++
		default:
			s.GroupsChanged++
		}
	}
}

// unplannedGroups writes the running groups no part planned: those of the
// parts a cancelled solve did not reach, and a group with no members and
// no facilitators (groups.csv), which no part holds (its people place a
// group in a part): each session due not held, and the group unchanged
// into the next week's groups.csv.
func unplannedGroups(r *model.Region, pl *plan.Plan) {
	seen := map[string]bool{}
	for _, gs := range pl.GroupSessions {
		seen[gs.Group] = true
	}
	for _, g := range r.Groups {
		n := r.SessionsThisWeek(&g)
		if seen[g.ID] || n == 0 {
			continue
		}
		reason := "not planned: the solve stopped before reaching this part of the region"
		if len(g.Members) == 0 && len(g.Facilitators) == 0 {
			reason = "it has no members and no facilitators (groups.csv): no one to hold it with"
		}
		for range n {
			pl.GroupSessions = append(pl.GroupSessions, plan.GroupSession{Group: g.ID, Change: plan.ChangeNotHeld, Reason: reason})
		}
		pl.Groups = append(pl.Groups, plan.Group{ID: g.ID, Intervention: g.Intervention, Site: g.Site, Weekday: g.Weekday.String(),
			Slot: g.Slot, Facilitators: g.Facilitators.String(), Members: g.Members.String(), SessionsDone: g.SessionsDone, Mode: string(g.Mode)})
	}
}

// ownAll reports whether every session in ids is one of rg's own this
// week (a facilitator busy with the group itself is no reason).
func (rg *runGroup) ownAll(ids []string) bool {
	for _, id := range ids {
		if !rg.own[id] {
			return false
		}
	}
	return len(ids) > 0
}

// lateShifts names the group's own facilitators whose late shifts a week
// (max_late_days, or their late_days) leave none for the group's evening
// on its own weekdays, in the plan extracted so far: taken by something
// other than the group itself.
func (f *groupFamily) lateShifts(b *builder, ex *extraction, rg *runGroup) []string {
	r := b.r
	g := &r.Groups[rg.g]
	if _, evening := slotRole(r.Settings.Slots[rg.slot]); !evening {
		return nil
	}
	var out []string
	for _, id := range g.Facilitators {
		p, ok := r.PractitionerIndex(id)
		if !ok {
			continue
		}
		pr := &r.Practitioners[p]
		var late, own []string // the days they work an evening, and at what; the group's own
		for d := range b.days {
			for sl := range b.slots {
				k := pdsKey{pracIx(p), dayIx(d), slotIx(sl)}
				if _, ev := slotRole(r.Settings.Slots[sl]); !ev || ex.busy[k] == "" || ex.busy[k] == "office" {
					continue
				}
				if rg.ownAll(ex.detail[k]) {
					own = append(own, b.days[d].Weekday.String())
					continue
				}
				late = append(late, fmt.Sprintf("%s (%s)", b.days[d].Weekday, strings.Join(ex.detail[k], ", ")))
			}
		}
		lim := r.Settings.MaxLateDays
		switch {
		case pr.LateDays != 0 && pr.LateDays&g.Weekday != g.Weekday:
			out = append(out, fmt.Sprintf("facilitator %s works evenings only on %s (late_days)", id, pr.LateDays))
		case pr.LateDays == 0 && len(late) > 0 && len(late)+len(own) >= lim:
			out = append(out, fmt.Sprintf("facilitator %s works %d late shift(s) a week (max_late_days), taken on %s", id, lim, strings.Join(late, ", ")))
		case pr.LateDays == 0 && len(own) > 0 && len(own) >= lim:
			out = append(out, fmt.Sprintf("facilitator %s works %d late shift(s) a week (max_late_days), taken by the group's own evening on %s: its sessions a week do not all fit in the evening", id, lim, strings.Join(own, ", ")))
		}
	}
	return out
}

// memberReason says why u, a member of a running group of intervention i,
// is short of its sessions when the group's own tell: a session of the
// group not held (with the group's reason, group_sessions.csv), or no
// session of the group they could attend. ok is false for anyone not a
// member of such a group of this part, and when the group met and they
// could have joined it (the attendance reasons then tell).
func (f *groupFamily) memberReason(d *diagnosis, u userIx, i int, anyOption bool) (string, bool) {
	gi, ok := f.member[ivUser{i, u}]
	if !ok || gi >= len(f.run) {
		return "", false
	}
	g := &d.r.Groups[f.run[gi].g]
	for _, gs := range d.pl.GroupSessions {
		if gs.Group == g.ID && gs.Change == plan.ChangeNotHeld {
			return fmt.Sprintf("their %s group %s did not meet this week: %s", g.Intervention, g.ID, gs.Reason), true
		}
	}
	if !anyOption {
		return fmt.Sprintf("they could attend no session of their %s group %s this week (its site, days and slots, or any other it could meet at, against when and where they can come)", g.Intervention, g.ID), true
	}
	return "", false
}
