package solver_test

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"

	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
)

// groupsHeader is the header of groups.csv.
const groupsHeader = "id,intervention,site,weekday,slot,facilitators,members,sessions_done,mode"

// groupWorld: sites a and c (c 6.5 km west, where everyone lives), both
// open Monday and Tuesday; facilitators f1 and f2 of g working both days;
// u1…u3 due a session of g, free any time. Running group G meets at a on
// Tuesday afternoon with f1; the rows of groups.csv follow.
func groupWorld(mode, members string, rows ...string) world {
	w := newWorld()
	w[fSites] = nil
	w.add(fSites, "id=a open_days=mon;tue").add(fSites, "id=c lon=-1.1 open_days=mon;tue").
		add(fIvs, "id=g facilitators=1 min_group=3 max_group=3").column(fIvs, "total_sessions", "", map[string]string{"g": "10"}).
		add(fPracs, "id=f1 grade=facilitator skills=g days=mon;tue").
		add(fPracs, "id=f2 grade=facilitator skills=g days=mon;tue").
		users(3, "u", "lon=-1.1", "kind=intervention intervention=g")
	return w.file("groups.csv", append([]string{groupsHeader, "G,g,a,tue,afternoon,f1," + members + ",4," + mode}, rows...)...)
}

// groupOf is group's row of group_sessions.csv.
func groupOf(t *testing.T, p *plan.Plan, group string) plan.GroupSession {
	t.Helper()
	for _, gs := range p.GroupSessions {
		if gs.Group == group {
			return gs
		}
	}
	t.Fatalf("no group_sessions.csv row of %s", group)
	return plan.GroupSession{}
}

// nextGroup is group's row of the rota's groups.csv.
func nextGroup(p *plan.Plan, group string) *plan.Group {
	for i := range p.Groups {
		if p.Groups[i].ID == group {
			return &p.Groups[i]
		}
	}
	return nil
}

// groupCases are the TestRules cases of running groups (constraint_groups.go).
var groupCases = []ruleCase{
	{
		name: "a group keeps its place, day, slot and facilitators",
		rules: []string{"group.session", "group.kept", "group.next", "group.every-session",
			"summary.terms.group_continuity"},
		world: func() world {
			// c is nearer everyone's home and f2 would do as well: the
			// group still meets at a on Tuesday afternoon with f1.
			return groupWorld("closed", "u1 u2")
		},
		check: func(t *testing.T, p *plan.Plan) {
			gs := groupOf(t, p, "G")
			if gs.Change != "" || !strings.HasPrefix(gs.Session, "g-a-2018-06-05-afternoon-") {
				t.Errorf("G's session %+v, want kept at a on Tuesday afternoon", gs)
			}
			if ng := nextGroup(p, "G"); ng == nil || ng.SessionsDone != 5 || ng.Members != "u1 u2" || ng.Facilitators != "f1" {
				t.Errorf("G after the week %+v, want 5 sessions done, members u1 u2, f1", ng)
			}
			if p.Summary.GroupsKept != 1 || p.Summary.Terms.GroupContinuity != 0 {
				t.Errorf("summary: %d kept, continuity %g; want 1 and 0", p.Summary.GroupsKept, p.Summary.Terms.GroupContinuity)
			}
		},
	},
	{
		name:  "a closed group takes no one in",
		rules: []string{"group.closed", "group.members"},
		world: func() world {
			// u3 is due g too, but a new group needs 3.
			return groupWorld("closed", "u1 u2")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "intervention")
			wantMet(t, p, "u2", "intervention")
			wantUnmet(t, p, "u3", "intervention", 1, "")
		},
	},
	{
		name:  "a rolling group fills its free places",
		rules: []string{"group.rolling"},
		world: func() world {
			// G (max_group 3) has members u1 and u2; u3 and u4 wait: one
			// place is free.
			return groupWorld("rolling", "u1 u2").add(fUsers, "id=u4 lon=-1.1").
				add(fReqs, "service_user=u4 kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			ng := nextGroup(p, "G")
			if ng == nil || len(strings.Fields(ng.Members)) != 3 {
				t.Fatalf("G after the week %+v, want 3 members", ng)
			}
			if u3, u4 := unmetOf(p, "u3", "intervention"), unmetOf(p, "u4", "intervention"); (u3 == nil) == (u4 == nil) {
				t.Errorf("u3 unmet %v, u4 unmet %v: want exactly one to join", u3 != nil, u4 != nil)
			}
		},
	},
	{
		name:  "a closed site moves the session, reported",
		rules: []string{"group.kept"},
		world: func() world {
			w := groupWorld("closed", "u1 u2")
			w[fSites][0] = strings.Replace(w[fSites][0], "mon;tue", "mon", 1)
			return w
		},
		check: func(t *testing.T, p *plan.Plan) {
			gs := groupOf(t, p, "G")
			if gs.Change == "" || !strings.Contains(gs.Reason, "site a is closed on tue") {
				t.Errorf("G's session %+v: want a change for the closed site", gs)
			}
			if p.Summary.GroupsChanged != 1 || len(p.Summary.GroupChanges) != 1 {
				t.Errorf("summary: %d changed, changes %v", p.Summary.GroupsChanged, p.Summary.GroupChanges)
			}
		},
		warnings: []string{"groups.csv:2: weekday: the site is not open on tue (open_days mon): the group's session moves this week"},
	},
	{
		name:  "an absent facilitator is replaced, reported",
		rules: []string{"group.kept"},
		world: func() world {
			return groupWorld("closed", "u1 u2").file("absences.csv", "practitioner,from,to,slots,reason",
				"f1,2018-06-05,2018-06-05,,sickness")
		},
		check: func(t *testing.T, p *plan.Plan) {
			gs := groupOf(t, p, "G")
			if !slices.Contains(strings.Fields(gs.Change), "facilitators") || !strings.Contains(gs.Reason, "f1 is away") {
				t.Errorf("G's session %+v: want f1 replaced for the absence", gs)
			}
		},
	},
	{
		name:  "a member of a running group not held is told the group's reason, not a new group's minimum",
		rules: []string{"group.session"},
		world: func() world {
			// Both facilitators are away all week: G does not meet, and
			// its members (two, below g's new-group minimum of 3) are
			// short of their session for the group's reason.
			return groupWorld("closed", "u1 u2").file("absences.csv", "practitioner,from,to,slots,reason",
				"f1,2018-06-04,2018-06-10,,leave", "f2,2018-06-04,2018-06-10,,leave")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if gs := groupOf(t, p, "G"); gs.Change != plan.ChangeNotHeld {
				t.Fatalf("G's session %+v: want not held", gs)
			}
			for _, u := range []string{"u1", "u2"} {
				wantUnmet(t, p, u, "intervention", 1, "their g group G did not meet this week: ")
				if q := unmetOf(p, u, "intervention"); q != nil && strings.Contains(q.Reason, "3 needed") {
					t.Errorf("%s: reason %q quotes the new-group minimum", u, q.Reason)
				}
			}
		},
	},
	{
		name:  "a group meeting twice a week settles its second weekday",
		rules: []string{"group.kept", "group.next"},
		world: func() world {
			// g meets twice a week; G has only Tuesday so far. u3 is
			// free on Monday afternoon and Tuesday afternoon only.
			w := groupWorld("closed", "u1 u2")
			w[extraColumns+fIvs] = append(w[extraColumns+fIvs], "sessions_per_week")
			w[fIvs][0] += ",2"
			return w
		},
		check: func(t *testing.T, p *plan.Plan) {
			n := 0
			for _, gs := range p.GroupSessions {
				if gs.Group == "G" {
					n++
					if gs.Change != "" {
						t.Errorf("G's session %+v: want no change", gs)
					}
				}
			}
			if ng := nextGroup(p, "G"); n != 2 || ng == nil || ng.Weekday != "mon tue" || ng.SessionsDone != 6 {
				t.Errorf("%d sessions; G after the week %+v: want 2, weekdays mon tue, 6 done", n, ng)
			}
		},
	},
	{
		name:  "every new session starts a group",
		rules: []string{"group.every-session", "group.next"},
		world: func() world {
			w := groupWorld("closed", "u1 u2")
			delete(w, "groups.csv")
			return w
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Sessions) != 1 || len(p.Groups) != 1 || p.Groups[0].ID != p.Sessions[0].ID ||
				p.Groups[0].SessionsDone != 1 || p.Groups[0].Members != "u1 u2 u3" {
				t.Errorf("sessions %v, groups %v: want one new group of u1 u2 u3", p.Sessions, p.Groups)
			}
		},
	},
}

// TestGroupsTemptation: with the group weights at 0, the first case's
// group moves to c, nearer everyone, with f2: keeping it is the weights'
// doing, and the move is reported.
func TestGroupsTemptation(t *testing.T) {
	tt := groupCases[0]
	w := tt.world
	tt.world = func() world { return w().set("weight.group_move", "0").set("weight.group_facilitator", "0") }
	p := solveRuleCase(t, tt)
	if gs := groupOf(t, p, "G"); !strings.Contains(gs.Change, "site") {
		t.Errorf("G's session %+v: want it moved to c at no cost", gs)
	}
}

// TestGroupsCancelled: a solve cancelled before it starts plans nothing;
// the running group's session is reported not held and the group carried
// into the next week unchanged, and the rota checks clean.
func TestGroupsCancelled(t *testing.T) {
	needCbc(t)
	r := load(t, groupWorld("closed", "u1 u2").fs())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := solver.Solve(ctx, r, solver.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	p := verify(t, r, res)
	if gs := groupOf(t, p, "G"); gs.Change != plan.ChangeNotHeld || !strings.Contains(gs.Reason, "not planned") {
		t.Errorf("G's session %+v: want not held, not planned", gs)
	}
	if ng := nextGroup(p, "G"); ng == nil || ng.SessionsDone != 4 {
		t.Errorf("G after the week %+v: want 4 sessions done still", ng)
	}
}

// stocktonWithGroups is the Stockton sample with groups.csv rows.
func stocktonWithGroups(t *testing.T, rows ...string) *model.Region {
	t.Helper()
	fsys := fstest.MapFS{}
	entries, err := fs.ReadDir(fixtures.Stockton, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(fixtures.Stockton, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: b}
	}
	fsys["groups.csv"] = &fstest.MapFile{Data: []byte(strings.Join(append([]string{groupsHeader}, rows...), "\n") + "\n")}
	return load(t, fsys)
}

// TestGroupMovesRatherThanMisses: on Stockton, TSP group g1 is due its
// last session on Thursday afternoon, when p01 works at Hardwick; another
// slot is free. Not holding a session costs more than moving it
// (weight.group_not_held 600, weight.group_move 300): the session moves.
func TestGroupMovesRatherThanMisses(t *testing.T) {
	needCbc(t)
	r := stocktonWithGroups(t, "g1,tsp,stockton,thu,afternoon,p01 p05,ST0001 ST0008 ST0059 ST0081 ST0106 ST0118,14,closed")
	res := solveAndCheck(t, r, solver.Options{TimeLimit: 20 * time.Second, Seed: 1})
	gs := groupOf(t, res.Plan, "g1")
	if gs.Change == plan.ChangeNotHeld {
		t.Errorf("g1's last session not held (%s), want it moved", gs.Reason)
	}
	t.Logf("g1: %q (%s)", gs.Change, gs.Reason)
	// Priced as a move (the old default), the session is cancelled, and
	// the reason says a move was possible.
	r.Settings.Weights.GroupNotHeld = r.Settings.Weights.GroupMove
	res = solveAndCheck(t, r, solver.Options{TimeLimit: 20 * time.Second, Seed: 1})
	if gs := groupOf(t, res.Plan, "g1"); gs.Change == plan.ChangeNotHeld && !strings.Contains(gs.Reason, "a move was possible, but it cost more than not holding the session") {
		t.Errorf("g1 not held: %q, want it to say a move was possible", gs.Reason)
	}
}

// TestEmptyGroupReason: a running group with no members and no
// facilitators is not held for that reason, not for a solve that stopped
// short.
func TestEmptyGroupReason(t *testing.T) {
	needCbc(t)
	r := stocktonWithGroups(t, "g6,foundations,parish,wed,morning,,,0,rolling")
	res := solveAndCheck(t, r, solver.Options{TimeLimit: 20 * time.Second, Seed: 1})
	gs := groupOf(t, res.Plan, "g6")
	if gs.Change != plan.ChangeNotHeld || strings.Contains(gs.Reason, "stopped") || !strings.Contains(gs.Reason, "no members and no facilitators") {
		t.Errorf("g6: %q (%s), want not held for having no members and no facilitators", gs.Change, gs.Reason)
	}
}

// TestMemberReasonStockton: on Stockton, TSP group g1 (six members) is not
// held (not holding it priced at nothing); its members short of their
// session are told the group's reason, never the new-group minimum of 6.
func TestMemberReasonStockton(t *testing.T) {
	needCbc(t)
	r := stocktonWithGroups(t, "g1,tsp,stockton,thu,afternoon,p01 p05,ST0001 ST0008 ST0059 ST0081 ST0106 ST0118,3,closed")
	r.Settings.Weights.GroupNotHeld = 0
	res := solveAndCheck(t, r, solver.Options{TimeLimit: 20 * time.Second, Seed: 1})
	if gs := groupOf(t, res.Plan, "g1"); gs.Change != plan.ChangeNotHeld {
		t.Skipf("g1 held (%q): nothing to explain", gs.Change)
	}
	n := 0
	for _, u := range res.Plan.Unmet {
		if u.Kind != "intervention" || !slices.Contains([]string{"ST0001", "ST0008", "ST0059", "ST0081", "ST0106", "ST0118"}, u.ServiceUser) {
			continue
		}
		n++
		if !strings.HasPrefix(u.Reason, "their tsp group g1 did not meet this week: ") || strings.Contains(u.Reason, "6 needed") {
			t.Errorf("%s: %q, want g1's reason", u.ServiceUser, u.Reason)
		}
	}
	if n == 0 {
		t.Error("no member of g1 short of a session")
	}
}
