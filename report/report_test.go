package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/report/calendar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// The test rota is the Stockton sample's, written by `rota solve` into
// testdata/rota, with the data it was planned from in testdata/rota/data
// (a copy, so that a change of the embedded sample leaves these tests
// alone); the scenario is `rota scenario --change close:hardwick` on the
// same data, in testdata/scenario.

func stockton(t *testing.T) *model.Region {
	t.Helper()
	r, err := model.LoadDir(filepath.Join("testdata", "rota", "data"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testRota(t *testing.T) *Rota {
	t.Helper()
	ro, err := ReadRota(filepath.Join("testdata", "rota"), stockton(t))
	if err != nil {
		t.Fatal(err)
	}
	return ro
}

// golden compares got with testdata/golden/name, or rewrites it with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -run %s -update to write it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file (%d bytes, want %d); run with -update if the change is meant", name, len(got), len(want))
	}
}

func TestWhen(t *testing.T) {
	wk := Week{Slots: model.DefaultSettings().Slots}
	tests := []struct {
		name      string
		week      Week
		at        At
		wantLabel string
		wantStart string // "15:04", empty for unknown
		wantEnd   string
		wantRoom  string
		wantErr   bool
	}{
		{"slot from the region", wk, At{Date: "2018-06-05", Slot: "morning"}, "09:00–12:30", "09:00", "12:30", "", false},
		{"evening", wk, At{Date: "2018-06-05", Slot: "evening"}, "17:30–20:00", "17:30", "20:00", "", false},
		{"work party day spans the daytime slots", wk, At{Date: "2018-06-05", Slot: "day"}, "09:00–17:00", "09:00", "17:00", "", false},
		{"times and room from the rota win", wk, At{Date: "2018-06-05", Slot: "morning", Start: "10:15", End: "11:00", Room: "interview 2"}, "10:15–11:00", "10:15", "11:00", "interview 2", false},
		{"unknown slot shows its name", wk, At{Date: "2018-06-05", Slot: "night"}, "night", "", "", "", false},
		{"no slot definitions", Week{}, At{Date: "2018-06-05", Slot: "morning"}, "morning", "", "", "", false},
		{"bad start falls back to the slot", wk, At{Date: "2018-06-05", Slot: "morning", Start: "9", End: "10:00"}, "09:00–12:30", "09:00", "12:30", "", false},
		{"bad date", wk, At{Date: "5/6/2018", Slot: "morning"}, "", "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.week.When(tt.at)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			hm := func(x time.Time) string {
				if x.IsZero() {
					return ""
				}
				return x.Format("15:04")
			}
			if got.Label != tt.wantLabel || hm(got.Start) != tt.wantStart || hm(got.End) != tt.wantEnd || got.Room != tt.wantRoom {
				t.Errorf("got %q %s–%s room %q, want %q %s–%s room %q", got.Label, hm(got.Start), hm(got.End), got.Room,
					tt.wantLabel, tt.wantStart, tt.wantEnd, tt.wantRoom)
			}
			if got.Known() && got.Start.Format(time.DateOnly) != tt.at.Date {
				t.Errorf("start on %s, want %s", got.Start.Format(time.DateOnly), tt.at.Date)
			}
		})
	}
}

// TestStartEndRoomColumns: when a rota file carries start, end and room
// columns (issue "A week people can actually work"), the report shows them.
func TestStartEndRoomColumns(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "rota"))); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "appointments.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	lines[0] += ",start,end,room"
	lines[1] += ",10:15,11:00,interview 3"
	for i := 2; i < len(lines); i++ {
		lines[i] += ",,,"
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ro, err := ReadRota(dir, stockton(t))
	if err != nil {
		t.Fatal(err)
	}
	html, err := ro.HTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"10:15–11:00", "interview 3"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("report.html does not show %q from the appointments' own columns", want)
		}
	}
}

// TestGolden: report.html and two calendars match their golden files, and
// the same rota gives the same bytes twice.
func TestGolden(t *testing.T) {
	ro := testRota(t)
	html, err := ro.HTML()
	if err != nil {
		t.Fatal(err)
	}
	again, err := testRota(t).HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(html, again) {
		t.Error("report.html differs between two renderings of the same rota")
	}
	golden(t, "report.html", html)
	cals, err := ro.Calendars()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "p01.ics", cals["p01.ics"])
	golden(t, "site-hardwick.ics", cals["site-hardwick.ics"])

	rep, err := ReadScenario(filepath.Join("testdata", "scenario"))
	if err != nil {
		t.Fatal(err)
	}
	shtml, err := ScenarioHTML(rep)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "scenario.html", shtml)
}

// TestOffline: nothing in a page can make a request: no external URL in
// an attribute, no <link>, <img src> or <iframe>; charts are inline SVG.
func TestOffline(t *testing.T) {
	ro := testRota(t)
	html, err := ro.HTML()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ReadScenario(filepath.Join("testdata", "scenario"))
	if err != nil {
		t.Fatal(err)
	}
	shtml, err := ScenarioHTML(rep)
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:|//)|<link\b|<iframe\b|<img\b|@import|url\(`)
	for name, b := range map[string][]byte{"report.html": html, "scenario report.html": shtml} {
		if m := bad.Find(b); m != nil {
			t.Errorf("%s: %q could make a request", name, m)
		}
		if n := bytes.Count(b, []byte("<svg ")); n < 2 {
			t.Errorf("%s: %d inline charts, want at least 2", name, n)
		}
	}
}

// TestCalendarsParse: every calendar parses back, with an event for each
// of the practitioner's working slots (a work party once per day), at the
// slot's times, and a fixed DTSTAMP.
func TestCalendarsParse(t *testing.T) {
	ro := testRota(t)
	cals, err := ro.Calendars()
	if err != nil {
		t.Fatal(err)
	}
	wantPrac := map[string]int{}
	party := map[string]bool{}
	for _, s := range ro.Plan.Staff {
		if s.Activity == "supervising" {
			if party[s.Practitioner+s.Detail] {
				continue
			}
			party[s.Practitioner+s.Detail] = true
		}
		wantPrac[s.Practitioner]++
	}
	if len(wantPrac) == 0 {
		t.Fatal("no staff rows in the test rota")
	}
	wk := ro.week()
	for id, want := range wantPrac {
		b, ok := cals[id+".ics"]
		if !ok {
			t.Errorf("no calendar for %s", id)
			continue
		}
		evs, err := calendar.Read(bytes.NewReader(b), time.UTC)
		if err != nil {
			t.Fatalf("%s.ics: %v", id, err)
		}
		if got := len(evs); got != want {
			t.Errorf("%s.ics: got %d events, want %d", id, got, want)
		}
		for _, e := range evs {
			if !e.End.After(e.Start) {
				t.Errorf("%s.ics: event %s ends at %s, not after its start %s", id, e.UID, e.End, e.Start)
			}
		}
		if !bytes.Contains(b, []byte("DTSTAMP:20180604T000000Z")) {
			t.Errorf("%s.ics: DTSTAMP is not the week's Monday", id)
		}
	}
	// The first appointment of p01 is at its slot's times.
	for _, a := range ro.Plan.Appointments {
		if a.CaseManager != "p01" {
			continue
		}
		sp, err := wk.When(At{Date: a.Date, Slot: a.Slot})
		if err != nil {
			t.Fatal(err)
		}
		evs, err := calendar.Read(bytes.NewReader(cals["p01.ics"]), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			if e.Start.Equal(sp.Start) && e.End.Equal(sp.End) && strings.Contains(e.Description, a.ServiceUser) {
				found = true
			}
		}
		if !found {
			t.Errorf("p01.ics has no event at %s %s seeing %s", a.Date, sp.Label, a.ServiceUser)
		}
		break
	}
	sites := 0
	for name, b := range cals {
		if strings.HasPrefix(name, "site-") {
			sites++
			if _, err := calendar.Read(bytes.NewReader(b), time.UTC); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	if sites == 0 {
		t.Error("no site calendars")
	}
}

// TestWriteDir: the files land in the rota folder, and a calendar of a
// practitioner no longer on the rota is removed.
func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "rota"))); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, CalendarsDir, "p99.ics")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFromDir(dir, stockton(t)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{HTMLFile, filepath.Join(CalendarsDir, "p01.ics"), filepath.Join(CalendarsDir, "site-stockton.ics")} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("stale calendar p99.ics left in calendars/")
	}
}

// TestWithoutRegion: a rota read without its region shows ids and slot
// names, and still writes calendars (all-day events).
func TestWithoutRegion(t *testing.T) {
	ro, err := ReadRota(filepath.Join("testdata", "rota"), nil)
	if err != nil {
		t.Fatal(err)
	}
	html, err := ro.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(html, []byte("Deepa Allen")) {
		t.Error("names shown without the region")
	}
	cals, err := ro.Calendars()
	if err != nil {
		t.Fatal(err)
	}
	evs, err := calendar.Read(bytes.NewReader(cals["p01.ics"]), time.UTC)
	if err != nil || len(evs) == 0 || !evs[0].AllDay {
		t.Errorf("without slot hours p01.ics should hold all-day events; got %d events, err %v", len(evs), err)
	}
}
