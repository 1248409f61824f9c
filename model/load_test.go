package model

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite testdata/broken/*/want.txt and warnings.txt from the current output")

// messages splits a joined Load error into its messages, checking that
// each is a *FieldError.
func messages(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("Load error %T is not an errors.Join: %v", err, err)
	}
	var out []string
	for _, e := range joined.Unwrap() {
		var fe *FieldError
		if !errors.As(e, &fe) {
			t.Errorf("error %q is a %T, want *FieldError", e, e)
		}
		out = append(out, e.Error())
	}
	return out
}

// readLines reads a want file: one message a line, blank lines ignored.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func writeLines(t *testing.T, path string, lines []string) {
	t.Helper()
	if len(lines) == 0 {
		os.Remove(path)
		return
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sameSet compares two message lists ignoring order, reporting the
// differences.
func sameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("unexpected %s: %s", what, g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing %s: %s", what, w)
		}
	}
}

func loadValid(t testing.TB) *Region {
	t.Helper()
	r, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatalf("LoadDir(testdata/valid): %v", err)
	}
	return r
}

func TestLoadValid(t *testing.T) {
	r := loadValid(t)
	if len(r.Warnings) != 0 {
		t.Errorf("Warnings = %q, want none", r.Warnings)
	}
	got := r.Summary().String()
	want := "ok: 4 sites, 2 teams, 6 practitioners (3.4 FTE case managers), 12 service users (10 generic, 2 IOM; 2 unallocated), 7 appointments, 4 sessions, 21 unpaid-work hours due; 3.5 cases per FTE case manager"
	if got != want {
		t.Errorf("Summary() = %q\nwant        %q", got, want)
	}
}

// TestDerived checks the defaults and derived fields Load fills in.
func TestDerived(t *testing.T) {
	r := loadValid(t)
	user := func(id string) ServiceUser {
		i, ok := r.ServiceUserIndex(id)
		if !ok {
			t.Fatalf("no service user %s", id)
		}
		return r.ServiceUsers[i]
	}
	hinckley := r.Sites[0+1]
	tests := []struct {
		name      string
		got, want any
	}{
		{"home from lat/lon", [2]float64{user("LR001").HomeLat, user("LR001").HomeLon}, [2]float64{52.54, -1.37}},
		{"home from town", [2]float64{user("LR002").HomeLat, user("LR002").HomeLon}, [2]float64{hinckley.Lat, hinckley.Lon}},
		{"home from town, any case", [2]float64{user("LR004").HomeLat, user("LR004").HomeLon}, [2]float64{hinckley.Lat, hinckley.Lon}},
		{"home from town's first site", user("LR011").HomeLat, r.Sites[0].Lat},
		{"age on birthday", user("LR003").Age, 19},
		{"age day before birthday", user("LR005").Age, 18},
		{"age leap-day birth", user("LR006").Age, 38},
		{"birth", user("LR003").Birth, MustDate("1999-06-04").Time},
		{"bool yes", user("LR003").StepFree, true},
		{"bool y", user("LR007").IOM, true},
		{"team area given", r.Teams[0].Area, "county"},
		{"team area default", r.Teams[1].Area, "east"},
		{"practitioner days given", r.Practitioners[3].Days, Weekdays(1<<Mon | 1<<Wed | 1<<Fri)},
		{"practitioner days default", r.Practitioners[2].Days, MonToFri},
		{"intervention skill default", r.Interventions[0].Skill, "tsp"},
		{"intervention skill given", r.Interventions[2].Skill, "unpaid_work"},
		{"intervention gender default", r.Interventions[2].Gender, GenderAny},
		{"project hours default", r.Projects[0].Hours, 7.0},
		{"project supervisors default", r.Projects[0].Supervisors, 1},
		{"requirement line", r.Requirements[4].Line, 6},
		{"appointments by tier (B)", r.Requirements[0].Sessions, 1},
		{"appointments for IOM", r.Requirements[1].Sessions, 2},
		{"appointments given", r.Requirements[2].Sessions, 2},
		{"appointments by tier (A, from settings)", r.Requirements[3].Sessions, 2},
		{"sessions default", r.Requirements[5].Sessions, 1},
		{"unpaid work sessions stay 0", r.Requirements[8].Sessions, 0},
		{"priority default", r.Requirements[0].Priority, 3},
		{"priority given", r.Requirements[1].Priority, 1},
		{"setting given", r.Settings.MaxTravelKm, 30.0},
		{"points setting given", r.Settings.Points[Licence]["A2"], 170.0},
		{"points default kept", r.Settings.Points[Licence]["A3"], 219.0},
		{"pattern change weight mirrors penalty", r.Settings.Weights.PatternChange, 2.0},
		{"bank holidays", len(r.Settings.BankHolidays), 2},
		{"pattern", r.Practitioners[2].Pattern.String(), "tue:oakham"},
		{"list", r.Practitioners[4].Skills.String(), "tsp womens_group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestAvailableResolved(t *testing.T) {
	r := loadValid(t)
	u1, _ := r.ServiceUserIndex("LR001") // "mon tue:morning"
	u5, _ := r.ServiceUserIndex("LR005") // "wed:afternoon thu:evening"
	u2, _ := r.ServiceUserIndex("LR002") // empty: every slot
	tests := []struct {
		name string
		u    int
		day  Weekday
		slot int
		want bool
	}{
		{"whole day", u1, Mon, 2, true},
		{"named slot", u1, Tue, 0, true},
		{"other slot that day", u1, Tue, 1, false},
		{"other day", u1, Wed, 0, false},
		{"afternoon", u5, Wed, 1, true},
		{"evening", u5, Thu, 2, true},
		{"not morning", u5, Thu, 0, false},
		{"empty is every slot", u2, Sun, 2, true},
		{"slot out of range", u1, Mon, 99, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.ServiceUsers[tt.u].Available.Has(tt.day, tt.slot); got != tt.want {
				t.Errorf("Has(%s, %d) = %v, want %v", tt.day, tt.slot, got, tt.want)
			}
		})
	}
}

// TestLoadBroken loads each folder of testdata/broken, one per class of
// problem, and checks that Load reports exactly the messages of its
// want.txt (and, when it loads, the warnings of warnings.txt).
func TestLoadBroken(t *testing.T) {
	dirs, err := filepath.Glob("testdata/broken/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no test folders: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			r, err := LoadDir(dir)
			got := messages(t, err)
			var warnings []string
			if r != nil {
				warnings = r.Warnings
			}
			wantPath, warnPath := filepath.Join(dir, "want.txt"), filepath.Join(dir, "warnings.txt")
			if *update {
				writeLines(t, wantPath, got)
				writeLines(t, warnPath, warnings)
			}
			want, wantWarn := readLines(t, wantPath), readLines(t, warnPath)
			if len(want) == 0 && len(wantWarn) == 0 {
				t.Fatalf("%s has neither want.txt nor warnings.txt", dir)
			}
			if (err == nil) != (len(want) == 0) {
				t.Errorf("err = %v, want an error: %v", err, len(want) > 0)
			}
			if (r == nil) == (err == nil) {
				t.Errorf("Region is nil: %v, err is nil: %v; want exactly one nil", r == nil, err == nil)
			}
			sameSet(t, "error", got, want)
			sameSet(t, "warning", warnings, wantWarn)
		})
	}
}

// TestErrorsSorted checks that the joined error lists messages by file,
// line and column, the same on every run.
func TestErrorsSorted(t *testing.T) {
	_, err1 := LoadDir("testdata/broken/impossible_combinations")
	_, err2 := LoadDir("testdata/broken/impossible_combinations")
	if err1 == nil || err2 == nil {
		t.Fatal("want errors")
	}
	if got, want := err1.Error(), err2.Error(); got != want {
		t.Errorf("two loads differ:\n%s\n---\n%s", got, want)
	}
	var prev *FieldError
	for _, e := range err1.(interface{ Unwrap() []error }).Unwrap() {
		fe := e.(*FieldError)
		if prev != nil && (fe.File < prev.File || fe.File == prev.File && (fe.Line < prev.Line || fe.Line == prev.Line && fe.Column < prev.Column)) {
			t.Errorf("%v comes after %v", fe, prev)
		}
		prev = fe
	}
}

// TestUnwrap checks that a FieldError for a value that did not parse
// wraps the parse error, and one from a rule does not.
func TestUnwrap(t *testing.T) {
	_, err := LoadDir("testdata/broken/bad_values")
	tests := []struct {
		name      string
		msg       string
		wantInner bool
	}{
		{"number", `sites.csv:3: lat: "abc" is not a number`, true},
		{"slot", `service_users.csv:6: available: the value is not a slot of the settings (morning, afternoon, evening)`, true},
	}
	all := err.(interface{ Unwrap() []error }).Unwrap()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := slices.IndexFunc(all, func(e error) bool { return e.Error() == tt.msg })
			if i < 0 {
				t.Fatalf("no error %q", tt.msg)
			}
			if got := errors.Unwrap(all[i]) != nil; got != tt.wantInner {
				t.Errorf("Unwrap != nil: %v, want %v", got, tt.wantInner)
			}
		})
	}
	_, err = LoadDir("testdata/broken/missing_files")
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if errors.Unwrap(e) != nil {
			t.Errorf("%v wraps %v, want nothing", e, errors.Unwrap(e))
		}
	}
}

// readFolder reads a test folder into a MapFS, transforming each file.
func readFolder(t testing.TB, dir string, transform func([]byte) []byte) fstest.MapFS {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = &fstest.MapFile{Data: transform(data)}
	}
	return m
}

// TestBOMAndCRLF checks that files as a spreadsheet writes them (a UTF-8
// byte order mark, CRLF line ends) load the same as plain ones.
func TestBOMAndCRLF(t *testing.T) {
	want := loadValid(t).Summary().String()
	tests := []struct {
		name      string
		transform func([]byte) []byte
	}{
		{"BOM", func(b []byte) []byte { return append([]byte("\ufeff"), b...) }},
		{"CRLF", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }},
		{"BOM and CRLF", func(b []byte) []byte {
			return append([]byte("\ufeff"), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))...)
		}},
		{"no final newline", func(b []byte) []byte { return bytes.TrimRight(b, "\n") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Load(readFolder(t, "testdata/valid", tt.transform))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := r.Summary().String(); got != want {
				t.Errorf("Summary() = %q, want %q", got, want)
			}
			if len(r.Warnings) > 0 {
				t.Errorf("Warnings = %q", r.Warnings)
			}
			if got := r.ServiceUsers[0].ID; got != "LR001" {
				t.Errorf("first id = %q, want LR001", got)
			}
		})
	}
}

func TestLoadDirErrors(t *testing.T) {
	tests := []struct {
		name string
		dir  string
	}{
		{"missing folder", "testdata/no-such-folder"},
		{"a file", "testdata/valid/sites.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := LoadDir(tt.dir)
			if err == nil || r != nil {
				t.Fatalf("LoadDir(%q) = %v, %v; want an error", tt.dir, r, err)
			}
			if !strings.HasPrefix(err.Error(), "model: ") {
				t.Errorf("error %q lacks the model: prefix", err)
			}
		})
	}
}
