package report

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser tests open the reports in headless Chromium (Debian package
// chromium, which `make test` installs) through chromedp. Without
// Chromium they are skipped, except in CI (CI=true), where that is a
// failure. Screenshots go to a folder under the system's temporary
// folder, never into the repository.

// hangGuard bounds a whole browser test; it only stops a hang, the tests
// wait on the page's DOM, never on time.
const hangGuard = 5 * time.Minute

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI needs the browser tests: `make test` installs the Debian package chromium")
	}
	t.Skip("chromium is not installed: browser tests skipped (`make test` installs the Debian package chromium; apt-get install -y chromium)")
	return ""
}

// browser starts headless Chromium with a new empty profile and no
// background networking.
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return bctx
}

// watch records what a tab does that an offline page must not: console
// errors, uncaught exceptions, log errors (a blocked request, a CSP
// violation) and any request other than the page's own file.
type watch struct {
	mu       sync.Mutex
	allowed  string
	problems []string
}

func (w *watch) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

func (w *watch) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.problems...)
}

// on is the tab's listener (chromedp.WithListener): it runs in the tab's
// message loop, so it only records.
func (w *watch) on(ev any) {
	{
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				w.add("console %s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			w.add("exception: %s at %s:%d", msg, d.URL, d.LineNumber)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				w.add("log error: %s %s", ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			u := ev.Request.URL
			if i := strings.IndexByte(u, '#'); i >= 0 {
				u = u[:i]
			}
			if u != w.allowed {
				w.add("request: %s", ev.Request.URL)
			}
		}
	}
}

// open loads fileURL#hash in a new tab, waits until sel is visible, and
// returns the tab and its watch.
func open(t *testing.T, bctx context.Context, file, hash, sel string) (context.Context, *watch) {
	t.Helper()
	u := (&url.URL{Scheme: "file", Path: file}).String()
	w := &watch{allowed: u}
	tab, cancel := chromedp.NewContext(bctx, chromedp.WithListener(w.on))
	t.Cleanup(cancel)
	err := chromedp.Do(tab) // attach the tab (Runtime is enabled)
	if err == nil {
		_, err = chromedp.Call(tab, network.Enable, network.EnableParams{})
	}
	if err == nil {
		_, err = chromedp.Call(tab, log.Enable, cdp.Empty{})
	}
	if err == nil {
		err = chromedp.Do(tab,
			chromedp.Navigate(u+"#"+hash),
			chromedp.WaitReady(chromedp.CSS("body")),
			chromedp.WaitVisible(chromedp.CSS(sel)),
		)
	}
	if err != nil {
		t.Fatalf("loading %s#%s: %v", file, hash, err)
	}
	return tab, w
}

// screenshotDir is where the tests leave their screenshots.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(os.TempDir(), "rota-report-test-screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screenshot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(screenshotDir(t), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Error(err)
	}
}

// writeReport renders the test rota's report.html into a temporary folder.
func writeReport(t *testing.T, mutate func(string) string) string {
	t.Helper()
	b, err := testRota(t).HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if mutate != nil {
		s = mutate(s)
	}
	path := filepath.Join(t.TempDir(), HTMLFile)
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// csvCounts are the counts the report must show, read from the rota files
// themselves.
type csvCounts struct{ practitioners, appointments, unmet int }

func readCounts(t *testing.T, dir string) csvCounts {
	t.Helper()
	rows := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs[1:]
	}
	seen := map[string]bool{}
	for _, r := range rows("staff.csv") {
		seen[r[0]] = true
	}
	return csvCounts{practitioners: len(seen), appointments: len(rows("appointments.csv")), unmet: len(rows("unmet.csv"))}
}

// checkCounts compares what the page shows with want: the overview's
// figures and the page's own rows (a week per practitioner, an entry per
// appointment in the sites' grids, a row per unmet requirement).
func checkCounts(tab context.Context, want csvCounts) error {
	type counts struct {
		Practitioners string `json:"practitioners"`
		Appointments  string `json:"appointments"`
		Unmet         string `json:"unmet"`
		Weeks         int    `json:"weeks"`
		ApptEntries   int    `json:"appt_entries"`
		UnmetRows     int    `json:"unmet_rows"`
	}
	shown, err := chromedp.Run(tab, chromedp.Evaluate[counts](`({
		practitioners: document.getElementById("n-practitioners").textContent,
		appointments: document.getElementById("n-appointments").textContent,
		unmet: document.getElementById("n-unmet").textContent,
		weeks: document.querySelectorAll("#p-staff .prac").length,
		appt_entries: document.querySelectorAll("#p-sites .e.appt li").length,
		unmet_rows: document.querySelectorAll("#unmet-table tbody tr").length,
	})`))
	if err != nil {
		return err
	}
	var errs []error
	num := func(what, s string, want int) {
		got, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || got != want {
			errs = append(errs, fmt.Errorf("%s: the page shows %q, the CSV has %d", what, s, want))
		}
	}
	num("practitioners", shown.Practitioners, want.practitioners)
	num("appointments", shown.Appointments, want.appointments)
	num("unmet rows", shown.Unmet, want.unmet)
	num("practitioners' weeks", strconv.Itoa(shown.Weeks), want.practitioners)
	num("appointments in the sites' grids", strconv.Itoa(shown.ApptEntries), want.appointments)
	num("rows of the unmet list", strconv.Itoa(shown.UnmetRows), want.unmet)
	return errors.Join(errs...)
}

// TestBrowserPages: each page of report.html loads with no console error
// and no request, and shows the counts of the CSVs.
func TestBrowserPages(t *testing.T) {
	bctx := browser(t)
	file := writeReport(t, nil)
	want := readCounts(t, filepath.Join("testdata", "rota"))
	for _, pg := range []string{"overview", "sites", "staff", "sheets", "groups", "unmet", "caseload"} {
		t.Run(pg, func(t *testing.T) {
			tab, w := open(t, bctx, file, pg, "section#p-"+pg)
			if pg == "overview" {
				if err := checkCounts(tab, want); err != nil {
					t.Error(err)
				}
			}
			screenshot(t, tab, "rota-"+pg+".png")
			for _, p := range w.list() {
				t.Errorf("%s: %s", pg, p)
			}
		})
	}
	t.Logf("screenshots in %s", screenshotDir(t))
}

// TestBrowserCountsCatchAWrongFigure: the counts check fails on a report
// whose appointments figure is wrong.
func TestBrowserCountsCatchAWrongFigure(t *testing.T) {
	bctx := browser(t)
	want := readCounts(t, filepath.Join("testdata", "rota"))
	re := regexp.MustCompile(`(id="n-appointments" data-count="appointments">)(\d+)<`)
	file := writeReport(t, func(s string) string {
		if !re.MatchString(s) {
			t.Fatal("no appointments figure to tamper with")
		}
		return re.ReplaceAllString(s, "${1}"+strconv.Itoa(want.appointments+1)+"<")
	})
	tab, _ := open(t, bctx, file, "overview", "section#p-overview")
	err := checkCounts(tab, want)
	if err == nil {
		t.Fatal("the counts check passed a report showing one appointment too many")
	}
	if !strings.Contains(err.Error(), "appointments: the page shows") {
		t.Errorf("the failure does not name the appointments figure: %v", err)
	}
	t.Logf("as it should, the check failed: %v", err)
}

// TestBrowserUnmetFilter: typing in the unmet list's filter hides the
// rows that do not match; a click on a heading sorts by its column.
func TestBrowserUnmetFilter(t *testing.T) {
	bctx := browser(t)
	file := writeReport(t, nil)
	ro := testRota(t)
	if len(ro.Plan.Unmet) == 0 {
		t.Skip("no unmet rows in the test rota")
	}
	who := ro.Plan.Unmet[0].ServiceUser
	want := 0
	for _, u := range ro.Plan.Unmet {
		if strings.Contains(strings.ToLower(fmt.Sprint(u.ServiceUser, u.Kind, u.Intervention, u.Reason)), strings.ToLower(who)) {
			want++
		}
	}
	tab, w := open(t, bctx, file, "unmet", "#unmet-filter")
	if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.CSS("#unmet-filter"), who)); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("#unmet-shown")))
	if err != nil {
		t.Fatal(err)
	}
	if shown != strconv.Itoa(want) {
		t.Errorf("filtering on %s shows %s rows, want %d", who, shown, want)
	}
	// Clear the filter, then sort by the unmet column: ascending.
	ut, err := readUnmet(ro.Plan.Unmet)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(ut.Header, "unmet")
	if err := chromedp.Do(tab,
		chromedp.Evaluate[chromedp.Void](`(function () { var f = document.getElementById("unmet-filter"); f.value = ""; f.dispatchEvent(new Event("input")); })()`),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#unmet-table thead th:nth-child(%d)", col+1))),
	); err != nil {
		t.Fatal(err)
	}
	vals, err := chromedp.Run(tab, chromedp.Evaluate[[]float64](fmt.Sprintf(
		`Array.prototype.map.call(document.querySelectorAll("#unmet-table tbody tr"), function (r) { return parseFloat(r.cells[%d].textContent); })`, col)))
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != len(ro.Plan.Unmet) || !slices.IsSorted(vals) {
		t.Errorf("after a click on its heading the unmet column reads %v: want all %d rows, ascending", vals, len(ro.Plan.Unmet))
	}
	for _, p := range w.list() {
		t.Error(p)
	}
}

// pdfPages counts the pages of a PDF Chromium printed.
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// TestBrowserPrintWeek: a practitioner's week prints on one page, the
// practitioners' page prints one week to a page, and a day sheet prints on
// one page.
func TestBrowserPrintWeek(t *testing.T) {
	bctx := browser(t)
	file := writeReport(t, nil)
	want := readCounts(t, filepath.Join("testdata", "rota"))
	printPDF := func(tab context.Context) []byte {
		t.Helper()
		pdf, err := chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
		if err != nil {
			t.Fatal(err)
		}
		return pdf
	}
	tab, w := open(t, bctx, file, "staff:p01", `#p-staff .prac[data-key="p01"]`)
	pdf := printPDF(tab)
	if err := os.WriteFile(filepath.Join(screenshotDir(t), "week-p01.pdf"), pdf, 0o644); err != nil {
		t.Error(err)
	}
	if got := len(pdfPage.FindAll(pdf, -1)); got != 1 {
		t.Errorf("p01's week prints on %d pages, want 1", got)
	}
	tab, w2 := open(t, bctx, file, "staff", `#p-staff .prac[data-key="p01"]`)
	if got := len(pdfPage.FindAll(printPDF(tab), -1)); got != want.practitioners {
		t.Errorf("the practitioners' page prints on %d pages, want one per practitioner: %d", got, want.practitioners)
	}
	sheet := "stockton-" + testRota(t).Plan.Staff[0].Date
	tab, w3 := open(t, bctx, file, "sheets:"+sheet, `#p-sheets .sheet[data-key="`+sheet+`"]`)
	if got := len(pdfPage.FindAll(printPDF(tab), -1)); got != 1 {
		t.Errorf("the day sheet %s prints on %d pages, want 1", sheet, got)
	}
	for _, p := range append(append(w.list(), w2.list()...), w3.list()...) {
		t.Error(p)
	}
}

// TestBrowserScenario: each page of the scenario's report loads with no
// console error and no request, and shows the equality table, the
// journey histogram and the map; the map and the histogram print on a
// page each.
func TestBrowserScenario(t *testing.T) {
	bctx := browser(t)
	rep := testScenario(t)
	b, err := ScenarioHTML(rep)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), HTMLFile)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ page, sel string }{
		{"summary", "#headline li"},
		{"figures", "#kpi-table tbody tr"},
		{"journeys", "#journey-chart svg"},
		{"equality", "#equality-table tbody tr"},
		{"map", "#map-chart svg"},
		{"people", "#affected-table tbody tr"},
	} {
		t.Run(tt.page, func(t *testing.T) {
			tab, w := open(t, bctx, file, tt.page, tt.sel)
			screenshot(t, tab, "scenario-"+tt.page+".png")
			if tt.page == "map" || tt.page == "journeys" {
				pdf, err := chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
				if err != nil {
					t.Fatal(err)
				}
				if got := len(pdfPage.FindAll(pdf, -1)); got != 1 {
					t.Errorf("the %s page prints on %d pages, want 1", tt.page, got)
				}
			}
			for _, p := range w.list() {
				t.Errorf("%s: %s", tt.page, p)
			}
		})
	}
}

// TestBrowserWatchCatches: the watch that the page tests rely on sees a
// console error, an uncaught exception and a request for another file
// (to the loopback discard port: nothing leaves the machine).
func TestBrowserWatchCatches(t *testing.T) {
	bctx := browser(t)
	file := writeReport(t, func(s string) string {
		return strings.Replace(s, "</main>", `<img src="http://127.0.0.1:9/x.png" alt="">`+
			`<script>console.error("boom"); setTimeout(function () { throw new Error("bang"); }, 0);</script></main>`, 1)
	})
	tab, w := open(t, bctx, file, "overview", "section#p-overview")
	// The exception is thrown by a task after the load; a round trip to
	// the page after it has run lets its event arrive first.
	if _, err := chromedp.Run(tab, chromedp.Evaluate[int](`new Promise(function (r) { setTimeout(function () { r(1); }, 0); })`,
		func(p *runtime.EvaluateParams) { yes := true; p.AwaitPromise = &yes })); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(w.list(), "\n")
	for _, want := range []string{"boom", "bang", "127.0.0.1:9"} {
		if !strings.Contains(got, want) {
			t.Errorf("the watch missed %q; it saw:\n%s", want, got)
		}
	}
}
