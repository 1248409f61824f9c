package solver_test

import (
	"strings"
	"testing"

	"github.com/probation/rota/model/plan"
)

// unpaidWorkCases are the TestRules cases of work parties (constraint_unpaidwork.go).
var unpaidWorkCases = []ruleCase{
	{
		name:  "unpaid work: step-free access",
		rules: []string{"party.step-free"},
		world: func() world {
			// j1's site a has steps; f1 needs step-free access.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a step_free=false").add(fProjects, "id=j1").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				users(3, "m", "", "kind=unpaid_work hours=7").
				add(fUsers, "id=f1 step_free=true").add(fReqs, "service_user=f1 kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, a := range p.Attendance {
				if a.ServiceUser == "f1" {
					t.Errorf("f1 (step-free) in a party at a: %+v", a)
				}
			}
			wantMet(t, p, "m1", "unpaid_work")
			wantUnmet(t, p, "f1", "unpaid_work", 7, "")
		},
	},
	{
		name:  "eligibility: a project at a women-only site",
		rules: []string{"party.women-only-site"},
		world: func() world {
			// j1 is not women-only, but its site a is.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a women_only=true").add(fProjects, "id=j1").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				users(3, "m", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Sessions); n != 0 {
				t.Errorf("men in a party at a women-only site: %+v", p.Sessions)
			}
			wantUnmet(t, p, "m1", "unpaid_work", 7, "not eligible: the unpaid-work projects within 25 km are for women only")
		},
	},
	{
		name:  "work party on a project day at an open site",
		rules: []string{"party.day"},
		warnings: []string{
			"projects.csv:2: days: site a is not open on tue: no work party can run then",
			"projects.csv:3: days: site b is not open on mon: no work party can run then",
		},
		world: func() world {
			// j1 runs on Tuesday only; b, j2's site, is closed on Monday.
			return newWorld().add(fSites, "id=b lat=54.01 open_days=tue").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work days=mon;tue").
				add(fProjects, "id=j1 days=tue").add(fProjects, "id=j2 site=b days=mon").
				users(3, "w", "available=mon", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Sessions) != 0 {
				t.Errorf("parties on a day the project does not run or its site is closed: %+v", p.Sessions)
			}
			wantUnmet(t, p, "w1", "unpaid_work", 7, "")
		},
	},
	{
		name:  "eligibility: women-only project",
		rules: []string{"party.women-only"},
		world: func() world {
			return newWorld().add(fProjects, "id=j1 women_only=true").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				users(3, "m", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Sessions); n != 0 {
				t.Errorf("men in a women-only project's party: %+v", p.Sessions)
			}
			wantUnmet(t, p, "m1", "unpaid_work", 7, "")
		},
	},
	{
		name:  "unpaid work: places",
		rules: []string{"party.places"},
		world: func() world {
			return newWorld().add(fProjects, "id=j1 places=2").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				users(3, "w", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, s := range p.Sessions {
				if s.Size > 2 {
					t.Errorf("party %s of %d, places 2", s.ID, s.Size)
				}
			}
			if got := totalUnmet(p, "hours"); got != 7 {
				t.Errorf("%g hours unmet, want 7", got)
			}
			for _, u := range p.Unmet {
				if !strings.Contains(u.Reason, "full") {
					t.Errorf("unmet %+v: want the party full", u)
				}
			}
		},
	},
	{
		name:  "unpaid work: supervisors",
		rules: []string{"party.supervisors", "party.skill"},
		world: func() world {
			// j1 needs two supervisors; s2 lacks the unpaid_work skill.
			return newWorld().add(fProjects, "id=j1 supervisors=2").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").add(fPracs, "id=s2 grade=supervisor").
				users(3, "w", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Sessions) != 0 {
				t.Errorf("party without two skilled supervisors: %+v", p.Sessions)
			}
			wantUnmet(t, p, "w1", "unpaid_work", 7, "supervisor")
		},
	},
	{
		name:  "unpaid work: no lone woman",
		rules: []string{"party.lone-woman"},
		world: func() world {
			return newWorld().add(fProjects, "id=j1").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				add(fUsers, "id=f1 gender=female").add(fReqs, "service_user=f1 kind=unpaid_work hours=7 priority=1").
				users(2, "m", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(attendanceOf(p, "f1")) != 0 {
				t.Errorf("f1 is the one woman among men: %+v", p.Sessions)
			}
			wantMet(t, p, "m1", "unpaid_work")
			wantUnmet(t, p, "f1", "unpaid_work", 7, "")
		},
	},
	{
		name:  "no_lone_woman false allows it",
		rules: []string{"party.lone-woman"},
		world: func() world {
			return newWorld().set("no_lone_woman", "false").add(fProjects, "id=j1").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				add(fUsers, "id=f1 gender=female").add(fReqs, "service_user=f1 kind=unpaid_work hours=7 priority=1").
				users(2, "m", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Unmet) != 0 {
				t.Errorf("unmet %+v, want all three in the party", p.Unmet)
			}
		},
	},
	{
		name:  "unpaid work: at least two",
		rules: []string{"party.min-size"},
		world: func() world {
			return newWorld().add(fProjects, "id=j1").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				users(1, "w", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Sessions) != 0 {
				t.Errorf("a party of one: %+v", p.Sessions)
			}
			wantUnmet(t, p, "w1", "unpaid_work", 7, "")
		},
	},
	{
		name:  "unpaid work only with a requirement",
		rules: []string{"party.requirement"},
		world: func() world {
			// w1 alone is due hours; u2, due a group, would make two.
			return newWorld().add(fIvs, "id=g").add(fProjects, "id=j1").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				users(1, "w", "", "kind=unpaid_work hours=7").
				add(fUsers, "id=u2").add(fReqs, "service_user=u2 kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(sessionsOf(p, plan.KindWorkParty)); n != 0 {
				t.Errorf("%d work parties with one person due hours", n)
			}
			wantUnmet(t, p, "w1", "unpaid_work", 7, "")
			wantMet(t, p, "u2", "intervention")
		},
	},
	{
		name:  "unpaid work: free all day",
		rules: []string{"party.available"},
		world: func() world {
			// Three people free on Monday morning only: a party takes the day.
			return newWorld().add(fProjects, "id=j1").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				users(3, "w", "available=mon:morning", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Sessions) != 0 {
				t.Errorf("a party of people not free all day: %+v", p.Sessions)
			}
			wantUnmet(t, p, "w1", "unpaid_work", 7, "not free for a full day")
		},
	},
	{
		name:  "a work party short of supervisors says how many it needs",
		rules: []string{"party.supervisors"},
		world: func() world {
			// j1 needs two supervisors; only s1 has the skill.
			return newWorld().add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				add(fProjects, "id=j1 supervisors=2").
				users(2, "w", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "w1", "unpaid_work", 7, "no supervisor with skill `unpaid_work` works at the project's site on the days its party could run (2 needed)")
		},
	},
}
