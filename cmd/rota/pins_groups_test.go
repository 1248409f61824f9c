package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPinRunningGroupCLI: a pin putting a running group's member into a
// session of the group's intervention on another day than the group's
// is kept by holding the group's session then (a member joins no new
// group), not refused.
func TestPinRunningGroupCLI(t *testing.T) {
	data := stocktonWithGroups(t) // replan_groups_test.go
	pins := "kind,practitioner,service_user,date,slot,site,intervention\ngroup,,ST0067,2018-06-07,evening,hardwick,foundations\n"
	if err := os.WriteFile(filepath.Join(data, "pins.csv"), []byte(pins), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	mustRota(t, "solve", "--data", data, "--out", out, "--time-limit", "20s")
	gs, err := os.ReadFile(filepath.Join(out, "group_sessions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gs), "foundations-hardwick-2018-06-05-evening-1,foundations-hardwick-2018-06-07-evening-1,2018-06-07") {
		t.Errorf("group_sessions.csv:\n%s\nwant the group's session on Thursday evening", gs)
	}
	if code, stdout, stderr := rota(t, "check", "--data", data, "--rota", out); code != 0 {
		t.Errorf("check: exit %d\n%s%s", code, stdout, stderr)
	}
}
