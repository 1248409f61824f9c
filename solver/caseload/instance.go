package caseload

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/probation/rota/model"
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
	why    []string // for required moves: why the current case manager may not keep the case
	teams  []*team
}

type caseKind int

const (
	kindKeep       caseKind = iota // held by someone who may keep it
	kindUnalloc                    // no case manager: must be allocated
	kindRequired                   // held by someone who may not keep it: must move
	kindUnplacedOK                 // nobody in the team may hold it: left as it is
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
// u's case under the settings: a tier in po_only_tiers, an IOM case when
// po_only_iom, or a flag in po_only_flags.
func IsPOOnly(s model.Settings, u model.ServiceUser) bool {
	if slices.Contains(s.POOnlyTiers, u.Tier) || (u.IOM && s.POOnlyIOM) {
		return true
	}
	for _, f := range u.Flags {
		if slices.Contains(s.POOnlyFlags, f) {
			return true
		}
	}
	return false
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
	}
	for p := range r.Practitioners {
		in.avail[p] = r.AvailablePoints(p)
	}
	byID := map[string]*team{}
	for i, t := range r.Teams {
		tm := &team{index: i, id: t.ID, local: map[int]int{}}
		in.teams = append(in.teams, tm)
		byID[t.ID] = tm
	}
	for p, pr := range r.Practitioners {
		if t := byID[pr.Team]; t != nil && pr.Grade.HoldsCases() {
			t.local[p] = len(t.pracs)
			t.pracs = append(t.pracs, p)
		}
	}
	type key struct {
		inc    int
		points float64
		poOnly bool
	}
	classOf := make([]map[key]int, len(in.teams))
	for i, t := range in.teams {
		t.fixed = make([]float64, len(t.pracs))
		classOf[i] = map[key]int{}
	}
	for u, su := range r.ServiceUsers {
		in.points[u] = r.Points(u)
		in.poOnly[u] = IsPOOnly(r.Settings, su)
		in.before[u] = -1
		if p, ok := r.PractitionerIndex(su.CaseManager); ok && su.CaseManager != "" {
			in.before[u] = p
		}
		t := byID[su.Team]
		if t == nil {
			continue // validation makes this impossible
		}
		t.cases++
		t.points += in.points[u]
		var dest []int
		for l, p := range t.pracs {
			if in.mayHold(p, u) {
				dest = append(dest, l)
			}
		}
		inc := -1
		switch why := in.keepProblem(u); {
		case in.before[u] < 0:
			in.kind[u] = kindUnalloc
		case why == "":
			in.kind[u] = kindKeep
			inc = t.local[in.before[u]]
		default:
			in.kind[u] = kindRequired
			in.why[u] = why
		}
		if len(dest) == 0 {
			in.kind[u] = kindUnplacedOK
			if p := in.before[u]; p >= 0 {
				// Kept by its case manager, whose load it stays in,
				// whatever their team.
				if pt := byID[r.Practitioners[p].Team]; pt != nil {
					if l, ok := pt.local[p]; ok {
						pt.fixed[l] += in.points[u]
					}
				}
			}
			continue
		}
		k := key{inc, in.points[u], in.poOnly[u]}
		c, ok := classOf[t.index][k]
		if !ok {
			c = len(t.classes)
			classOf[t.index][k] = c
			t.classes = append(t.classes, class{inc: inc, points: k.points, poOnly: k.poOnly, dest: dest})
		}
		t.classes[c].cases = append(t.classes[c].cases, u)
	}
	for _, t := range in.teams {
		slices.SortStableFunc(t.classes, func(a, b class) int {
			return cmp.Or(cmp.Compare(a.inc, b.inc), cmp.Compare(b.points, a.points), boolCmp(a.poOnly, b.poOnly))
		})
	}
	return in
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

// mayHold reports whether practitioner p may take service user u's case:
// a PO or PSO of the case's team with available points, a PO for a
// PO-only case.
func (in *instance) mayHold(p, u int) bool {
	pr, su := in.r.Practitioners[p], in.r.ServiceUsers[u]
	return pr.Team == su.Team && pr.Grade.HoldsCases() && in.avail[p] > 0 &&
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
	switch {
	case pr.Team != su.Team:
		return fmt.Sprintf("%s is in team %s, the case in %s", pr.ID, pr.Team, su.Team)
	case !pr.Grade.HoldsCases():
		return fmt.Sprintf("%s is a %s", pr.ID, pr.Grade)
	case in.avail[p] <= 0:
		return fmt.Sprintf("%s has no available points", pr.ID)
	case in.poOnly[u] && pr.Grade != model.GradePO:
		return fmt.Sprintf("%s is a %s and the case needs a PO", pr.ID, pr.Grade)
	}
	return ""
}
