package model

import (
	"fmt"
	"strings"
)

// FileGroups is the optional file of the groups now running.
const FileGroups = "groups.csv"

var specGroups = fileSpec{FileGroups, false,
	[]string{"id", "intervention", "site", "weekday", "slot", "sessions_done", "mode"}, nil}

func init() { personalFiles[FileGroups] = true } // members are people on probation

// GroupMode says who may join a running group.
type GroupMode string

// Group modes. A closed group keeps its members from its first session to
// its last; a rolling group takes people in as places free up.
const (
	GroupClosed  GroupMode = "closed"
	GroupRolling GroupMode = "rolling"
)

// Group is a group now running: it meets at Site on Weekday (one day for
// each session a week) in Slot, with Facilitators, and has held
// SessionsDone of its intervention's sessions. File groups.csv; the rota's
// groups.csv is next week's input.
type Group struct {
	ID           string    `csv:"id"`
	Intervention string    `csv:"intervention"`
	Site         string    `csv:"site"`
	Weekday      Weekdays  `csv:"weekday"`
	Slot         string    `csv:"slot"`
	Facilitators List      `csv:"facilitators,omitempty"`
	Members      List      `csv:"members,omitempty"`
	SessionsDone int       `csv:"sessions_done"`
	Mode         GroupMode `csv:"mode"`
	Line         int       `csv:"-"` // line in groups.csv, for messages
}

// SessionsLeft is how many sessions the group still has to hold: its
// intervention's total_sessions less those done, or −1 when the
// catalogue gives no total (the group runs until it is dropped).
func (r *Region) SessionsLeft(g *Group) int {
	i, ok := r.InterventionIndex(g.Intervention)
	if !ok || r.Interventions[i].TotalSessions == 0 {
		return -1
	}
	return max(r.Interventions[i].TotalSessions-g.SessionsDone, 0)
}

// SessionsThisWeek is how many sessions group g is due to hold this week:
// its intervention's sessions_per_week, no more than it has left, and no
// more than its weekdays.
func (r *Region) SessionsThisWeek(g *Group) int {
	i, ok := r.InterventionIndex(g.Intervention)
	if !ok {
		return 0
	}
	n := max(r.Interventions[i].SessionsPerWeek, 1)
	if left := r.SessionsLeft(g); left >= 0 {
		n = min(n, left)
	}
	return n
}

// loadGroups reads groups.csv, the groups now running, after every file
// it refers to.
func (l *loader) loadGroups() {
	lines := map[string]int{}
	member := map[[2]string]string{} // (intervention, member) → group
	groups, at := decodeFile(l, specGroups, func(r *row, v *Group) {
		r.checkID("id", v.ID, lines)
		l.checkGroup(r, v, member)
	})
	for i := range groups {
		groups[i].Line = at[i]
	}
	l.r.Groups = groups
}

// checkGroup checks one row of groups.csv.
func (l *loader) checkGroup(r *row, v *Group, member map[[2]string]string) {
	enum(r, "mode", &v.Mode, GroupClosed, GroupRolling)
	if r.has("slot") && slotIndex(l.r.Settings.Slots, v.Slot) < 0 {
		r.errf("slot", "%q is not a slot of the settings (%s)", r.v(v.Slot), slotNames(l.r.Settings.Slots))
	} else if i := slotIndex(l.r.Settings.Slots, v.Slot); i >= 0 {
		v.Slot = l.r.Settings.Slots[i].Name
	}
	inRange(r, "sessions_done", float64(v.SessionsDone), 0, float64(limits.group), true)
	k, okSite := l.ref(r, "site", v.Site, l.sites, FileSites, "site")
	if okSite && r.has("weekday") {
		for _, d := range v.Weekday.Days() {
			if !l.r.Sites[k].OpenDays.Has(d) {
				l.p.warn(r.file, r.line, "weekday", fmt.Sprintf("the site is not open on %s (open_days %s): the group's session moves this week", d, l.r.Sites[k].OpenDays))
			}
		}
	}
	i, okIv := l.ref(r, "intervention", v.Intervention, l.intvs, FileInterventions, "intervention")
	if !okIv {
		return
	}
	iv := &l.r.Interventions[i]
	if iv.Kind == UnpaidWork {
		r.errf("intervention", "%q is unpaid work, which runs as work parties, not groups", r.v(v.Intervention))
		return
	}
	if iv.TotalSessions > 0 && v.SessionsDone >= iv.TotalSessions {
		r.errf("sessions_done", "%d: the group is already complete (%s has total_sessions %d)", v.SessionsDone, iv.ID, iv.TotalSessions)
	}
	if n := v.Weekday.Len(); n > max(iv.SessionsPerWeek, 1) {
		r.errf("weekday", "%d weekdays for %s, which meets %d a week (sessions_per_week)", n, iv.ID, max(iv.SessionsPerWeek, 1))
	}
	skill := iv.Skill
	if skill == "" {
		skill = iv.ID
	}
	for _, p := range v.Facilitators {
		if j, ok := l.ref(r, "facilitators", p, l.pracs, FilePractitioners, "practitioner"); ok && !l.r.Practitioners[j].Skills.Has(skill) {
			r.errf("facilitators", "%q does not hold the skill %s", p, skill)
		}
	}
	if len(v.Facilitators) > iv.Facilitators {
		r.errf("facilitators", "%d facilitators; %s has %d", len(v.Facilitators), iv.ID, iv.Facilitators)
	}
	if len(v.Members) > iv.MaxGroup {
		r.errf("members", "%d members; %s has max_group %d", len(v.Members), iv.ID, iv.MaxGroup)
	}
	seen := map[string]bool{}
	for _, u := range v.Members {
		if seen[u] {
			r.errf("members", "%q is listed twice", r.v(u))
			continue
		}
		seen[u] = true
		if _, ok := l.ref(r, "members", u, l.users, FileServiceUsers, "service user"); !ok {
			continue
		}
		key := [2]string{iv.ID, u}
		if other, dup := member[key]; dup {
			r.errf("members", "%q is already a member of group %s of %s", r.v(u), other, iv.ID)
			continue
		}
		member[key] = strings.Clone(v.ID)
	}
}
