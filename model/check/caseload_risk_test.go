package check

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// riskRegion is team t with a PO and a PSO and team u (same area) with a
// PSO only: h1 (high RoSH) is with the PSO, h2 (very high, custody, MAPPA
// 2) is unallocated, u1 (very high) is in team u, where no PO may hold
// it, and u2 (low) is with u's PSO.
func riskRegion(t *testing.T, settings string) *model.Region {
	t.Helper()
	files := map[string]string{
		model.FileSettings: "key,value\n" + settings,
		model.FileSites:    "id,name,town,lat,lon,open_days,group_rooms,seats_per_room\ncity,City,Leicester,52.63,-1.13,mon,1,10\n",
		model.FileTeams:    "id,name,base,area\nt,T,city,a\nu,U,city,a\n",
		model.FilePractitioners: "id,name,team,grade,contracted_hours,reduction_hours,base_site\n" +
			"po,PO,t,PO,37,0,city\npso,PSO,t,PSO,37,0,city\nq,Q,u,PSO,37,0,city\n",
		model.FileServiceUsers: "id,team,case_manager,lat,lon,gender,dob,rosh,tier,case_type,mappa\n" +
			"h1,t,pso,52.63,-1.13,male,1980-01-01,high,D1,community,\n" +
			"h2,t,,52.63,-1.13,male,1980-01-01,very_high,C1,custody,2\n" +
			"u1,u,q,52.63,-1.13,male,1980-01-01,very_high,D1,licence,3\n" +
			"u2,u,q,52.63,-1.13,male,1980-01-01,low,D1,community,\n",
		model.FileRequirements:  "service_user,kind\n",
		model.FileInterventions: "id,name,kind,session_hours,min_group,max_group,facilitators\ntsp,TSP,programme,2.5,2,8,1\n",
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	r, err := model.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// riskCaseload is the balanced caseload under test: h1 and h2 to the PO,
// u1 listed as unheld.
func riskCaseload() *plan.Caseload {
	return &plan.Caseload{
		Moves: []plan.Move{
			{ServiceUser: "h1", Team: "t", From: "pso", To: "po", Points: 29, Reason: "required: pso is a PSO and the case needs a PO"},
			{ServiceUser: "h2", Team: "t", To: "po", Points: 23, Reason: "unallocated"},
		},
		Summary: plan.CaseloadSummary{Unheld: []plan.UnheldCase{
			{ServiceUser: "u1", Team: "u", CaseManager: "q", Reason: "PO-only case (RoSH very high): no PO in team u with room; nearest team with room: t", NearestTeam: "t"},
		}},
	}
}

// TestCheckCaseloadRiskRules mutates a valid caseload with high and very
// high RoSH, MAPPA, custody and licence cases; each mutation must be
// caught by its rule.
func TestCheckCaseloadRiskRules(t *testing.T) {
	tests := []struct {
		name     string
		settings string
		edit     func(c *plan.Caseload)
		want     []string
	}{
		{"valid", "", func(c *plan.Caseload) {}, nil},
		{"high RoSH left with a PSO", "", func(c *plan.Caseload) { c.Moves = c.Moves[1:] }, []string{"caseload.grade"}},
		{"very high RoSH to a PSO", "", func(c *plan.Caseload) { c.Moves[1].To = "pso" }, []string{"caseload.grade"}},
		{"po_only_rosh very_high: a PSO may keep a high case", "po_only_rosh,very_high\n", func(c *plan.Caseload) { c.Moves = c.Moves[1:] }, nil},
		{"po_only_rosh very_high: the high case's move is a balance move", "po_only_rosh,very_high\n", func(c *plan.Caseload) {}, []string{"caseload.reason"}},
		{"unheld case not listed", "", func(c *plan.Caseload) { c.Summary.Unheld = nil }, []string{"caseload.unheld"}},
		{"unheld reason without its team", "", func(c *plan.Caseload) { c.Summary.Unheld[0].Reason = "no facilitator" }, []string{"caseload.unheld"}},
		{"a holdable case listed as unheld", "", func(c *plan.Caseload) {
			c.Summary.Unheld = append(c.Summary.Unheld, plan.UnheldCase{ServiceUser: "u2", Team: "u", CaseManager: "q", Reason: "team u"})
		}, []string{"caseload.unheld"}},
		{"unheld case moved across teams without po_only_cross_team", "", func(c *plan.Caseload) {
			c.Moves = append(c.Moves, plan.Move{ServiceUser: "u1", Team: "u", From: "q", To: "po", Points: 31, Reason: "required: q is a PSO and the case needs a PO"})
		}, []string{"caseload.unplaced"}},
		{"po_only_cross_team: to the nearest team's PO", "po_only_cross_team,yes\n", func(c *plan.Caseload) {
			c.Moves = append(c.Moves, plan.Move{ServiceUser: "u1", Team: "u", From: "q", To: "po", Points: 31, Reason: "required: q is in team u; no PO of team u may hold the case and t is the nearest team with one"})
			c.Summary.Unheld = nil
		}, nil},
		{"po_only_cross_team: left with the PSO", "po_only_cross_team,yes\n", func(c *plan.Caseload) { c.Summary.Unheld = nil }, []string{"caseload.grade"}},
		{"po_only_cross_team: not a PO-only case", "po_only_cross_team,yes\n", func(c *plan.Caseload) {
			c.Moves = append(c.Moves, plan.Move{ServiceUser: "u2", Team: "u", From: "q", To: "pso", Points: 29, Reason: "balance: from 2.8% to 1.3%"})
			c.Summary.Unheld = nil
		}, []string{"caseload.team", "caseload.grade"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := riskRegion(t, tt.settings)
			c := riskCaseload()
			tt.edit(c)
			got := map[string]bool{}
			for _, v := range CheckCaseload(r, c) {
				if v.Rule == "caseload.rows" || v.Rule == "caseload.summary" {
					continue
				}
				got[v.Rule] = true
				if !slices.Contains(tt.want, v.Rule) {
					t.Errorf("unexpected: %s", v)
				}
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("%s not reported", w)
				}
			}
		})
	}
}
