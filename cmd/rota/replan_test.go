package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReplanCLI: rota replan's exit codes and files, on the Stockton
// sample: a rota solved, then re-planned after a sickness.
func TestReplanCLI(t *testing.T) {
	dir := t.TempDir()
	data, rota0 := filepath.Join(dir, "stockton"), filepath.Join(dir, "r0")
	if code, _, stderr := rota(t, "init", "--sample", "stockton", data); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	if code, _, stderr := rota(t, "solve", "--data", data, "--out", rota0, "--time-limit", "20s"); code != 0 {
		t.Fatalf("solve: exit %d: %s", code, stderr)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"bad from", []string{"--from", "wednesday", "--change", "out:p02:wed"}, 2, "--from"},
		{"bad change", []string{"--from", "2018-06-06T09:00", "--change", "out:p02:someday"}, 2, "someday"},
		{"unknown practitioner", []string{"--from", "2018-06-06T09:00", "--change", "out:p99:wed"}, 2, "no practitioner p99"},
		{"sick on a day already kept", []string{"--from", "2018-06-06T09:00", "--change", "out:p02:tue"}, 2, "breaks staff.absence"},
		{"sick on wednesday", []string{"--from", "2018-06-06T09:00", "--change", "out:p02:wed", "--time-limit", "20s"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"replan", "--data", data, "--rota", rota0, "--out", out}, tt.args...)
			code, stdout, stderr := rota(t, args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.wantErr)
			}
			if code != 0 {
				if _, err := os.Stat(out); err == nil {
					t.Errorf("%s written on error", out)
				}
				return
			}
			if !strings.Contains(stdout, "p02 off sick on wed") {
				t.Errorf("stdout %q: want the headline", stdout)
			}
			for _, f := range []string{"staff.csv", "appointments.csv", "affected.csv", "affected_staff.csv", "replan.json", "report.html", "data/absences.csv"} {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
			}
			code, stdout, stderr = rota(t, "check", "--data", filepath.Join(out, "data"), "--rota", out)
			if code != 0 {
				t.Errorf("check of the new rota: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}
