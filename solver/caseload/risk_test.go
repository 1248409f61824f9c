package caseload

import (
	"fmt"
	"strings"
	"testing"
)

// riskCases gives n service-user rows of team tm held by cm with a RoSH
// level, tier, case type and MAPPA level ("" none).
func riskCases(first, n int, tm, cm, rosh, tier, caseType, mappa string) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("s%03d,%s,%s,52.63,-1.13,male,1980-01-01,%s,%s,%s,false,,%s", first+i, tm, cm, rosh, tier, caseType, mappa))
	}
	return out
}

const riskUsersHeader = "id,team,case_manager,lat,lon,gender,dob,rosh,tier,case_type,iom,flags,mappa"

func TestRoSHPOOnly(t *testing.T) {
	pracs := []string{"p1,p1,t,PO,37,0,city", "p2,p2,t,PSO,37,0,city"}
	tests := []struct {
		name     string
		users    []string
		settings []string
		wantPO   []string // cases that must end with the PO
		wantPSO  int      // cases that may stay with the PSO, at least
	}{
		{
			name: "high and very high go to the PO",
			users: join(riskCases(0, 3, "t", "p2", "high", "C2", "community", ""),
				riskCases(3, 2, "t", "", "very_high", "D1", "licence", "2"),
				riskCases(5, 1, "t", "p2", "very_high", "B2", "custody", "3"),
				riskCases(6, 20, "t", "p2", "medium", "D1", "community", "")),
			wantPO: []string{"s000", "s001", "s002", "s003", "s004", "s005"},
		},
		{
			name:     "po_only_rosh very_high leaves high cases to balancing",
			settings: []string{"po_only_rosh,very_high"},
			users: join(riskCases(0, 3, "t", "p2", "high", "D1", "community", ""),
				riskCases(3, 1, "t", "p2", "very_high", "D1", "custody", "")),
			wantPO: []string{"s003"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := regionRisk(t, pracs, tt.users, tt.settings...)
			res := balance(t, r)
			for _, id := range tt.wantPO {
				if got := res.Assignment[id]; got != "p1" {
					t.Errorf("%s is with %q, want the PO p1", id, got)
				}
			}
		})
	}
}

// regionRisk is region with the rosh, case_type and mappa columns as
// riskCases writes them.
func regionRisk(t *testing.T, pracs, users []string, settings ...string) *Region {
	t.Helper()
	return regionWith(t, "id,name,base,area\nt,Team T,city,a\nu,Team U,city,a\n", riskUsersHeader, pracs, users, settings...)
}

func TestUnheld(t *testing.T) {
	pracs := []string{"p2,p2,t,PSO,37,0,city", "p3,p3,u,PO,37,0,city", "p4,p4,u,PSO,37,0,city"}
	users := join(riskCases(0, 2, "t", "", "low", "A2", "community", ""),
		riskCases(2, 1, "t", "p2", "high", "C1", "licence", "1"),
		riskCases(3, 10, "t", "p2", "low", "D1", "community", ""),
		riskCases(13, 10, "u", "p3", "low", "C1", "community", ""))
	t.Run("listed with the reason", func(t *testing.T) {
		res := balance(t, regionRisk(t, pracs, users))
		s := res.Summary
		if s.Unplaced != 3 || len(s.Unheld) != 3 {
			t.Fatalf("unplaced %d, unheld %+v; want the 3 PO-only cases of team t", s.Unplaced, s.Unheld)
		}
		for _, uc := range s.Unheld {
			for _, want := range []string{"no PO in team t with room", "nearest team with room: u", "p3 at"} {
				if !strings.Contains(uc.Reason, want) {
					t.Errorf("%s: reason %q lacks %q", uc.ServiceUser, uc.Reason, want)
				}
			}
			if uc.NearestTeam != "u" {
				t.Errorf("%s: nearest team %q, want u", uc.ServiceUser, uc.NearestTeam)
			}
		}
		if !strings.Contains(s.Unheld[2].Reason, "RoSH high") || !strings.Contains(s.Unheld[0].Reason, "tier A2") {
			t.Errorf("reasons do not say what makes the cases PO-only: %+v", s.Unheld)
		}
	})
	t.Run("po_only_cross_team gives them to the nearest team's PO", func(t *testing.T) {
		res := balance(t, regionRisk(t, pracs, users, "po_only_cross_team,yes"))
		if res.Summary.Unplaced != 0 {
			t.Errorf("unplaced %d, want 0", res.Summary.Unplaced)
		}
		for _, id := range []string{"s000", "s001", "s002"} {
			if got := res.Assignment[id]; got != "p3" {
				t.Errorf("%s is with %q, want p3, the PO of team u", id, got)
			}
		}
		if got := res.Assignment["s003"]; got != "p2" {
			t.Errorf("s003 (not PO-only) is with %q, want it kept by p2 in its own team", got)
		}
	})
}

func TestTargetMeasure(t *testing.T) {
	pracs := []string{"p1,p1,t,PSO,37,0,city", "p2,p2,t,PSO,37,0,city"}
	users := join(cases(0, 150, "t", "p1", "D1", false, ""), cases(150, 50, "t", "p2", "D1", false, ""))
	tests := []struct {
		setting            string
		measure, other     string
		wantShort, wantAlt float64
	}{
		{"", "capacity", "cases", 5800/2176.0 - 2, 200/57.1 - 2},
		{"target_measure,capacity", "capacity", "cases", 5800/2176.0 - 2, 200/57.1 - 2},
		{"target_measure,cases", "cases", "capacity", 200/57.1 - 2, 5800/2176.0 - 2},
	}
	for _, tt := range tests {
		t.Run(tt.measure+tt.setting, func(t *testing.T) {
			var set []string
			if tt.setting != "" {
				set = append(set, tt.setting)
			}
			s := balance(t, region(t, pracs, users, set...)).Summary
			if s.TargetMeasure != tt.measure || s.CrossCheckMeasure != tt.other {
				t.Errorf("measures %q, %q; want %q, %q", s.TargetMeasure, s.CrossCheckMeasure, tt.measure, tt.other)
			}
			if !near(s.ShortfallFTE, tt.wantShort) || !near(s.CrossCheckFTE, tt.wantAlt) {
				t.Errorf("shortfall %.2f, cross-check %.2f; want %.2f, %.2f", s.ShortfallFTE, s.CrossCheckFTE, tt.wantShort, tt.wantAlt)
			}
		})
	}
}
