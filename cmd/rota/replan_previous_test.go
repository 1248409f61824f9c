package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReplanCarriesPrevious: a rota planned after last week's (it has
// regular.csv) is re-planned after it too: the new folder has regular.csv,
// carrying the regular time of a person with no appointment this week
// (ST0002, added to last week's regular.csv), and summary.json's
// continuity block, which rota check verifies against the reference the
// re-plan used (the rota itself by default, or --previous); and next
// week's --previous reads the re-planned folder.
func TestReplanCarriesPrevious(t *testing.T) {
	dir := t.TempDir()
	data, last, rota1 := filepath.Join(dir, "stockton"), filepath.Join(dir, "last"), filepath.Join(dir, "r1")
	mustRota(t, "init", "--sample", "stockton", data)
	mustRota(t, "solve", "--data", data, "--out", last, "--time-limit", "20s")
	const carried = "ST0002,2018-05-30,wed,afternoon,stockton"
	// Last week's regular.csv: ST0002 was seen the week before it.
	if err := os.WriteFile(filepath.Join(last, "regular.csv"), []byte("service_user,date,weekday,slot,site\n"+carried+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRota(t, "solve", "--data", data, "--out", rota1, "--previous", last, "--time-limit", "20s")
	for _, tc := range []struct {
		name, previous, checkAgainst string
	}{
		{"the rota's own regular.csv", "", rota1},
		{"last week's rota given", last, last},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "rp")
			args := []string{"replan", "--data", data, "--rota", rota1, "--from", "2018-06-06T09:00", "--change", "out:p02:wed", "--out", out, "--time-limit", "20s"}
			if tc.previous != "" {
				args = append(args, "--previous", tc.previous)
			}
			mustRota(t, args...)
			reg, err := os.ReadFile(filepath.Join(out, "regular.csv"))
			if err != nil {
				t.Fatalf("regular.csv: %v", err)
			}
			if !strings.Contains(string(reg), carried) {
				t.Errorf("regular.csv of the re-plan:\n%s\nwant ST0002's carried row %s", reg, carried)
			}
			var sum struct {
				Continuity *struct {
					Regular int `json:"regular_appointments"`
				} `json:"continuity"`
			}
			b, err := os.ReadFile(filepath.Join(out, "summary.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &sum); err != nil || sum.Continuity == nil || sum.Continuity.Regular == 0 {
				t.Errorf("summary.json continuity %+v (%v), want the block", sum.Continuity, err)
			}
			if code, stdout, stderr := rota(t, "check", "--data", filepath.Join(out, "data"), "--rota", out, "--previous", tc.checkAgainst); code != 0 {
				t.Errorf("check --previous %s: exit %d\n%s%s", tc.checkAgainst, code, stdout, stderr)
			}
			next := filepath.Join(t.TempDir(), "next")
			mustRota(t, "solve", "--data", data, "--out", next, "--previous", out, "--time-limit", "20s")
			if reg, err := os.ReadFile(filepath.Join(next, "regular.csv")); err != nil || !strings.Contains(string(reg), carried) {
				t.Errorf("next week's regular.csv (%v) lacks ST0002's carried row", err)
			}
		})
	}
}
