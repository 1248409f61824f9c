package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSolveWritesReport: rota solve leaves report.html and a calendar per
// practitioner beside the rota files; rota report writes the same page
// again from the folder, byte for byte.
func TestSolveWritesReport(t *testing.T) {
	needCbc(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	data := solveStockton(t, dir, out)
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatalf("rota solve wrote no report.html: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "calendars", "p01.ics")); err != nil {
		t.Errorf("rota solve wrote no calendars/p01.ics: %v", err)
	}
	again := filepath.Join(dir, "again.html")
	if code, _, stderr := rota(t, "report", "--data", data, "--rota", out, "--out", again); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, html) {
		t.Error("rota report wrote another page than rota solve for the same rota")
	}
}

// TestReportCLI: exit codes of rota report.
func TestReportCLI(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no rota flag", []string{"report"}, 2, "rota"},
		{"missing folder", []string{"report", "--rota", filepath.Join(t.TempDir(), "nowhere")}, 2, "nowhere"},
		{"rota of another region", []string{"report", "--rota", filepath.Join("..", "..", "report", "testdata", "rota"), "--out", filepath.Join(t.TempDir(), "r.html")}, 2, "give the --data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := rota(t, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.wantErr)
			}
		})
	}
}

// TestScenarioWritesReport: rota scenario writes the planners' report.html,
// and rota report on the scenario folder writes the same page.
func TestScenarioWritesReport(t *testing.T) {
	needCbc(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "stockton")
	mustRota(t, "init", "--sample", "stockton", data)
	out := filepath.Join(dir, "out")
	if code, _, stderr := rota(t, "scenario", "--data", data, "--out", out, "--change", "close:hardwick", "--workers", "1"); code != 0 {
		t.Fatalf("scenario: exit %d: %s", code, stderr)
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatalf("rota scenario wrote no report.html: %v", err)
	}
	for _, want := range []string{"equality-table", "journey-chart", "map-chart", "hardwick (closed)"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("the scenario report lacks %q", want)
		}
	}
	for _, side := range []string{"baseline", "scenario"} {
		if _, err := os.Stat(filepath.Join(out, side, "report.html")); err != nil {
			t.Errorf("no %s/report.html: %v", side, err)
		}
	}
	again := filepath.Join(dir, "again.html")
	if code, _, stderr := rota(t, "report", "--rota", out, "--out", again); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, html) {
		t.Error("rota report on the scenario folder wrote another page than rota scenario")
	}
}
