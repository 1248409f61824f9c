package scenario

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
)

// stocktonFiles reads the Stockton sample.
func stocktonFiles(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := ReadFS(fixtures.Stockton)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// edit returns a copy of files with one file's table edited by f.
func edit(t testing.TB, files map[string][]byte, name string, f func(*table)) map[string][]byte {
	t.Helper()
	tb, err := readTable(name, files[name])
	if err != nil {
		t.Fatal(err)
	}
	f(tb)
	out := maps.Clone(files)
	out[name] = tb.encode()
	return out
}

// setCell is an edit setting the cell col of the row whose key column is id.
func setCell(key, id, col, v string) func(*table) {
	return func(tb *table) {
		i, ok := tb.find(key, id)
		if !ok {
			panic("no row " + id)
		}
		tb.set(i, col, v)
	}
}

// cell reads the cell col of the row of file whose key column is id; ok
// false when there is no such row.
func cell(t testing.TB, files map[string][]byte, file, key, id, col string) (string, bool) {
	t.Helper()
	tb, err := readTable(file, files[file])
	if err != nil {
		t.Fatal(err)
	}
	i, ok := tb.find(key, id)
	if !ok {
		return "", false
	}
	return tb.get(i, col), true
}

func mustParse(t testing.TB, specs ...string) []Change {
	t.Helper()
	var cs []Change
	for _, s := range specs {
		c, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	return cs
}

// want is a cell Apply must leave: file, key column, row id, column,
// value; absent = the row must not exist.
type want struct {
	file, key, id, col, value string
	absent                    bool
}

func TestApply(t *testing.T) {
	base := stocktonFiles(t)
	const p01Pattern = "mon:stockton tue:hardwick wed:stockton thu:hardwick fri:stockton"
	tests := []struct {
		name    string
		setup   func(map[string][]byte) map[string][]byte // edits of the sample first
		changes []string
		want    []want
		same    []string // files that must be unchanged, byte for byte
		noop    bool     // every file unchanged
	}{
		{
			name:    "close a site altogether",
			changes: []string{"close:hardwick"},
			want: []want{
				{file: model.FileSites, key: "id", id: "hardwick", absent: true},
				{file: model.FileSites, key: "id", id: "stockton", col: "open_days", value: "mon tue wed thu fri"},
				{file: model.FileProjects, key: "id", id: "hardwick_garden", absent: true},
				{file: model.FileProjects, key: "id", id: "thornaby_cleanup", col: "site", value: "thornaby"},
				{file: model.FilePractitioners, key: "id", id: "p01", col: "pattern", value: "mon:stockton wed:stockton fri:stockton"},
				{file: model.FilePractitioners, key: "id", id: "p02", col: "pattern", value: "mon:stockton tue:stockton wed:parish thu:stockton fri:baptist"},
			},
			same: []string{model.FileServiceUsers, model.FileRequirements, model.FileInterventions, model.FileTeams, model.FileSettings},
		},
		{
			name: "closing a site moves its practitioners to their team's base and takes it off interventions' lists",
			setup: func(f map[string][]byte) map[string][]byte {
				f = edit(t, f, model.FilePractitioners, setCell("id", "p05", "base_site", "hardwick"))
				f = edit(t, f, model.FilePractitioners, setCell("id", "p06", "base_site", "hardwick"))
				return edit(t, f, model.FileInterventions, setCell("id", "ete", "sites", "hardwick stockton"))
			},
			changes: []string{"close:hardwick"},
			want: []want{
				{file: model.FilePractitioners, key: "id", id: "p05", col: "base_site", value: "stockton"}, // north's base
				{file: model.FilePractitioners, key: "id", id: "p06", col: "base_site", value: "stockton"}, // south's base
				{file: model.FileInterventions, key: "id", id: "ete", col: "sites", value: "stockton"},
				{file: model.FileInterventions, key: "id", id: "womens", col: "sites", value: "womens"},
			},
		},
		{
			name: "a person placed by the closed site's town keeps their home",
			setup: func(f map[string][]byte) map[string][]byte {
				return edit(t, f, model.FileServiceUsers, func(tb *table) {
					setCell("id", "ST0001", "lat", "")(tb)
					setCell("id", "ST0001", "lon", "")(tb)
					setCell("id", "ST0001", "town", "hardwick")(tb)
				})
			},
			changes: []string{"close:hardwick"},
			want: []want{
				{file: model.FileServiceUsers, key: "id", id: "ST0001", col: "lat", value: "54.5852"},
				{file: model.FileServiceUsers, key: "id", id: "ST0001", col: "lon", value: "-1.3395"},
				{file: model.FileServiceUsers, key: "id", id: "ST0001", col: "town", value: "hardwick"},
			},
		},
		{
			name:    "close on a weekday",
			changes: []string{"close:hardwick:tue"},
			want: []want{
				{file: model.FileSites, key: "id", id: "hardwick", col: "open_days", value: "thu"},
				{file: model.FilePractitioners, key: "id", id: "p01", col: "pattern", value: "mon:stockton wed:stockton thu:hardwick fri:stockton"},
				{file: model.FileProjects, key: "id", id: "hardwick_garden", col: "days", value: "tue thu"}, // its parties run only when the site opens
			},
			same: []string{model.FileProjects, model.FileServiceUsers, model.FileInterventions},
		},
		{
			name:    "close from a date",
			changes: []string{"close:thornaby:from=2018-06-07"}, // a Thursday: open Monday only
			want: []want{
				{file: model.FileSites, key: "id", id: "thornaby", col: "open_days", value: "mon"},
				{file: model.FilePractitioners, key: "id", id: "p03", col: "pattern", value: "mon:thornaby tue:stockton wed:stockton fri:stockton"},
			},
		},
		{
			name:    "close on every day the site opens is a closure",
			changes: []string{"close:hardwick:tue,thu"},
			want: []want{
				{file: model.FileSites, key: "id", id: "hardwick", absent: true},
				{file: model.FileProjects, key: "id", id: "hardwick_garden", absent: true},
			},
		},
		{name: "close on a day the site is shut changes nothing", changes: []string{"close:hardwick:mon,fri"}, noop: true},
		{name: "close from a date after the week changes nothing", changes: []string{"close:hardwick:from=2018-06-11"}, noop: true},
		{
			name:    "open a site",
			changes: []string{"open:far:name=Far hub, north,lat=54.9,lon=-1,days=mon wed,group_rooms=1,seats=12,interview_rooms=2,women_only=true,hosts=womens tsp"},
			want: []want{
				{file: model.FileSites, key: "id", id: "far", col: "name", value: "Far hub, north"},
				{file: model.FileSites, key: "id", id: "far", col: "town", value: "Far hub, north"},
				{file: model.FileSites, key: "id", id: "far", col: "lat", value: "54.9"},
				{file: model.FileSites, key: "id", id: "far", col: "open_days", value: "mon wed"},
				{file: model.FileSites, key: "id", id: "far", col: "seats_per_room", value: "12"},
				{file: model.FileSites, key: "id", id: "far", col: "women_only", value: "true"},
				{file: model.FileSites, key: "id", id: "far", col: "step_free", value: ""},
				{file: model.FileInterventions, key: "id", id: "womens", col: "sites", value: "womens far"},
				{file: model.FileInterventions, key: "id", id: "tsp", col: "sites", value: ""}, // any site already
			},
			same: []string{model.FilePractitioners, model.FileServiceUsers, model.FileProjects},
		},
		{
			name:    "open then close a site leaves the data as it was",
			changes: []string{"open:far:lat=54.9,lon=-1,days=mon", "close:far"},
			noop:    true,
		},
		{
			name:    "change a site's days",
			changes: []string{"site:hardwick:days=tue,wed"},
			want: []want{
				{file: model.FileSites, key: "id", id: "hardwick", col: "open_days", value: "tue wed"},
				{file: model.FilePractitioners, key: "id", id: "p01", col: "pattern", value: "mon:stockton tue:hardwick wed:stockton fri:stockton"},
			},
		},
		{
			name:    "change a site's rooms",
			changes: []string{"site:hardwick:interview_rooms=3,group_rooms=2"},
			want: []want{
				{file: model.FileSites, key: "id", id: "hardwick", col: "interview_rooms", value: "3"},
				{file: model.FileSites, key: "id", id: "hardwick", col: "group_rooms", value: "2"},
				{file: model.FileSites, key: "id", id: "hardwick", col: "open_days", value: "tue thu"},
				{file: model.FilePractitioners, key: "id", id: "p01", col: "pattern", value: p01Pattern},
			},
			same: []string{model.FilePractitioners},
		},
		{
			name:    "take a practitioner out",
			changes: []string{"out:p02"},
			want: []want{
				{file: model.FilePractitioners, key: "id", id: "p02", absent: true},
				{file: model.FileServiceUsers, key: "id", id: "ST0002", col: "case_manager", value: ""},
				{file: model.FileServiceUsers, key: "id", id: "ST0001", col: "case_manager", value: "p01"},
			},
		},
		{
			name:    "a practitioner off sick on a weekday",
			changes: []string{"out:p02:wed"},
			want: []want{
				{file: model.FileAbsences, key: "practitioner", id: "p02", col: "from", value: "2018-06-06"},
				{file: model.FileAbsences, key: "practitioner", id: "p02", col: "reason", value: "sickness"},
				{file: model.FilePractitioners, key: "id", id: "p02", col: "team", value: "north"},
				{file: model.FileServiceUsers, key: "id", id: "ST0002", col: "case_manager", value: "p02"},
			},
			same: []string{model.FilePractitioners, model.FileServiceUsers},
		},
		{
			name:    "add hours",
			changes: []string{"hours:p04=37"},
			want:    []want{{file: model.FilePractitioners, key: "id", id: "p04", col: "contracted_hours", value: "37"}},
		},
		{
			name:    "caseload targets",
			changes: []string{"target:cases=50", "target:capacity=95"},
			want: []want{
				{file: model.FileSettings, key: "key", id: "target_cases", col: "value", value: "50"},
				{file: model.FileSettings, key: "key", id: "target_capacity", col: "value", value: "95"},
				{file: model.FileSettings, key: "key", id: "max_travel_km", col: "value", value: "5"},
			},
		},
		{
			name:    "travel limit replaces the setting",
			changes: []string{"travel:15"},
			want:    []want{{file: model.FileSettings, key: "key", id: "max_travel_km", col: "value", value: "15"}},
		},
		{
			name: "travel limit without a settings file",
			setup: func(f map[string][]byte) map[string][]byte {
				f = maps.Clone(f)
				delete(f, model.FileSettings)
				return f
			},
			changes: []string{"travel:15"},
			want:    []want{{file: model.FileSettings, key: "key", id: "max_travel_km", col: "value", value: "15"}},
		},
		{name: "travel limit as it is changes nothing", changes: []string{"travel:5"}, noop: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := base
			if tt.setup != nil {
				files = tt.setup(base)
			}
			before := maps.Clone(files)
			got, err := Apply(files, mustParse(t, tt.changes...))
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if !sameFiles(files, before) {
				t.Error("Apply modified its input")
			}
			if _, err := load(got); err != nil {
				t.Fatalf("the changed files do not load: %v", err)
			}
			if tt.noop && !sameFiles(got, files) {
				t.Error("the changes changed the files")
			}
			for _, w := range tt.want {
				v, ok := cell(t, got, w.file, w.key, w.id, w.col)
				switch {
				case w.absent && ok:
					t.Errorf("%s: row %s is still there", w.file, w.id)
				case !w.absent && !ok:
					t.Errorf("%s: no row %s", w.file, w.id)
				case !w.absent && v != w.value:
					t.Errorf("%s: %s %s = %q, want %q", w.file, w.id, w.col, v, w.value)
				}
			}
			for _, f := range tt.same {
				if string(got[f]) != string(files[f]) {
					t.Errorf("%s changed", f)
				}
			}
		})
	}
}

func TestApplyOutUnallocates(t *testing.T) {
	files := stocktonFiles(t)
	r, err := load(files)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := r.PractitionerIndex("p02")
	had := len(r.CasesOf(p))
	got, err := Apply(files, mustParse(t, "out:p02"))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := load(got)
	if err != nil {
		t.Fatal(err)
	}
	unalloc := func(r *model.Region) int {
		n := 0
		for _, su := range r.ServiceUsers {
			if su.CaseManager == "" {
				n++
			}
		}
		return n
	}
	if got, want := unalloc(r2), unalloc(r)+had; got != want || had == 0 {
		t.Errorf("%d unallocated after taking out p02 (who held %d), want %d", got, had, want)
	}
}

func TestApplyErrors(t *testing.T) {
	base := stocktonFiles(t)
	tests := []struct {
		name    string
		setup   func(map[string][]byte) map[string][]byte
		changes []string
		bad     string // the change the error must name
		msg     []string
	}{
		{name: "unknown site", changes: []string{"close:atlantis"}, bad: "close:atlantis", msg: []string{"no site atlantis in sites.csv (sites: stockton, hardwick, womens, parish, baptist, thornaby)"}},
		{name: "a team's base", changes: []string{"close:stockton"}, bad: "close:stockton", msg: []string{"stockton is the base office of team north"}},
		{name: "the only site of an intervention", changes: []string{"close:womens"}, bad: "close:womens", msg: []string{"intervention womens runs only at womens", "hosts=womens"}},
		{name: "a site that exists", changes: []string{"open:hardwick:lat=54,lon=-1,days=mon"}, bad: "open:hardwick:lat=54,lon=-1,days=mon", msg: []string{"site hardwick already exists"}},
		{name: "hosts an unknown intervention", changes: []string{"open:far:lat=54,lon=-1,days=mon,hosts=yoga"}, bad: "open:far:lat=54,lon=-1,days=mon,hosts=yoga", msg: []string{"hosts: no intervention yoga"}},
		{name: "change an unknown site", changes: []string{"site:nowhere:interview_rooms=1"}, bad: "site:nowhere:interview_rooms=1", msg: []string{"no site nowhere"}},
		{
			name:    "a change the data rules refuse",
			changes: []string{"travel:6", "site:womens:group_rooms=0"},
			bad:     "site:womens:group_rooms=0",
			msg:     []string{"the changed data does not load: interventions.csv:10: sites: no site may host it"},
		},
		{name: "unknown practitioner", changes: []string{"out:p99"}, bad: "out:p99", msg: []string{"no practitioner p99 in practitioners.csv"}},
		{name: "a team without case managers", changes: []string{"out:p01,p02"}, bad: "out:p01,p02", msg: []string{"team north would have no case manager (PO or PSO) left for its"}},
		{name: "hours of an unknown practitioner", changes: []string{"hours:p99=30"}, bad: "hours:p99=30", msg: []string{"no practitioner p99"}},
		{
			name: "hours below the reduction",
			setup: func(f map[string][]byte) map[string][]byte {
				return edit(t, f, model.FilePractitioners, setCell("id", "p04", "reduction_hours", "20"))
			},
			changes: []string{"hours:p04=10"},
			bad:     "hours:p04=10",
			msg:     []string{"p04 has 20 reduction hours, more than 10 contracted hours"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := base
			if tt.setup != nil {
				files = tt.setup(base)
			}
			_, err := Apply(files, mustParse(t, tt.changes...))
			var ce *ChangeError
			if !errors.As(err, &ce) {
				t.Fatalf("Apply: error %v (%T), want a *ChangeError", err, err)
			}
			if ce.Change != tt.bad {
				t.Errorf("the error names %q, want %q", ce.Change, tt.bad)
			}
			if !strings.HasPrefix(err.Error(), "scenario: "+tt.bad+": ") {
				t.Errorf("error %q does not start with the change", err)
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q lacks %q", err, m)
				}
			}
		})
	}
}

func TestApplyBadData(t *testing.T) {
	files := edit(t, stocktonFiles(t), model.FileSites, setCell("id", "hardwick", "lat", "north"))
	_, err := Apply(files, mustParse(t, "travel:6"))
	if err == nil || !strings.Contains(err.Error(), "scenario: the data folder does not load: sites.csv:3: lat:") {
		t.Errorf("Apply of broken data: %v", err)
	}
}
