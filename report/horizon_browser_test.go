package report

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/probation/rota/model/plan"
)

// horizonDirs are the test horizon's weeks (testdata/horizon).
var horizonDirs = []string{"week-01", "week-02"}

// writeHorizon renders the test horizon's report.html into a temporary
// folder, changed by mutate when not nil.
func writeHorizon(t *testing.T, mutate func(string) string) string {
	t.Helper()
	b, err := HorizonHTML(testHorizon(t))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if mutate != nil {
		s = mutate(s)
	}
	file := filepath.Join(t.TempDir(), HTMLFile)
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// checkWeeks compares the weeks table the page shows with each week's
// summary.json: a visible row a week, linking to the week's report.html.
func checkWeeks(tab context.Context) error {
	type shownRow struct {
		Link    string   `json:"link"`
		Cells   []string `json:"cells"`
		Visible bool     `json:"visible"`
	}
	rows, err := chromedp.Run(tab, chromedp.Evaluate[[]shownRow](`Array.from(document.querySelectorAll("#weeks-table tbody tr")).map(function (tr) {
		var a = tr.querySelector("a"), r = tr.getBoundingClientRect();
		return {link: a ? a.getAttribute("href") : "", cells: Array.from(tr.cells).map(function (c) { return c.innerText.trim(); }),
			visible: r.width > 0 && r.height > 0};
	})`))
	if err != nil {
		return err
	}
	if len(rows) != len(horizonDirs) {
		return fmt.Errorf("the weeks table has %d rows, want %d", len(rows), len(horizonDirs))
	}
	var errs []error
	for k, dir := range horizonDirs {
		p, err := plan.ReadDir(filepath.Join("testdata", "horizon", dir))
		if err != nil {
			return err
		}
		s, cv := p.Summary, p.Summary.Coverage
		row := rows[k]
		if row.Link != dir+"/report.html" || !row.Visible {
			errs = append(errs, fmt.Errorf("week %d: link %q, visible %v; want %s/report.html, visible", k+1, row.Link, row.Visible, dir))
		}
		// The columns: week, starts, status, gap, appointments met, due,
		// %, places met, due, %, hours met, due, %, late shifts.
		want := map[int]string{2: s.Status, 4: fmt.Sprint(cv.AppointmentsPlanned), 5: fmt.Sprint(cv.AppointmentsDue),
			7: fmt.Sprint(cv.SessionsPlanned), 8: fmt.Sprint(cv.SessionsDue), 10: trimNum(cv.HoursPlanned),
			11: trimNum(cv.HoursDue), 13: fmt.Sprint(s.LateShifts)}
		for col := range 14 {
			if v, ok := want[col]; ok && (col >= len(row.Cells) || row.Cells[col] != v) {
				errs = append(errs, fmt.Errorf("week %d, column %d: the page shows %q, summary.json has %q", k+1, col, at(row.Cells, col), v))
			}
		}
	}
	return errors.Join(errs...)
}

func at(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

// TestBrowserHorizon: the horizon's report.html loads offline with no
// console error and no request; the weeks table links to each week's
// report and shows each week's figures as its summary.json has them; the
// chart and the running groups are shown.
func TestBrowserHorizon(t *testing.T) {
	bctx := browser(t)
	file := writeHorizon(t, nil)
	tab, w := open(t, bctx, file, "weeks", "#weeks-table tbody tr")
	if err := checkWeeks(tab); err != nil {
		t.Error(err)
	}
	if _, err := chromedp.Run(tab, chromedp.WaitVisible(chromedp.CSS("#weeks-chart svg.chart"))); err != nil {
		t.Error(err)
	}
	screenshot(t, tab, "horizon-weeks.png")
	tab2, w2 := open(t, bctx, file, "groups", `#groups-table tbody tr[data-group="foundations-hardwick-2018-06-05-evening-1"]`)
	screenshot(t, tab2, "horizon-groups.png")
	for _, p := range append(w.list(), w2.list()...) {
		t.Error(p)
	}
}

// TestBrowserHorizonCatchesAWrongFigure: the weeks check fails on a page
// whose first week's appointments met is wrong, or whose link is.
func TestBrowserHorizonCatchesAWrongFigure(t *testing.T) {
	bctx := browser(t)
	for _, tt := range []struct{ name, old, new, want string }{
		{"figure", `<td class="num">29</td>`, `<td class="num">30</td>`, "column 4"},
		{"link", `href="week-02/report.html"`, `href="week-2/report.html"`, "week 2: link"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := writeHorizon(t, func(s string) string {
				if !strings.Contains(s, tt.old) {
					t.Fatalf("the page has no %q", tt.old)
				}
				return strings.Replace(s, tt.old, tt.new, 1)
			})
			tab, _ := open(t, bctx, file, "weeks", "#weeks-table tbody tr")
			if err := checkWeeks(tab); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("check: %v, want an error with %q", err, tt.want)
			}
		})
	}
}
