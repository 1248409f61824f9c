package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stocktonWithGroups is the Stockton sample with the running groups its
// own solve leaves (groups.csv of the rota) in its data folder: the
// foundations group meets at hardwick on Tuesday evening, with members
// ST0028 ST0066 ST0067 ST0078.
func stocktonWithGroups(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, first := filepath.Join(dir, "stockton"), filepath.Join(dir, "first")
	mustRota(t, "init", "--sample", "stockton", data)
	mustRota(t, "solve", "--data", data, "--out", first, "--time-limit", "20s")
	groups, err := os.ReadFile(filepath.Join(first, "groups.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(groups), "foundations-hardwick-2018-06-05-evening-1,foundations,hardwick,tue,evening") {
		t.Fatalf("groups.csv of the Stockton solve:\n%s\nwant the foundations group at hardwick on Tuesday evening", groups)
	}
	if err := os.WriteFile(filepath.Join(data, "groups.csv"), groups, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// linesBefore gives the rows of a rota file dated before date (its
// header first), as written.
func linesBefore(t *testing.T, file, date string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	out := lines[:1]
	for _, l := range lines[1:] {
		for _, f := range strings.Split(l, ",") {
			if len(f) == len("2018-06-04") && strings.HasPrefix(f, "2018-06-") {
				if f < date {
					out = append(out, l)
				}
				break
			}
		}
	}
	return out
}

// TestReplanRunningGroups: a week with running groups (groups.csv) is
// re-planned from Friday: every row of Monday to Thursday is kept as it
// was, byte for byte, the group's Tuesday session among them.
func TestReplanRunningGroups(t *testing.T) {
	data := stocktonWithGroups(t)
	dir := t.TempDir()
	rota0, out := filepath.Join(dir, "r0"), filepath.Join(dir, "r1")
	mustRota(t, "solve", "--data", data, "--out", rota0, "--time-limit", "20s")
	mustRota(t, "replan", "--data", data, "--rota", rota0, "--from", "2018-06-08T09:00",
		"--change", "out:p02:fri", "--out", out, "--time-limit", "20s")
	for _, f := range []string{"staff.csv", "appointments.csv", "sessions.csv", "attendance.csv", "group_sessions.csv"} {
		was, now := linesBefore(t, filepath.Join(rota0, f), "2018-06-08"), linesBefore(t, filepath.Join(out, f), "2018-06-08")
		if strings.Join(was, "\n") != strings.Join(now, "\n") {
			t.Errorf("%s before Friday:\n%s\nwant as in the rota re-planned:\n%s", f, strings.Join(now, "\n"), strings.Join(was, "\n"))
		}
	}
	gs := strings.Join(linesBefore(t, filepath.Join(out, "group_sessions.csv"), "2018-06-08"), "\n")
	if !strings.Contains(gs, "foundations-hardwick-2018-06-05-evening-1,foundations-hardwick-2018-06-05-evening-1,2018-06-05") {
		t.Errorf("group_sessions.csv of the re-plan:\n%s\nwant the group's Tuesday session kept", gs)
	}
	if code, stdout, stderr := rota(t, "check", "--data", filepath.Join(out, "data"), "--rota", out); code != 0 {
		t.Errorf("check of the new rota: exit %d\n%s%s", code, stdout, stderr)
	}
}
