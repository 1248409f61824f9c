package report

import (
	"cmp"
	"slices"

	"github.com/probation/rota/model"
)

// Equality impact: people affected and harmed (losing something, or
// travelling further in all) by group, against everyone in the group.

// equalityGroup is one protected (or monitored) characteristic: its name
// and each service user's group in it.
type equalityGroup struct {
	name string
	of   func(u model.ServiceUser) string
}

// equalityTally counts the people in one group, those affected and those
// harmed.
type equalityTally struct{ people, affected, harmed int }

// equality is the equality impact table over the baseline's service
// users: the characteristics it covers and a row for each group of each.
func equality(base *model.Region, files map[string][]byte, people map[string]*affectedPerson) ([]string, []equalityRow) {
	var covers []string
	var rows []equalityRow
	for _, g := range equalityGroups(optionalColumn(files, model.FileServiceUsers, "ethnicity")) {
		covers = append(covers, g.name)
		rows = append(rows, equalityRows(g, base.ServiceUsers, people)...)
	}
	return covers, rows
}

// equalityGroups are the characteristics in the table's order; ethnicity
// only when service_users.csv has the column (eth not nil).
func equalityGroups(eth map[string]string) []equalityGroup {
	groups := []equalityGroup{
		{"sex", sexGroup},
		{"age band", ageBandGroup},
		{"step-free need (disability proxy)", stepFreeGroup},
	}
	if eth != nil {
		groups = append(groups, equalityGroup{"ethnicity", ethnicities(eth).group})
	}
	return append(groups,
		equalityGroup{"tier", tierGroup},
		equalityGroup{"risk of serious harm", roshGroup},
	)
}

func sexGroup(u model.ServiceUser) string     { return string(u.Gender) }
func ageBandGroup(u model.ServiceUser) string { return ageBand(u.Age) }
func tierGroup(u model.ServiceUser) string    { return "tier " + string(u.Tier.Letter()) }
func roshGroup(u model.ServiceUser) string    { return cmp.Or(u.RoSH, "not recorded") }

func stepFreeGroup(u model.ServiceUser) string {
	if u.StepFree {
		return "needs step-free access"
	}
	return "no step-free need"
}

// ethnicities is service_users.csv's optional ethnicity column by id.
type ethnicities map[string]string

func (eth ethnicities) group(u model.ServiceUser) string { return cmp.Or(eth[u.ID], "not recorded") }

// equalityRows are one characteristic's rows, a row a group in order of
// the group's name.
func equalityRows(g equalityGroup, users []model.ServiceUser, people map[string]*affectedPerson) []equalityRow {
	t, keys := tallyGroups(g, users, people)
	var all equalityTally
	for _, k := range keys {
		all.people += t[k].people
		all.affected += t[k].affected
		all.harmed += t[k].harmed
	}
	var rows []equalityRow
	for _, k := range keys {
		rows = append(rows, equalityRowOf(g.name, k, *t[k], all))
	}
	return rows
}

// tallyGroups counts the users in each group of g, and the affected and
// harmed among them; keys are the groups in sorted order.
func tallyGroups(g equalityGroup, users []model.ServiceUser, people map[string]*affectedPerson) (map[string]*equalityTally, []string) {
	t := map[string]*equalityTally{}
	var keys []string
	for _, u := range users {
		k := g.of(u)
		if t[k] == nil {
			t[k] = &equalityTally{}
			keys = append(keys, k)
		}
		t[k].people++
		if pp := people[u.ID]; pp != nil {
			t[k].affected++
			if pp.harmed() {
				t[k].harmed++
			}
		}
	}
	slices.Sort(keys)
	return t, keys
}

// equalityRowOf is one group's row. A group affected at more than 1.5
// times the rate of everyone (and at least 3 people) is marked: a
// disparity to look at.
func equalityRowOf(characteristic, group string, x, all equalityTally) equalityRow {
	row := equalityRow{Characteristic: characteristic, Group: group, People: x.people, Affected: x.affected, Harmed: x.harmed,
		AffectedPct: pct(float64(x.affected), float64(x.people)), HarmedPct: pct(float64(x.harmed), float64(x.people))}
	if x.affected >= 3 && all.people > 0 && float64(x.affected)/float64(x.people) > 1.5*float64(all.affected)/float64(all.people) {
		row.Class = "pos"
	}
	return row
}
