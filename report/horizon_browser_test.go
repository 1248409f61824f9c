package report

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/probation/rota/model/plan"
)

// TestBrowserHorizon: the horizon's report.html loads offline with no
// console error and no request; the weeks table links to each week's
// report and shows each week's figures as its summary.json has them; the
// chart and the running groups are shown.
func TestBrowserHorizon(t *testing.T) {
	bctx := browser(t)
	b, err := HorizonHTML(testHorizon(t))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), HTMLFile)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	type shownRow struct {
		Link    string   `json:"link"`
		Cells   []string `json:"cells"`
		Visible bool     `json:"visible"`
	}
	tab, w := open(t, bctx, file, "weeks", "#weeks-table tbody tr")
	rows, err := chromedp.Run(tab, chromedp.Evaluate[[]shownRow](`Array.from(document.querySelectorAll("#weeks-table tbody tr")).map(function (tr) {
		var a = tr.querySelector("a"), r = tr.getBoundingClientRect();
		return {link: a ? a.getAttribute("href") : "", cells: Array.from(tr.cells).map(function (c) { return c.innerText.trim(); }),
			visible: r.width > 0 && r.height > 0};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{"week-01", "week-02"}
	if len(rows) != len(dirs) {
		t.Fatalf("the weeks table has %d rows, want %d", len(rows), len(dirs))
	}
	for k, dir := range dirs {
		p, err := plan.ReadDir(filepath.Join("testdata", "horizon", dir))
		if err != nil {
			t.Fatal(err)
		}
		s, cv := p.Summary, p.Summary.Coverage
		row := rows[k]
		if row.Link != dir+"/report.html" || !row.Visible {
			t.Errorf("week %d: link %q, visible %v; want %s/report.html, visible", k+1, row.Link, row.Visible, dir)
		}
		// starts, status, gap, appointments met, due, %, places met, due,
		// %, hours met, due, %, late shifts.
		want := map[int]string{2: s.Status, 4: fmt.Sprint(cv.AppointmentsPlanned), 5: fmt.Sprint(cv.AppointmentsDue),
			7: fmt.Sprint(cv.SessionsPlanned), 8: fmt.Sprint(cv.SessionsDue), 10: trimNum(cv.HoursPlanned),
			11: trimNum(cv.HoursDue), 13: fmt.Sprint(s.LateShifts)}
		for col, v := range want {
			if col >= len(row.Cells) || row.Cells[col] != v {
				t.Errorf("week %d, column %d: the page shows %q, summary.json has %q (row %q)", k+1, col, at(row.Cells, col), v, row.Cells)
			}
		}
	}
	if _, err := chromedp.Run(tab, chromedp.WaitVisible(chromedp.CSS("#weeks-chart svg.chart"))); err != nil {
		t.Error(err)
	}
	screenshot(t, tab, "horizon-weeks.png")
	tab2, w2 := open(t, bctx, file, "groups", "#groups-table tbody tr")
	screenshot(t, tab2, "horizon-groups.png")
	for _, p := range append(w.list(), w2.list()...) {
		t.Error(p)
	}
}

func at(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}
