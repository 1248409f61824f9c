package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSolvePrevious plans Stockton, then the same week after it: the
// summary prints the changes, rota check --previous recounts them, a
// tampered regular.csv is caught, and an unreadable --previous exits 2.
func TestSolvePrevious(t *testing.T) {
	needCbc(t)
	dir := t.TempDir()
	week1 := filepath.Join(dir, "week1")
	data := solveStockton(t, dir, week1)
	week2 := filepath.Join(dir, "week2")
	stdout := mustRota(t, "solve", "--data", data, "--out", week2, "--time-limit", "0", "--seed", "1", "--previous", week1)
	if !strings.Contains(stdout, "from last week: ") || !strings.Contains(stdout, "(100.0%)") {
		t.Errorf("solve --previous printed no kept share of 100%%:\n%s", stdout)
	}
	stdout = mustRota(t, "check", "--data", data, "--rota", week2, "--previous", week1)
	if !strings.HasPrefix(stdout, "check: 0 violations") {
		t.Errorf("check --previous printed:\n%s", stdout)
	}

	regular := filepath.Join(week2, "regular.csv")
	b, err := os.ReadFile(regular)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(regular, []byte(strings.Join(rows[:len(rows)-2], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := rota(t, "check", "--data", data, "--rota", week2, "--previous", week1)
	if code != 1 || !strings.Contains(stdout, "continuity.regular: ") {
		t.Errorf("check of a regular.csv with a row deleted: exit %d\n%s", code, stdout)
	}

	for _, cmd := range [][]string{
		{"solve", "--data", data, "--out", filepath.Join(dir, "week3"), "--previous", filepath.Join(dir, "nowhere")},
		{"check", "--data", data, "--rota", week2, "--previous", filepath.Join(dir, "nowhere")},
	} {
		if code, _, stderr := rota(t, cmd...); code != 2 || !strings.Contains(stderr, "--previous") {
			t.Errorf("rota %s: exit %d, want 2 naming --previous\n%s", cmd[0], code, stderr)
		}
	}
}

// TestPreviousWarnings: last week's rota of another region, or of the
// same week, plans (the plan keeps less) with a warning saying so.
func TestPreviousWarnings(t *testing.T) {
	needCbc(t)
	dir := t.TempDir()
	week1 := filepath.Join(dir, "week1")
	data := solveStockton(t, dir, week1)
	tests := []struct {
		name, data string
		want       []string
	}{
		{"same week", data, []string{"not in the week before this one (2018-05-28 to 2018-06-03)"}},
		{"another region", "", []string{"shares no service user and no practitioner with the data"}},
	}
	for _, tt := range tests {
		args := []string{"solve", "--out", filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")), "--time-limit", "0", "--previous", week1, "--balance=false"}
		if tt.data != "" {
			args = append(args, "--data", tt.data)
		} else {
			args = append(args, "--time-limit", "5s")
		}
		code, _, stderr := rota(t, args...)
		if code != 0 {
			t.Errorf("%s: exit %d\n%s", tt.name, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr has no %q:\n%s", tt.name, w, stderr)
			}
		}
	}
}
