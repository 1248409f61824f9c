package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReplanPastPin: a pinned appointment of pins.csv that is past at
// --from is also a booking the re-plan keeps; the two are the same
// decision, kept once (it was reported as conflicting with itself,
// attendance.one-activity-a-slot, exit 2).
func TestReplanPastPin(t *testing.T) {
	dir := t.TempDir()
	data, rota0, out := filepath.Join(dir, "stockton"), filepath.Join(dir, "r0"), filepath.Join(dir, "r1")
	mustRota(t, "init", "--sample", "stockton", data)
	pins := "kind,service_user,date,start,site\nappointment,ST0028,2018-06-04,14:00,stockton\n"
	if err := os.WriteFile(filepath.Join(data, "pins.csv"), []byte(pins), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRota(t, "solve", "--data", data, "--out", rota0, "--time-limit", "20s")
	mustRota(t, "replan", "--data", data, "--rota", rota0, "--from", "2018-06-06T09:00",
		"--change", "out:p02:wed", "--out", out, "--time-limit", "20s")
	if code, stdout, stderr := rota(t, "check", "--data", filepath.Join(out, "data"), "--rota", out); code != 0 {
		t.Errorf("check of the new rota: exit %d\n%s%s", code, stdout, stderr)
	}
}
