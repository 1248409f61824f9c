package check

import (
	"slices"
	"strings"
	"testing"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// g1 is a running group of tsp that meets where the fixture's tsp session
// is (city, Tuesday afternoon, p1 and p2) with its attendees.
const g1 = "g1,tsp,city,tue,afternoon,p1 p2,u1 u2,3,closed"

// running gives a mutation's input (groups.csv with rows) and the rota's
// group files written as the solver writes them: each running group holds
// the first session of its intervention that held accepts (every one when
// held is nil); every other session starts a new group.
func running(held func(g *model.Group, s *plan.Session) bool, rows ...string) (func(*testing.T, files), func(*testing.T, *plan.Plan)) {
	input := func(t *testing.T, f files) {
		f.add(model.FileGroups, "id,intervention,site,weekday,slot,facilitators,members,sessions_done,mode")
		for _, row := range rows {
			f.add(model.FileGroups, row)
		}
	}
	output := func(t *testing.T, p *plan.Plan) {
		r := load(t, input)
		groupFiles(r, p, held)
	}
	return input, output
}

// groupFiles writes p's group_sessions.csv and groups.csv rows.
func groupFiles(r *model.Region, p *plan.Plan, held func(g *model.Group, s *plan.Session) bool) {
	taken := map[string]bool{}
	joined := map[ivKey]bool{}
	for _, g := range r.Groups {
		for _, u := range g.Members {
			joined[ivKey{u, g.Intervention}] = true
		}
	}
	for i := range r.Groups {
		g := &r.Groups[i]
		members, done := slices.Clone([]string(g.Members)), g.SessionsDone
		gs := plan.GroupSession{Group: g.ID, Change: plan.ChangeNotHeld, Reason: "no session"}
		for j := range p.Sessions {
			s := &p.Sessions[j]
			if s.Kind != plan.KindSession || s.Intervention != g.Intervention || taken[s.ID] || (held != nil && !held(g, s)) {
				continue
			}
			taken[s.ID], done = true, done+1
			gs = plan.GroupSession{Group: g.ID, Session: s.ID, Date: s.Date, Change: changeOf(g, s), Reason: "a test"}
			if gs.Change == "" {
				gs.Reason = ""
			}
			for _, u := range strings.Fields(s.Attendees) {
				if g.Mode == model.GroupRolling && !slices.Contains(members, u) {
					members = append(members, u)
				}
			}
			break
		}
		p.GroupSessions = append(p.GroupSessions, gs)
		p.Groups = append(p.Groups, plan.Group{ID: g.ID, Intervention: g.Intervention, Site: g.Site, Weekday: g.Weekday.String(),
			Slot: g.Slot, Facilitators: g.Facilitators.String(), Members: strings.Join(members, " "), SessionsDone: done, Mode: string(g.Mode)})
	}
	for _, s := range p.Sessions {
		if s.Kind != plan.KindSession || taken[s.ID] {
			continue
		}
		var members []string
		for _, u := range strings.Fields(s.Attendees) {
			if !joined[ivKey{u, s.Intervention}] {
				members = append(members, u)
			}
		}
		p.GroupSessions = append(p.GroupSessions, plan.GroupSession{Group: s.ID, Session: s.ID, Date: s.Date, Change: plan.ChangeNew})
		p.Groups = append(p.Groups, plan.Group{ID: s.ID, Intervention: s.Intervention, Site: s.Site, Weekday: s.Weekday,
			Slot: s.Slot, Facilitators: s.Staff, Members: strings.Join(members, " "), SessionsDone: 1, Mode: "rolling"})
	}
}

func changeOf(g *model.Group, s *plan.Session) string {
	var ch []string
	if s.Site != g.Site {
		ch = append(ch, "site")
	}
	if d, _ := model.ParseWeekday(s.Weekday); !g.Weekday.Has(d) {
		ch = append(ch, "weekday")
	}
	if s.Slot != g.Slot {
		ch = append(ch, "slot")
	}
	if !sameMembers(strings.Fields(s.Staff), g.Facilitators) {
		ch = append(ch, "facilitators")
	}
	return strings.Join(ch, " ")
}

// groupOf finds the group_sessions.csv row of a group.
func groupOf(t *testing.T, p *plan.Plan, id string) *plan.GroupSession {
	t.Helper()
	for i := range p.GroupSessions {
		if p.GroupSessions[i].Group == id {
			return &p.GroupSessions[i]
		}
	}
	t.Fatalf("no group_sessions row of %s", id)
	return nil
}

// TestGroupsValid: the fixture with running groups kept, moved or not
// held, written as the solver writes them, breaks no rule, and the
// changes are priced.
func TestGroupsValid(t *testing.T) {
	for _, tt := range []struct {
		name string
		rows []string
		held func(g *model.Group, s *plan.Session) bool
		want float64 // group_continuity
	}{
		{"kept", []string{g1}, nil, 0},
		{"moved to the afternoon", []string{"g1,tsp,city,tue,morning,p1 p2,u1 u2,3,closed"}, nil, 300},
		{"a facilitator not the group's own", []string{"g1,tsp,city,tue,afternoon,p1,u1 u2,3,closed"}, nil, 150},
		{"rolling, taking u2 in", []string{"g1,tsp,city,tue,afternoon,p1 p2,u1,3,rolling"}, nil, 0},
		{"not held", []string{"g1,tsp,city,tue,afternoon,p1 p2,u5,3,closed"}, func(*model.Group, *plan.Session) bool { return false }, 600}, // weight.group_not_held
	} {
		t.Run(tt.name, func(t *testing.T) {
			input, output := running(tt.held, tt.rows...)
			r := load(t, input)
			p := baseline()
			derive(r, p)
			output(t, p)
			summarize(r, p)
			rep := Check(r, p)
			for _, v := range rep.Violations {
				t.Errorf("%s", v)
			}
			if got := rep.Terms.GroupContinuity; got != tt.want {
				t.Errorf("group_continuity = %g, want %g", got, tt.want)
			}
		})
	}
}

// groupMutations break the running groups' rules one at a time.
func groupMutations() []mutation {
	kept := func(rows ...string) mutation {
		in, out := running(nil, rows...)
		return mutation{input: in, output: out}
	}
	with := func(m mutation, name, want string, also ...string) mutation {
		m.name, m.want, m.also = name, want, also
		return m
	}
	then := func(m mutation, edit func(t *testing.T, p *plan.Plan)) mutation {
		out := m.output
		m.output = func(t *testing.T, p *plan.Plan) { out(t, p); edit(t, p) }
		return m
	}
	notHeldIn, notHeldOut := running(func(*model.Group, *plan.Session) bool { return false }, g1)
	return []mutation{
		with(then(kept(g1), func(t *testing.T, p *plan.Plan) {
			p.GroupSessions = append(p.GroupSessions, plan.GroupSession{Group: "g1", Change: plan.ChangeNotHeld, Reason: "a test"})
		}), "a session more than due", "group.session"),
		with(then(kept("g1,tsp,city,tue,morning,p1 p2,u1 u2,3,closed"), func(t *testing.T, p *plan.Plan) {
			groupOf(t, p, "g1").Change = ""
		}), "a move not reported", "group.kept"),
		with(then(kept("g1,tsp,city,tue,morning,p1 p2,u1 u2,3,closed"), func(t *testing.T, p *plan.Plan) {
			groupOf(t, p, "g1").Reason = ""
		}), "a move without a reason", "group.kept"),
		with(kept("g1,tsp,city,tue,afternoon,p1 p2,u1,3,closed"), "a stranger in a closed group", "group.closed"),
		with(mutation{input: notHeldIn, output: notHeldOut}, "members at a new session", "group.members"),
		with(kept("g1,tsp,city,tue,afternoon,p1 p2,u1 u5 u6 u7,3,rolling"), "a rolling group over max_group", "group.rolling"),
		with(then(kept(g1), func(t *testing.T, p *plan.Plan) {
			p.GroupSessions = append(p.GroupSessions, p.GroupSessions[len(p.GroupSessions)-1])
			p.GroupSessions[len(p.GroupSessions)-1].Group = "another"
		}), "a session in two groups", "group.every-session"),
		with(then(kept(g1), func(t *testing.T, p *plan.Plan) { p.Groups[0].SessionsDone++ }), "sessions done not advanced by one", "group.next"),
		with(then(kept(g1), func(t *testing.T, p *plan.Plan) { p.Groups = p.Groups[1:] }), "a running group dropped", "group.next"),
		func() mutation {
			m := with(kept(g1), "continuity term", "summary.terms.group_continuity")
			m.sum = func(s *plan.Summary) { s.Terms.GroupContinuity++ }
			return m
		}(),
	}
}
