package scenario

import (
	"strings"
	"testing"

	"github.com/probation/rota/model"
)

// TestStaffLossExplained: taking out Stockton's only north PO leaves the
// north team's PO-only cases with no case manager. Each is listed with
// the real reason (no PO in team north with room; the nearest team with
// room), in the caseload summary, in affected.csv and in the headline;
// never as a facilitator problem.
func TestStaffLossExplained(t *testing.T) {
	needCbc(t)
	rep := run(t, stocktonFiles(t), stocktonOptions, "out:p01")
	unheld := rep.Scenario.Balance.Summary.Unheld
	if len(unheld) == 0 {
		t.Fatal("no unheld cases after taking out north's only PO")
	}
	isUnheld := map[string]bool{}
	for _, uc := range unheld {
		isUnheld[uc.ServiceUser] = true
		for _, want := range []string{"no PO in team north with room", "nearest team with room: south", "PO-only: "} {
			if !strings.Contains(uc.Reason, want) {
				t.Errorf("%s: reason %q lacks %q", uc.ServiceUser, uc.Reason, want)
			}
		}
	}
	tests := []struct {
		name string
		ok   func(a Affected) bool
	}{
		{"lost appointments of unheld cases give the caseload reason", func(a Affected) bool {
			return !(isUnheld[a.ServiceUser] && a.What == "appointment" && a.Effect == EffectLoses) ||
				strings.HasPrefix(a.Reason, "no case manager: no PO in team north with room")
		}},
		{"no appointment is lost for want of a facilitator", func(a Affected) bool {
			return a.What != "appointment" || !strings.Contains(a.Reason, "facilitator")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, a := range rep.Affected {
				if !tt.ok(a) {
					t.Errorf("%+v", a)
				}
			}
		})
	}
	head := strings.Join(rep.Summary.Headline, "\n")
	for _, want := range []string{"an appointment (no case manager: no PO in team north with room)", "cases with no case manager: ", "north "} {
		if !strings.Contains(head, want) {
			t.Errorf("headline lacks %q:\n%s", want, head)
		}
	}
	if rep.Scenario.Region.Settings.CrossTeamPOOnly {
		t.Fatal("the test assumes po_only_cross_team is off")
	}
}

// TestStaffLossCrossTeam: with po_only_cross_team the north PO-only cases
// go to south's PO and none is left without a case manager.
func TestStaffLossCrossTeam(t *testing.T) {
	needCbc(t)
	files := stocktonFiles(t)
	files[model.FileSettings] = append(files[model.FileSettings], []byte("po_only_cross_team,yes\n")...)
	rep := run(t, files, stocktonOptions, "out:p01")
	if n := len(rep.Scenario.Balance.Summary.Unheld); n != 0 {
		t.Errorf("%d unheld cases, want none: %+v", n, rep.Scenario.Balance.Summary.Unheld)
	}
	for _, mv := range rep.Scenario.Balance.Moves {
		if mv.Team == "north" && mv.To == "p03" {
			return
		}
	}
	t.Error("no north case went to p03, the south PO")
}
