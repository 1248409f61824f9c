package solver_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/fixtures/synth"
	"github.com/probation/rota/model"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/coin"
	"github.com/probation/rota/solver/mip"
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
	r := stocktonReservedSites(t)
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

// TestWorkers: parts planned at once, the second in a worker process, give
// the plan planned one after another (no time limit: each part's plan
// depends on its input alone), and it passes the checker.
func TestWorkers(t *testing.T) {
	r := stocktonTwoParts(t)
	if n := len(solver.Parts(r)); n < 2 {
		t.Fatalf("%d parts, want 2 or more", n)
	}
	one := solveAndCheck(t, r, solver.Options{Seed: 1})
	for _, workers := range []int{2, 3} {
		t.Run(fmt.Sprint(workers, " workers"), func(t *testing.T) {
			two := solveAndCheck(t, r, solver.Options{Seed: 1, Workers: workers})
			if two.Objective != one.Objective || two.Bound != one.Bound || two.Status != one.Status || two.Rows != one.Rows {
				t.Errorf("objective %v, bound %v, %v, %d rows; one at a time: %v, %v, %v, %d rows",
					two.Objective, two.Bound, two.Status, two.Rows, one.Objective, one.Bound, one.Status, one.Rows)
			}
			if !reflect.DeepEqual(two.Plan.Staff, one.Plan.Staff) || !reflect.DeepEqual(two.Plan.Appointments, one.Plan.Appointments) ||
				!reflect.DeepEqual(two.Plan.Sessions, one.Plan.Sessions) || !reflect.DeepEqual(two.Plan.Attendance, one.Plan.Attendance) ||
				!reflect.DeepEqual(two.Plan.Unmet, one.Plan.Unmet) {
				t.Error("the plans differ")
			}
		})
	}
}

// stocktonReservedSites is the Stockton sample with each team its own area
// and a site reserved to each of north and south: two parts at least.
func stocktonReservedSites(t *testing.T) *model.Region {
	t.Helper()
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
	return load(t, m)
}

// stocktonTwoParts is the Stockton sample split in two parts: team north
// at the Stockton office, Hardwick and the women's hub, team south at
// Thornaby, the Baptist church and the parish hall, each site reserved to
// its team's area; Thornaby, south's base, opens every day.
func stocktonTwoParts(t *testing.T) *model.Region {
	t.Helper()
	m := stocktonByTeamArea(t)
	area := map[string]string{"stockton": "north", "hardwick": "north", "womens": "north", "thornaby": "south", "baptist": "south", "parish": "south"}
	edit := func(name string, f func(i int, line string) string) {
		var out []string
		for i, line := range strings.Split(strings.TrimSpace(string(m[name].Data)), "\n") {
			out = append(out, f(i, line))
		}
		m[name] = &fstest.MapFile{Data: []byte(strings.Join(out, "\n") + "\n")}
	}
	edit("sites.csv", func(i int, line string) string {
		if i == 0 {
			return line + ",area"
		}
		id, _, _ := strings.Cut(line, ",")
		if id == "thornaby" { // south's base: open every day
			line = strings.Replace(line, ",mon thu,", ",mon tue wed thu fri,", 1)
		}
		return line + "," + area[id]
	})
	edit("teams.csv", func(i int, line string) string {
		return strings.Replace(line, ")\",stockton,south", ")\",thornaby,south", 1)
	})
	edit("practitioners.csv", func(i int, line string) string {
		for site, a := range area {
			if team := "," + a + ","; !strings.Contains(line, team) {
				other := "thornaby"
				if a == "south" {
					other = "stockton"
				}
				line = strings.ReplaceAll(line, ","+site+",", ","+other+",")
				line = strings.ReplaceAll(line, ":"+site, ":"+other)
			}
		}
		return line
	})
	return load(t, m)
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

// TestCancelWorkers: a cancel while parts are planned at once, one in a
// worker process, returns soon with the plan so far (the checker passes
// it) or, before any plan, an error wrapping context.Canceled.
func TestCancelWorkers(t *testing.T) {
	needCbc(t)
	r := stocktonTwoParts(t)
	for _, after := range []time.Duration{0, 100 * time.Millisecond, 400 * time.Millisecond} {
		t.Run(fmt.Sprint("after ", after), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if after == 0 {
				cancel()
			} else {
				time.AfterFunc(after, cancel)
			}
			start := time.Now()
			res, err := solver.Solve(ctx, r, solver.Options{Seed: 1, Workers: 2})
			took := time.Since(start)
			if took > after+10*time.Second {
				t.Errorf("Solve took %v after a cancel at %v", took, after)
			}
			if err != nil {
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("error %v does not wrap context.Canceled", err)
				}
				t.Logf("no plan (%v) in %v", err, took)
				return
			}
			p := verify(t, r, res)
			t.Logf("status %s, objective %.1f, bound %.1f, in %v", p.Summary.Status, res.Objective, res.Bound, took)
			if took > after+100*time.Millisecond && res.Stop != mip.StopCancelled {
				t.Errorf("Stop %v after a cancel, want cancelled", res.Stop)
			}
		})
	}
}
