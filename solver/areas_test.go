package solver_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/fixtures/synth"
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
	m := stocktonByTeamArea(t)
	r := load(t, m)
	res := solveAndCheck(t, r, solver.Options{Seed: 1})
	if res.Terms.WorstTravel <= r.Settings.Weights.WorstTravelKm*res.Plan.Summary.TravelKmMax-1e-9 {
		t.Errorf("worst travel %.3f: want two areas' longest journeys, more than the single longest %.1f km",
			res.Terms.WorstTravel, res.Plan.Summary.TravelKmMax)
	}
}

// TestSitesReservedToAreas: with Stockton's teams in two areas and sites
// reserved to each, nobody is planned at a site of the other area (the
// checker's site-area rules, in solveAndCheck), and a generated region
// whose sites are all reserved splits into its areas.
func TestSitesReservedToAreas(t *testing.T) {
	if !coin.Available() {
		t.Skip("built without cgo")
	}
	m := stocktonByTeamArea(t)
	var sites []string
	for i, line := range strings.Split(strings.TrimSpace(string(m["sites.csv"].Data)), "\n") {
		switch {
		case i == 0:
			line += ",area"
		case strings.HasPrefix(line, "hardwick,"):
			line += ",north"
		case strings.HasPrefix(line, "thornaby,"):
			line += ",south"
		default:
			line += ","
		}
		sites = append(sites, line)
	}
	m["sites.csv"] = &fstest.MapFile{Data: []byte(strings.Join(sites, "\n") + "\n")}
	r := load(t, m)
	res := solveAndCheck(t, r, solver.Options{Seed: 1})
	for _, a := range res.Plan.Appointments {
		u, _ := r.ServiceUserIndex(a.ServiceUser)
		if a.Site == "thornaby" && r.ServiceUsers[u].Team != "south" || a.Site == "hardwick" && r.ServiceUsers[u].Team != "north" {
			t.Errorf("%s of team %s seen at %s", a.ServiceUser, r.ServiceUsers[u].Team, a.Site)
		}
	}

	files, err := synth.Generate(synth.Options{Cases: 25000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	big := load(t, files.FS())
	areas := map[string]bool{}
	for _, tm := range big.Teams {
		areas[big.AreaOfTeam(tm.ID)] = true
	}
	if got, want := len(solver.Parts(big)), len(areas); got != want {
		t.Errorf("parts of a generated 25,000-case region: got %d, want one per area, %d", got, want)
	}
}

// stocktonByTeamArea is the Stockton sample with each team its own area.
func stocktonByTeamArea(t *testing.T) fstest.MapFS {
	t.Helper()
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
	return m
}
