package solver_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/coin"
)

// TestWorstTravelPerArea: with the Stockton teams in two areas, the
// longest journey is priced once per area, and the checker, pricing the
// plan on its own, agrees with the summary (solveAndCheck).
func TestWorstTravelPerArea(t *testing.T) {
	if !coin.Available() {
		t.Skip("built without cgo")
	}
	m := fstest.MapFS{}
	err := fs.WalkDir(fixtures.Stockton, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fixtures.Stockton, name)
		m[name] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var teams []string
	for _, line := range strings.Split(strings.TrimSpace(string(m["teams.csv"].Data)), "\n") {
		if id, _, _ := strings.Cut(line, ","); id != "id" {
			line = strings.TrimSuffix(line, ",stockton") + "," + id // each team its own area
		}
		teams = append(teams, line)
	}
	m["teams.csv"] = &fstest.MapFile{Data: []byte(strings.Join(teams, "\n") + "\n")}
	r := load(t, m)
	res := solveAndCheck(t, r, solver.Options{Seed: 1})
	if res.Terms.WorstTravel <= r.Settings.Weights.WorstTravelKm*res.Plan.Summary.TravelKmMax-1e-9 {
		t.Errorf("worst travel %.3f: want two areas' longest journeys, more than the single longest %.1f km",
			res.Terms.WorstTravel, res.Plan.Summary.TravelKmMax)
	}
}
