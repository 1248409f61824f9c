package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScenarioCLI: the scenario command's exit codes and files.
func TestScenarioCLI(t *testing.T) {
	data := filepath.Join(t.TempDir(), "stockton")
	if code, _, stderr := rota(t, "init", "--sample", "stockton", data); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"unknown site", []string{"--change", "close:nowhere"}, 2, "nowhere"},
		{"bad syntax", []string{"--change", "shut:hardwick"}, 2, "shut"},
		{"no change", nil, 2, "change"},
		{"close hardwick", []string{"--change", "close:hardwick", "--time-limit", "20s"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"scenario", "--data", data, "--out", out}, tt.args...)
			code, _, stderr := rota(t, args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.wantErr)
			}
			if code != 0 {
				return
			}
			for _, f := range []string{"affected.csv", "kpis.csv", "summary.json"} {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
			}
			code, stdout, stderr := rota(t, "check", "--data", filepath.Join(out, "scenario", "data"), "--rota", filepath.Join(out, "scenario"))
			if code != 0 {
				t.Errorf("check of the scenario rota: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}
