package caseload

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// instance is a region prepared for balancing: the rules applied to every
// case, and the teams' classes.
type instance struct {
	r      *model.Region
	before []int // case manager of each service user (position in Practitioners), -1 none
	points []float64
	avail  []float64 // available points by practitioner
	poOnly []bool    // by service user
	kind   []caseKind
	pinned []bool   // by service user: an appointment of theirs is pinned (pinnedCases)
	why    []string // for required moves: why the current case manager may not keep the case
	home   []int    // team (position in teams) whose case managers may take the case: its own, or another of its area (po_only_cross_team)
	unheld []plan.UnheldCase
	ptsB   []float64 // points held before, by practitioner
	teams  []*team
}

type caseKind int

const (
	kindKeep       caseKind = iota // held by someone who may keep it
	kindUnalloc                    // no case manager: must be allocated
	kindRequired                   // held by someone who may not keep it: must move
	kindUnplacedOK                 // nobody in the team may hold it: left as it is
	kindPinned                     // an appointment pinned (pins.csv): kept by its case manager, who may keep it
)

// team is one team's problem.
type team struct {
	index   int
	id      string
	pracs   []int // case managers of the team (positions in Practitioners), file order
	local   map[int]int
	fixed   []float64 // points of unplaced cases kept, by local practitioner
	classes []class
	cases   int
	points  float64

	// Outcome.
	moves, required, allocs, unplaced, scratch int
	status                                     string
	seconds                                    float64
}

// class is a set of interchangeable cases of one team.
type class struct {
	inc    int // local index of the current case manager, -1 none (unallocated or required)
	points float64
	poOnly bool
	cases  []int // positions in ServiceUsers, file order
	dest   []int // local indices of the practitioners who may take them
}

// IsPOOnly reports whether only a probation officer may hold service user
// u's case under the settings: a tier in po_only_tiers, a RoSH level in
// po_only_rosh, an IOM case when po_only_iom, or a flag in po_only_flags.
func IsPOOnly(s model.Settings, u model.ServiceUser) bool { return len(POOnlyWhy(s, u)) > 0 }

// POOnlyWhy lists what makes u's case PO-only, e.g. ["tier A2", "RoSH
// high"]; nil when a PSO may hold it.
func POOnlyWhy(s model.Settings, u model.ServiceUser) []string {
	var why []string
	if slices.Contains(s.POOnlyTiers, u.Tier) {
		why = append(why, "tier "+string(u.Tier))
	}
	if slices.Contains(s.POOnlyRoSH, u.RoSH) {
		why = append(why, "RoSH "+strings.ReplaceAll(u.RoSH, "_", " "))
	}
	if u.IOM && s.POOnlyIOM {
		why = append(why, "IOM")
	}
	for _, f := range u.Flags {
		if slices.Contains(s.POOnlyFlags, f) {
			why = append(why, "flag "+f)
		}
	}
	return why
}

func newInstance(r *model.Region) *instance {
	n := len(r.ServiceUsers)
	in := &instance{
		r:      r,
		before: make([]int, n),
		points: make([]float64, n),
		avail:  make([]float64, len(r.Practitioners)),
		poOnly: make([]bool, n),
		kind:   make([]caseKind, n),
		why:    make([]string, n),
		home:   make([]int, n),
		ptsB:   make([]float64, len(r.Practitioners)),
		pinned: pinnedCases(r),
	}
	for p := range r.Practitioners {
		in.avail[p] = r.AvailablePoints(p)
	}
	byID := in.newTeams()
	classOf := make([]map[classKey]int, len(in.teams))
	for i, t := range in.teams {
		t.fixed = make([]float64, len(t.pracs))
		classOf[i] = map[classKey]int{}
	}
	for u, su := range r.ServiceUsers {
		in.points[u] = r.Points(u)
		in.poOnly[u] = IsPOOnly(r.Settings, su)
		in.before[u], in.home[u] = -1, -1
		if p, ok := r.PractitionerIndex(su.CaseManager); ok && su.CaseManager != "" {
			in.before[u] = p
			in.ptsB[p] += in.points[u]
		}
	}
	for u, su := range r.ServiceUsers {
		t := byID[su.Team]
		if t == nil {
			continue // validation makes this impossible
		}
		t.cases++
		t.points += in.points[u]
		in.classify(u, t, byID, classOf)
	}
	for _, t := range in.teams {
		slices.SortStableFunc(t.classes, func(a, b class) int {
			return cmp.Or(cmp.Compare(a.inc, b.inc), cmp.Compare(b.points, a.points), boolCmp(a.poOnly, b.poOnly))
		})
	}
	return in
}

// classKey identifies a class of a team.
type classKey struct {
	inc    int
	points float64
	poOnly bool
}

// newTeams makes the teams with their case managers, by team id.
func (in *instance) newTeams() map[string]*team {
	byID := map[string]*team{}
	for i, t := range in.r.Teams {
		tm := &team{index: i, id: t.ID, local: map[int]int{}}
		in.teams = append(in.teams, tm)
		byID[t.ID] = tm
	}
	for p, pr := range in.r.Practitioners {
		if t := byID[pr.Team]; t != nil && pr.Grade.HoldsCases() {
			t.local[p] = len(t.pracs)
			t.pracs = append(t.pracs, p)
		}
	}
	return byID
}

// classify decides what balancing does with case u of team t: which team
// takes it (its own or, for a PO-only case no PO of its team may hold
// when po_only_cross_team allows, the nearest of its area with one),
// whether it is kept, allocated, moved, or left unheld; and adds it to
// its class.
func (in *instance) classify(u int, t *team, byID map[string]*team, classOf []map[classKey]int) {
	r := in.r
	home := t
	in.home[u] = t.index
	dest := in.destIn(t, u)
	if len(dest) == 0 && in.poOnly[u] && r.Settings.CrossTeamPOOnly {
		if nt, _ := in.nearestWith(t, u); nt != nil {
			home, in.home[u] = nt, nt.index
			dest = in.destIn(nt, u)
		}
	}
	inc := -1
	switch why := in.keepProblem(u); {
	case in.before[u] < 0:
		in.kind[u] = kindUnalloc
	case why == "":
		in.kind[u] = kindKeep
		inc = home.local[in.before[u]]
	default:
		in.kind[u] = kindRequired
		in.why[u] = why
	}
	if len(dest) == 0 {
		in.kind[u] = kindUnplacedOK
		in.unheld = append(in.unheld, in.unheldCase(t, u))
		if p := in.before[u]; p >= 0 {
			// Kept by its case manager, whose load it stays in,
			// whatever their team.
			if pt := byID[r.Practitioners[p].Team]; pt != nil {
				if l, ok := pt.local[p]; ok {
					pt.fixed[l] += in.points[u]
				}
			}
		}
		return
	}
	if in.kind[u] == kindKeep && in.pinned[u] {
		// The plan must keep the pin: the case stays where it is, in
		// its case manager's load.
		in.kind[u] = kindPinned
		home.fixed[inc] += in.points[u]
		return
	}
	k := classKey{inc, in.points[u], in.poOnly[u]}
	c, ok := classOf[home.index][k]
	if !ok {
		c = len(home.classes)
		classOf[home.index][k] = c
		home.classes = append(home.classes, class{inc: inc, points: k.points, poOnly: k.poOnly, dest: dest})
	}
	home.classes[c].cases = append(home.classes[c].cases, u)
}

// destIn lists the local indices of team t's case managers who may take
// case u were it t's.
func (in *instance) destIn(t *team, u int) []int {
	var dest []int
	for l, p := range t.pracs {
		if in.mayHoldIn(p, u, t.id) {
			dest = append(dest, l)
		}
	}
	return dest
}

// nearestWith is the team of t's area, other than t, nearest to t (base
// to base; the first in teams.csv on a tie) with a case manager who may
// take case u, and its distance in km; nil if none.
func (in *instance) nearestWith(t *team, u int) (*team, float64) {
	r := in.r
	area := r.AreaOfTeam(t.id)
	var best *team
	bestKm := math.Inf(1)
	for _, o := range in.teams {
		if o == t || r.AreaOfTeam(o.id) != area || len(in.destIn(o, u)) == 0 {
			continue
		}
		if km := in.teamKm(t, o); km < bestKm {
			best, bestKm = o, km
		}
	}
	return best, bestKm
}

// teamKm is the distance between two teams' base sites (0 if unknown).
func (in *instance) teamKm(a, b *team) float64 {
	r := in.r
	sa, okA := r.SiteIndex(r.Teams[a.index].Base)
	sb, okB := r.SiteIndex(r.Teams[b.index].Base)
	if !okA || !okB {
		return 0
	}
	return model.DistanceKm(r.Sites[sa].Lat, r.Sites[sa].Lon, r.Sites[sb].Lat, r.Sites[sb].Lon)
}

// unheldCase explains why nobody in team t may hold case u: the grade it
// needs, that no one of that grade in the team has room (available
// points), and the nearest team of the area that has.
func (in *instance) unheldCase(t *team, u int) plan.UnheldCase {
	r := in.r
	su := r.ServiceUsers[u]
	uc := plan.UnheldCase{ServiceUser: su.ID, Team: su.Team, CaseManager: su.CaseManager}
	who, what := "PO or PSO", ""
	if in.poOnly[u] {
		who, what = "PO", "; PO-only: "+strings.Join(POOnlyWhy(r.Settings, su), ", ")
	}
	uc.Reason = fmt.Sprintf("no %s in team %s with room", who, t.id)
	nt, km := in.nearestWith(t, u)
	if nt == nil {
		uc.Reason += fmt.Sprintf("; no team of area %s has one%s", r.AreaOfTeam(t.id), what)
		return uc
	}
	uc.NearestTeam = nt.id
	low, lowID := math.Inf(1), ""
	for _, l := range in.destIn(nt, u) {
		p := nt.pracs[l]
		if c := 100 * in.ptsB[p] / in.avail[p]; c < low {
			low, lowID = c, r.Practitioners[p].ID
		}
	}
	uc.Reason += fmt.Sprintf("; nearest team with room: %s (%.1f km; %s at %.1f%%)", nt.id, km, lowID, low)
	if in.poOnly[u] && !r.Settings.CrossTeamPOOnly {
		uc.Reason += "; po_only_cross_team would let it go there"
	}
	uc.Reason += what
	return uc
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// mayHoldIn reports whether practitioner p may take service user u's
// case were it balanced in team id (its own, or the one
// po_only_cross_team chose): a PO or PSO of that team with available
// points, a PO for a PO-only case.
func (in *instance) mayHoldIn(p, u int, team string) bool {
	pr := in.r.Practitioners[p]
	return pr.Team == team && pr.Grade.HoldsCases() && in.avail[p] > 0 &&
		(!in.poOnly[u] || pr.Grade == model.GradePO)
}

// keepProblem says why u's current case manager may not keep the case, or
// "" if they may (or there is none).
func (in *instance) keepProblem(u int) string {
	p := in.before[u]
	if p < 0 {
		return ""
	}
	pr, su := in.r.Practitioners[p], in.r.ServiceUsers[u]
	switch home := in.teams[in.home[u]].id; {
	case pr.Team != home && home == su.Team:
		return fmt.Sprintf("%s is in team %s, the case in %s", pr.ID, pr.Team, su.Team)
	case pr.Team != home:
		return fmt.Sprintf("%s is in team %s; no PO of team %s may hold the case and %s is the nearest team with one", pr.ID, pr.Team, su.Team, home)
	case !pr.Grade.HoldsCases():
		return fmt.Sprintf("%s is a %s", pr.ID, pr.Grade)
	case in.avail[p] <= 0:
		return fmt.Sprintf("%s has no available points", pr.ID)
	case in.poOnly[u] && pr.Grade != model.GradePO:
		return fmt.Sprintf("%s is a %s and the case needs a PO", pr.ID, pr.Grade)
	}
	return ""
}
