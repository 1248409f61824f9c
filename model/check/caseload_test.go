package check

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// caseloadRegion is a team t with a PO, a PSO and a PSO on a 100%
// reduction, and a team u with a PSO; c1 (tier A1) is unallocated, c2 and
// c3 (D1) are with the PSO, c4 is in team u.
func caseloadRegion(t *testing.T, settings string) *model.Region {
	t.Helper()
	files := map[string]string{
		model.FileSettings: "key,value\n" + settings,
		model.FileSites:    "id,name,town,lat,lon,open_days,group_rooms,seats_per_room\ncity,City,Leicester,52.63,-1.13,mon,1,10\n",
		model.FileTeams:    "id,name,base\nt,T,city\nu,U,city\n",
		model.FilePractitioners: "id,name,team,grade,contracted_hours,reduction_hours,base_site\n" +
			"po,PO,t,PO,37,0,city\npso,PSO,t,PSO,37,0,city\noff,Off,t,PSO,37,37,city\nq,Q,u,PSO,37,0,city\n",
		model.FileServiceUsers: "id,team,case_manager,lat,lon,gender,dob,rosh,tier,case_type\n" +
			"c1,t,,52.63,-1.13,male,1980-01-01,low,A1,community\n" +
			"c2,t,pso,52.63,-1.13,male,1980-01-01,low,D1,community\n" +
			"c3,t,pso,52.63,-1.13,male,1980-01-01,low,D1,community\n" +
			"c4,u,q,52.63,-1.13,male,1980-01-01,low,D1,community\n",
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

// caseloadMoves are the moves under test: c1 to the PO, c3 to the PO for
// balance.
func caseloadMoves() []plan.Move {
	return []plan.Move{
		{ServiceUser: "c1", Team: "t", To: "po", Points: 146, Reason: "unallocated"},
		{ServiceUser: "c3", Team: "t", From: "pso", To: "po", Points: 29, Reason: "balance: from 2.7% to 0.0%"},
	}
}

func TestCheckCaseloadRules(t *testing.T) {
	tests := []struct {
		name     string
		settings string
		edit     func(ms []plan.Move) []plan.Move
		want     []string // rules reported among the move rules
	}{
		{"valid", "", func(ms []plan.Move) []plan.Move { return ms }, nil},
		{"unallocated left", "", func(ms []plan.Move) []plan.Move { return ms[1:] }, []string{"caseload.allocated"}},
		{"PO-only to a PSO", "", func(ms []plan.Move) []plan.Move {
			ms[0].To = "pso"
			return ms
		}, []string{"caseload.grade"}},
		{"to another team", "", func(ms []plan.Move) []plan.Move {
			ms[1].To, ms[1].Reason = "q", "balance: from 2.7% to 1.3%"
			return ms
		}, []string{"caseload.team"}},
		{"to no available points", "", func(ms []plan.Move) []plan.Move {
			ms[1].To = "off"
			return ms
		}, []string{"caseload.available"}},
		{"wrong from", "", func(ms []plan.Move) []plan.Move {
			ms[1].From, ms[1].To, ms[1].Reason = "po", "pso", "balance: from 0.0% to 2.7%"
			return ms
		}, []string{"caseload.move"}},
		{"wrong reason", "", func(ms []plan.Move) []plan.Move {
			ms[1].Reason = "balance: from 50.0% to 0.0%"
			return ms
		}, []string{"caseload.reason"}},
		{"total cap", "max_moves,1\n", func(ms []plan.Move) []plan.Move {
			return append(ms, plan.Move{ServiceUser: "c2", Team: "t", From: "pso", To: "po", Points: 29, Reason: "balance: from 2.7% to 0.0%"})
		}, []string{"caseload.max-moves"}},
		{"practitioner cap", "max_moves_per_practitioner,1\n", func(ms []plan.Move) []plan.Move {
			return append(ms, plan.Move{ServiceUser: "c2", Team: "t", From: "pso", To: "po", Points: 29, Reason: "balance: from 2.7% to 0.0%"})
		}, []string{"caseload.max-moves-per-practitioner"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := caseloadRegion(t, tt.settings)
			c := &plan.Caseload{Moves: tt.edit(caseloadMoves())}
			got := map[string]bool{}
			for _, v := range CheckCaseload(r, c) {
				if v.Rule != "caseload.rows" && v.Rule != "caseload.summary" {
					got[v.Rule] = true
					if !slices.Contains(tt.want, v.Rule) {
						t.Errorf("unexpected: %s", v)
					}
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

// TestCaseloadRulesDocumented: every caseload rule is stated in
// caseload.go's comment and none is in Rules() (doc.go lists those).
func TestCaseloadRulesDocumented(t *testing.T) {
	b, err := os.ReadFile("caseload.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range CaseloadRules() {
		if !strings.Contains(string(b), "//   - "+id+": ") {
			t.Errorf("caseload.go does not state rule %s", id)
		}
		if slices.Contains(Rules(), id) {
			t.Errorf("rule %s is in Rules()", id)
		}
	}
}
