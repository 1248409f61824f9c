package model_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/check"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/caseload"
	"github.com/probation/rota/solver/coin"
)

// folder is testdata/valid with some settings added and some cells set.
type folder struct {
	settings []string            // key,value lines
	cells    map[string][]string // file → "column=value" set on every row
}

func (f folder) fs(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	entries, err := os.ReadDir("testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/valid", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if sets := f.cells[e.Name()]; len(sets) > 0 {
			b = setCells(t, b, sets)
		}
		if e.Name() == model.FileSettings {
			b = []byte(settingsWithout(string(b), f.settings) + strings.Join(f.settings, "\n") + "\n")
		}
		m[e.Name()] = &fstest.MapFile{Data: b}
	}
	return m
}

// settingsWithout drops the lines of the settings file that set a key of
// lines, so that each key is given once.
func settingsWithout(file string, lines []string) string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(file), "\n") {
		key, _, _ := strings.Cut(l, ",")
		drop := false
		for _, s := range lines {
			k, _, _ := strings.Cut(s, ",")
			drop = drop || strings.EqualFold(k, key)
		}
		if !drop {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

// setCells sets columns on every row of a CSV file: "column=value".
func setCells(t *testing.T, b []byte, sets []string) []byte {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sets {
		col, val, _ := strings.Cut(s, "=")
		i := -1
		for j, h := range recs[0] {
			if h == col {
				i = j
			}
		}
		if i < 0 {
			t.Fatalf("no column %s", col)
		}
		for _, r := range recs[1:] {
			r[i] = val
		}
	}
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	w.WriteAll(recs)
	return []byte(sb.String())
}

var allWeights = []string{"weight.unmet_appointment", "weight.unmet_session", "weight.unmet_hour",
	"weight.travel_km", "weight.worst_travel_km", "weight.session_run"}

func weights(v string, except ...string) []string {
	var out []string
	for _, w := range allWeights {
		val := v
		for _, e := range except {
			if k, x, _ := strings.Cut(e, "="); k == w {
				val = x
			}
		}
		out = append(out, w+","+val)
	}
	return out
}

// TestExtremeSettingsSolve: the largest and smallest values validation
// allows, alone and side by side, balance and plan a tiny folder without a
// panic, a solver assertion or a number JSON cannot write, and the rota
// written passes the checker. (Before the limits, weight.travel_km 1e27
// stopped Cbc on an assertion, 1e308 panicked, nominal_points 1e308 made
// caseload.json fail, and interview_rooms 9223372036854775807 broke the
// greedy start.)
func TestExtremeSettingsSolve(t *testing.T) {
	if !coin.Available() {
		t.Skip("COIN-OR not available (built without cgo)")
	}
	if testing.Short() {
		t.Skip("solves")
	}
	big := []string{"max_travel_km,200", "move_penalty,1000", "pattern_change_penalty,1000", "target_capacity,1000",
		"target_cases,1000", "nominal_points,100", "full_time_hours,48", "points.community.B2,1000", "points.young.C1,1000",
		"max_moves,1000000", "max_moves_per_practitioner,1000000"}
	small := []string{"max_travel_km,0.001", "move_penalty,0", "pattern_change_penalty,0", "target_capacity,1",
		"target_cases,1", "nominal_points,10000", "full_time_hours,1", "points.community.B2,0", "points.licence.A2,0.001"}
	bigCells := map[string][]string{
		model.FileSites:         {"group_rooms=100", "seats_per_room=1000", "interview_rooms=100"},
		model.FileInterventions: {"max_group=1000"},
		model.FileProjects:      {"places=1000", "supervisors=100"},
		model.FilePractitioners: {"contracted_hours=48", "reduction_hours=47.5", "max_sessions=1000"},
	}
	smallCells := map[string][]string{
		model.FilePractitioners: {"contracted_hours=1", "reduction_hours=0.5"},
		model.FileInterventions: {"min_group=1"},
	}
	tests := []struct {
		name string
		f    folder
	}{
		{"largest", folder{append(weights("1000"), big...), bigCells}},
		{"smallest", folder{append(weights("0.001"), small...), smallCells}},
		{"zero weights", folder{weights("0"), nil}},
		{"unmet dear, travel cheap", folder{append(weights("1000", "weight.travel_km=0.001", "weight.session_run=0.001"), big...), bigCells}},
		{"unmet cheap, travel dear", folder{append(weights("0.001", "weight.travel_km=1000", "weight.worst_travel_km=1000"), big...), smallCells}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := model.Load(tt.f.fs(t))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			ctx := context.Background()
			bal, err := caseload.Balance(ctx, r, caseload.Options{Workers: 1})
			if err != nil {
				t.Fatalf("Balance: %v", err)
			}
			dir := t.TempDir()
			if err := bal.WriteDir(dir); err != nil {
				t.Fatalf("caseload WriteDir: %v", err)
			}
			r = bal.Apply(r)
			res, err := solver.Solve(ctx, r, solver.Options{Workers: 1, TimeLimit: time.Minute})
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			if err := res.Plan.WriteDir(dir); err != nil {
				t.Fatalf("WriteDir: %v", err)
			}
			p, err := plan.ReadDir(dir)
			if err != nil {
				t.Fatalf("ReadDir: %v", err)
			}
			for _, v := range check.Check(r, p).Violations {
				t.Errorf("checker: %s", v)
			}
		})
	}
}

// TestSettingLimits: values past the limits, among them those that crashed
// the solvers, are refused by Load with the file, line and column.
func TestSettingLimits(t *testing.T) {
	tests := []struct {
		name string
		f    folder
		want string
	}{
		{"travel weight 1e27", folder{settings: []string{"weight.travel_km,1e27"}}, "settings.csv:8: weight.travel_km: 1e+27 is out of range (0 to 1000)"},
		{"travel weight 1e308", folder{settings: []string{"weight.travel_km,1e308"}}, "settings.csv:8: weight.travel_km: 1e+308 is out of range (0 to 1000)"},
		{"tiny weight", folder{settings: []string{"weight.session_run,1e-9"}}, "settings.csv:8: weight.session_run: 1e-09 is out of range (0, or 0.001 to 1000)"},
		{"nominal points 1e308", folder{settings: []string{"nominal_points,1e308"}}, "settings.csv:8: nominal_points: 1e+308 is out of range (100 to 10000)"},
		{"points 1e308", folder{settings: []string{"points.young.A3,1e308"}}, "settings.csv:8: points.young.A3: 1e+308 is out of range (0 to 1000)"},
		{"max_travel_km", folder{settings: []string{"max_travel_km,1e9"}}, "settings.csv:7: max_travel_km: 1000000000 is out of range (more than 0 to 200)"},
		{"max_moves", folder{settings: []string{"max_moves,2147483647"}}, "settings.csv:8: max_moves: 2147483647 is out of range (0 to 1000000)"},
		{"max_late_days", folder{settings: []string{"max_late_days,6"}}, "settings.csv:8: max_late_days: 6 is out of range (0 to 5)"},
		{"contact share", folder{settings: []string{"contact_share.PSO,1.5"}}, "settings.csv:8: contact_share.PSO: 1.5 is out of range (0 to 1)"},
		{"interview rooms", folder{cells: map[string][]string{model.FileSites: {"interview_rooms=9223372036854775807"}}}, "sites.csv:2: interview_rooms: 9223372036854775807 is out of range (0 to 100)"},
		{"seats", folder{cells: map[string][]string{model.FileSites: {"seats_per_room=100000"}}}, "sites.csv:2: seats_per_room: 100000 is out of range (0 to 1000)"},
		{"group size", folder{cells: map[string][]string{model.FileInterventions: {"max_group=5000"}}}, "interventions.csv:2: max_group: 5000 is out of range (1 to 1000)"},
		{"places", folder{cells: map[string][]string{model.FileProjects: {"places=9223372036854775807"}}}, "projects.csv:2: places: 9223372036854775807 is out of range (1 to 1000)"},
		{"facilitators", folder{cells: map[string][]string{model.FileInterventions: {"facilitators=1000"}}}, "interventions.csv:2: facilitators: 1000 is out of range (0 to 100)"},
		{"hours left", folder{cells: map[string][]string{model.FilePractitioners: {"contracted_hours=37", "reduction_hours=36.99"}}},
			"practitioners.csv:2: reduction_hours: leaves 0.01 h of contracted_hours; want none or at least 0.5 h"},
		{"contracted hours", folder{cells: map[string][]string{model.FilePractitioners: {"contracted_hours=1e-300", "reduction_hours=0"}}},
			"practitioners.csv:2: contracted_hours: 1e-300 is out of range (1 to 48)"},
		{"hours outstanding", folder{cells: map[string][]string{model.FileRequirements: {"hours_outstanding=1e300"}}},
			"requirements.csv:10: hours_outstanding: the value is out of range (0 to 10000)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.Load(tt.f.fs(t))
			if err == nil {
				t.Fatal("Load accepted it")
			}
			if !strings.Contains(err.Error()+"\n", tt.want+"\n") {
				t.Errorf("Load: %v\nwant the line %s", err, tt.want)
			}
		})
	}
}
