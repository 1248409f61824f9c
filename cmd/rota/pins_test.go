package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPinsCLI: a pin that breaks a rule stops validate and solve with exit
// 2, naming the pin's row and the rule; pins valid alone that no plan keeps
// together stop solve with exit 2, naming the pin not kept.
func TestPinsCLI(t *testing.T) {
	data := filepath.Join(t.TempDir(), "stockton")
	if code, _, stderr := rota(t, "init", "--sample", "stockton", data); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	tests := []struct {
		name, cmd, pins string
		wantCode        int
		wantErr         string
	}{
		{"a closed site", "validate", "kind,practitioner,date,site\nstaff,p02,2018-06-09,stockton\n", 2,
			"pins.csv:2: site: p02 at stockton on sat 2018-06-09 breaks staff.site-open: sites.csv:2: stockton is open mon tue wed thu fri"},
		{"a closed site, solving", "solve", "kind,practitioner,date,site\nstaff,p02,2018-06-09,stockton\n", 2, "breaks staff.site-open"},
		{"two appointments a day", "solve", "kind,service_user,date,start,site\nappointment,ST0028,2018-06-07,14:00,stockton\nappointment,ST0028,2018-06-07,09:00,stockton\n", 2,
			"pins.csv:3: breaks pins.kept: appointment pin: ST0028 at stockton on 2018-06-07 morning is not in the rota (kept instead: pins.csv:2)"},
		{"kept", "solve", "kind,service_user,date,start,site\nappointment,ST0028,2018-06-07,14:00,stockton\n", 0, ""},
		// Balancing would move ST0114 from p03; the pin names p03, so the
		// case stays with them.
		{"a case manager's pin kept through balancing", "solve", "kind,practitioner,service_user,date,slot,site\nappointment,p03,ST0114,2018-06-07,afternoon,thornaby\n", 0, ""},
		{"the same pin twice", "validate", "kind,practitioner,date,site\nstaff,p02,2018-06-07,stockton\nstaff,p02,2018-06-07,stockton\n", 2,
			"pins.csv:3: the same pin as pins.csv:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(data, "pins.csv"), []byte(tt.pins), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{tt.cmd, "--data", data}
			if tt.cmd == "solve" {
				args = append(args, "--out", filepath.Join(t.TempDir(), "out"), "--time-limit", "20s")
			}
			code, _, stderr := rota(t, args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.wantErr)
			}
		})
	}
}
