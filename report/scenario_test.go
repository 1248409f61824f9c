package report

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/probation/rota/model"
	"github.com/probation/rota/scenario"
)

func testScenario(t *testing.T) *scenario.Report {
	t.Helper()
	rep, err := ReadScenario(filepath.Join("testdata", "scenario"))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// addColumn appends a column to a data file held in memory, its value by
// row id.
func addColumn(t *testing.T, files map[string][]byte, file, column string, value func(id string, i int) string) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(files[file])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows[0] = append(rows[0], column)
	for i := 1; i < len(rows); i++ {
		rows[i] = append(rows[i], value(rows[i][0], i))
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	files[file] = buf.Bytes()
}

// TestScenarioEquality: closing Hardwick touches all 12 women of the
// Stockton sample against about 30% of the men; the table and the
// headline say so, from the figures.
func TestScenarioEquality(t *testing.T) {
	rep := testScenario(t)
	pg, err := buildScenario(rep)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ char, group string }
	got := map[key]equalityRow{}
	for _, r := range pg.Equality {
		got[key{r.Characteristic, r.Group}] = r
	}
	women, men := got[key{"sex", "female"}], got[key{"sex", "male"}]
	if women.People != 12 || women.Affected != 12 {
		t.Errorf("women: got %d of %d affected, want 12 of 12", women.Affected, women.People)
	}
	// Affected people add up to the summary's count in every characteristic.
	for _, char := range pg.EqualityFor {
		sum, people := 0, 0
		for _, r := range pg.Equality {
			if r.Characteristic == char {
				sum += r.Affected
				people += r.People
			}
		}
		if sum != rep.Summary.Affected.People {
			t.Errorf("%s: affected add up to %d, want %d", char, sum, rep.Summary.Affected.People)
		}
		if people != len(rep.Baseline.Region.ServiceUsers) {
			t.Errorf("%s: people add up to %d, want %d", char, people, len(rep.Baseline.Region.ServiceUsers))
		}
	}
	for _, char := range []string{"sex", "age band", "step-free need (disability proxy)", "tier", "risk of serious harm"} {
		if !strings.Contains(strings.Join(pg.EqualityFor, "|"), char) {
			t.Errorf("no %s in the equality table", char)
		}
	}
	if strings.Contains(strings.Join(pg.EqualityFor, "|"), "ethnicity") {
		t.Error("ethnicity shown though the data has no ethnicity column")
	}
	head := strings.Join(pg.Headline, " ")
	for _, want := range []string{"12 of the 12 women (100.0%)", "of the 138 men", "Closing hardwick affects 53 people of 150"} {
		if !strings.Contains(head, want) {
			t.Errorf("headline lacks %q:\n%s", want, head)
		}
	}
	_ = men
}

// TestScenarioJourneys: the counts of longer journeys are those of
// affected.csv's travel_change column.
func TestScenarioJourneys(t *testing.T) {
	rep := testScenario(t)
	pg, err := buildScenario(rep)
	if err != nil {
		t.Fatal(err)
	}
	var n, further, over5, over10 int
	for _, a := range rep.Affected {
		if a.TravelChange == nil {
			continue
		}
		n++
		if *a.TravelChange > 0 {
			further++
		}
		if *a.TravelChange > 5 {
			over5++
		}
		if *a.TravelChange > 10 {
			over10++
		}
	}
	j := pg.Journeys
	if j.Journeys != n || j.Further != further || j.Over5 != over5 || j.Over10 != over10 {
		t.Errorf("got %d journeys, %d further, %d > 5 km, %d > 10 km; want %d, %d, %d, %d",
			j.Journeys, j.Further, j.Over5, j.Over10, n, further, over5, over10)
	}
	if n > 0 && j.Chart == "" {
		t.Error("no journey histogram")
	}
	if pg.MapChart == "" || !strings.Contains(string(pg.MapChart), "hardwick (closed)") {
		t.Error("the map does not mark hardwick closed")
	}
}

// TestScenarioOptionalColumns: an ethnicity column of service_users.csv
// adds ethnicity to the equality table; a weekly_cost column of sites.csv
// adds the running costs and the saving. Neither needs the model to know
// the column (the loader warns of it as unknown).
func TestScenarioOptionalColumns(t *testing.T) {
	rep := testScenario(t)
	ethnic := []string{"White British", "Asian or Asian British", "Black or Black British", "Mixed"}
	addColumn(t, rep.Baseline.Files, model.FileServiceUsers, "ethnicity", func(_ string, i int) string {
		if i%7 == 0 {
			return ""
		}
		return ethnic[i%len(ethnic)]
	})
	cost := map[string]string{"stockton": "4000", "hardwick": "900", "thornaby": "1200", "womens": "800", "parish": "150", "baptist": "150"}
	addColumn(t, rep.Baseline.Files, model.FileSites, "weekly_cost", func(id string, _ int) string { return cost[id] })
	pg, err := buildScenario(rep)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]bool{}
	for _, r := range pg.Equality {
		if r.Characteristic == "ethnicity" {
			groups[r.Group] = true
		}
	}
	for _, g := range append(ethnic, "not recorded") {
		if !groups[g] {
			t.Errorf("no ethnicity row for %q", g)
		}
	}
	if pg.Costs == nil {
		t.Fatal("no running costs with a weekly_cost column")
	}
	if pg.Costs.Saving != "900" {
		t.Errorf("saving £%s, want £900 (hardwick closed)", pg.Costs.Saving)
	}
	if !strings.Contains(strings.Join(pg.Headline, " "), "saving £900 a week") {
		t.Errorf("headline does not give the saving:\n%s", strings.Join(pg.Headline, "\n"))
	}
}
