package report

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/jszwec/csvutil"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/scenario"
	"github.com/probation/rota/solver"
)

// The planners' report of a scenario: what a senior manager reads before
// deciding. It is built from scenario.Report alone (the scenario package
// is not changed for it): the figures, the affected people, and each
// side's region and data files. Two optional data columns are read from
// the files as given, without the model knowing them: service_users.csv
// `ethnicity` and sites.csv `weekly_cost`.

type scenarioPage struct {
	pageAssets
	Title       string
	Description string
	Changes     []string
	Headline    []string
	Notes       []string
	KPIs        []kpiRow
	Journeys    journeyView
	Equality    []equalityRow
	EqualityFor []string // the characteristics the table covers
	HarmNote    string
	MapChart    template.HTML
	Costs       *costView
	Affected    []affectedRow
	People      int
	HasSides    bool
}

type kpiRow struct {
	Figure, Label, Baseline, Scenario, Delta, Class string
}

type journeyView struct {
	Journeys, Further, Over5, Over10  int // rows with a journey before and after
	People, PeopleOver5, PeopleOver10 int // people whose total travel grows
	Median, P90, Max                  string
	Chart                             template.HTML
}

type equalityRow struct {
	Characteristic, Group         string
	People, Affected, Harmed      int
	AffectedPct, HarmedPct, Class string
}

type costView struct {
	Before, After, Saving string
	Sites                 []costSite
}

type costSite struct {
	Site, Before, After string
}

type affectedRow struct {
	ServiceUser, What, Effect, Had, Gets, Change, Reason string
}

// WriteScenario writes the scenario's report.html into dir (the folder
// `rota scenario` writes), and each side's rota report into dir/baseline
// and dir/scenario.
func WriteScenario(dir string, rep *scenario.Report) error {
	if err := WriteScenarioFile(filepath.Join(dir, HTMLFile), rep); err != nil {
		return err
	}
	for _, side := range []struct {
		name string
		sd   *scenario.Side
	}{{scenario.BaselineDir, rep.Baseline}, {scenario.ScenarioDir, rep.Scenario}} {
		if side.sd == nil || side.sd.Result == nil {
			continue
		}
		if err := fromResult(side.sd.Result.Plan, side.sd.Balance, side.sd.Region).WriteDir(filepath.Join(dir, side.name)); err != nil {
			return err
		}
	}
	return nil
}

// WriteScenarioFile writes the scenario's report.html to path.
func WriteScenarioFile(path string, rep *scenario.Report) error {
	b, err := ScenarioHTML(rep)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return plan.WriteFileAtomic(path, b)
}

var scenarioTemplate = template.Must(template.New("scenario.html").Funcs(funcs).ParseFS(assets, "assets/scenario.html"))

// ScenarioHTML renders the scenario's report.html.
func ScenarioHTML(rep *scenario.Report) ([]byte, error) {
	pg, err := buildScenario(rep)
	if err != nil {
		return nil, err
	}
	pg.pageAssets = inline()
	return render(scenarioTemplate, pg)
}

func buildScenario(rep *scenario.Report) (*scenarioPage, error) {
	s := &rep.Summary
	pg := &scenarioPage{Title: "What if: " + s.Description, Description: s.Description, Changes: s.Changes,
		Notes: s.Notes, HasSides: rep.Baseline != nil && rep.Scenario != nil}
	var base *model.Region
	if rep.Baseline != nil {
		base = rep.Baseline.Region
	}
	n := names{base}
	pg.KPIs = kpiRows(rep.KPIs, n)
	people, changes := affectedPeople(pg, rep.Affected)
	countTravellers(&pg.Journeys, people)
	pg.People = len(people)
	if err := journeySpread(&pg.Journeys, changes); err != nil {
		return nil, err
	}
	pg.HarmNote = "Harmed: loses an appointment, session or work party, or travels further over the week."
	if base != nil {
		pg.EqualityFor, pg.Equality = equality(base, rep.Baseline.Files, people)
	}
	var err error
	if pg.MapChart, err = scenarioMap(rep, harmedPeople(people)); err != nil {
		return nil, err
	}
	pg.Costs = costs(rep, n)
	pg.Headline = headline(rep, pg)
	return pg, nil
}

// kpiRows are the scenario's figures in words, with their changes marked.
func kpiRows(kpis []scenario.KPI, n names) []kpiRow {
	var rows []kpiRow
	for _, k := range kpis {
		rows = append(rows, kpiRow{Figure: k.Figure, Label: kpiLabel(k.Figure, n), Baseline: trimNum(k.Baseline),
			Scenario: trimNum(k.Scenario), Delta: scenario.Signed(k.Delta), Class: deltaClass(k.Figure, k.Delta)})
	}
	return rows
}

// affectedPerson is what the scenario does to one person: whether they
// lose something, and their total travel change over the week.
type affectedPerson struct {
	travel  float64
	loses   bool
	further bool
}

// harmed says whether the person loses something or travels further in all.
func (pp *affectedPerson) harmed() bool { return pp.loses || pp.further }

// affectedPeople gathers each person's effects and total travel change
// from the affected rows, adds the rows to the page and counts the
// changed journeys; it returns the people by id and every journey's
// change, in the rows' order.
func affectedPeople(pg *scenarioPage, rows []scenario.Affected) (map[string]*affectedPerson, []float64) {
	people := map[string]*affectedPerson{}
	var changes []float64
	for _, a := range rows {
		pp := people[a.ServiceUser]
		if pp == nil {
			pp = &affectedPerson{}
			people[a.ServiceUser] = pp
		}
		if a.Effect == scenario.EffectLoses {
			pp.loses = true
		}
		ch := ""
		if a.TravelChange != nil {
			pp.travel += *a.TravelChange
			changes = append(changes, *a.TravelChange)
			countJourney(&pg.Journeys, *a.TravelChange)
			ch = scenario.Signed(*a.TravelChange)
		}
		pg.Affected = append(pg.Affected, affectedRow{ServiceUser: a.ServiceUser, What: a.What, Effect: a.Effect,
			Had: a.Had, Gets: a.Gets, Change: ch, Reason: a.Reason})
	}
	return people, changes
}

// countJourney counts one journey with a change (km, one way) by how
// much longer it gets.
func countJourney(j *journeyView, change float64) {
	j.Journeys++
	switch {
	case change > 10:
		j.Over10++
		fallthrough
	case change > 5:
		j.Over5++
		fallthrough
	case change > 0:
		j.Further++
	}
}

// countTravellers marks who travels further over the week and counts
// them by how much further.
func countTravellers(j *journeyView, people map[string]*affectedPerson) {
	for _, pp := range people {
		pp.further = pp.travel > 1e-9
		if pp.further {
			j.People++
		}
		if pp.travel > 5 {
			j.PeopleOver5++
		}
		if pp.travel > 10 {
			j.PeopleOver10++
		}
	}
}

// journeySpread gives the journeys' changes their median, 90th
// percentile, largest and histogram; nothing when no journey changes.
func journeySpread(j *journeyView, changes []float64) error {
	if len(changes) == 0 {
		return nil
	}
	med, p90, top := quantiles(changes)
	j.Median, j.P90, j.Max = scenario.Signed(med), scenario.Signed(p90), scenario.Signed(top)
	var err error
	j.Chart, err = histogram("Change in one-way journey (km), per journey", "km further (negative: nearer)", changes, journeyDivisions(changes))
	return err
}

// journeyDivisions are the histogram's bin edges: about 12 bins of a
// round width over the changes, at least one bin.
func journeyDivisions(changes []float64) []float64 {
	lo, hi := slices.Min(changes), slices.Max(changes)
	step := niceStep((hi - lo) / 12)
	var div []float64
	for x := math.Floor(lo/step) * step; x <= hi+step/2; x += step {
		div = append(div, x)
	}
	if len(div) < 2 {
		div = append(div, div[0]+step)
	}
	return div
}

// harmedPeople is, for each affected person, whether they are harmed.
func harmedPeople(people map[string]*affectedPerson) map[string]bool {
	harmed := map[string]bool{}
	for id, pp := range people {
		harmed[id] = pp.harmed()
	}
	return harmed
}

// headline is the report in plain sentences built from its figures.
func headline(rep *scenario.Report, pg *scenarioPage) []string {
	s := &rep.Summary
	var out []string
	total := 0
	if rep.Baseline != nil && rep.Baseline.Region != nil {
		total = len(rep.Baseline.Region.ServiceUsers)
	}
	desc := capitalise(cmp.Or(s.Description, "the change"))
	if s.Affected.People == 0 {
		out = append(out, desc+" affects nobody's week.")
	} else {
		l := fmt.Sprintf("%s affects %d %s", desc, s.Affected.People, plural(s.Affected.People, "person", "people"))
		if total > 0 {
			l += fmt.Sprintf(" of %d (%s)", total, pct(float64(s.Affected.People), float64(total)))
		}
		l += "."
		out = append(out, l)
		var parts []string
		for _, e := range []struct{ effect, verb string }{
			{scenario.EffectLoses, "lose " + lostKinds(rep.Affected)},
			{scenario.EffectMovesSite, "move to another site"},
			{scenario.EffectMovesTime, "move to another day or time"},
			{scenario.EffectNewManager, "get a new case manager"},
			{scenario.EffectGains, "gain something they did not have"},
		} {
			if k := s.Affected.PeopleByEffect[e.effect]; k > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", k, e.verb))
			}
		}
		if len(parts) > 0 {
			out = append(out, "By the worst that happens to each: "+joinAnd(parts)+".")
		}
	}
	j := pg.Journeys
	if j.Journeys > 0 {
		out = append(out, fmt.Sprintf("%d of %d changed journeys are longer; %d are more than 5 km longer and %d more than 10 km longer (the largest %s km). %d %s travel further over the week, %d by more than 10 km.",
			j.Further, j.Journeys, j.Over5, j.Over10, j.Max, j.People, plural(j.People, "person", "people"), j.PeopleOver10))
	}
	d := func(name string) (scenario.KPI, bool) { return rep.KPI(name) }
	var cov []string
	for _, f := range []struct{ fig, what string }{
		{"appointments_planned", "appointments"}, {"sessions_planned", "group-session places"}, {"hours_planned", "unpaid-work hours"},
	} {
		if k, ok := d(f.fig); ok && k.Delta != 0 {
			verb := "rise"
			if k.Delta < 0 {
				verb = "fall"
			}
			cov = append(cov, fmt.Sprintf("%s planned %s from %s to %s", f.what, verb, trimNum(k.Baseline), trimNum(k.Scenario)))
		}
	}
	if len(cov) > 0 {
		out = append(out, capitalise(joinAnd(cov))+".")
	} else if len(pg.KPIs) > 0 {
		out = append(out, "What is planned stays the same: appointments, group-session places and unpaid-work hours.")
	}
	// The widest gap between the sexes, the first thing an equality
	// impact assessment asks.
	var f, m *equalityRow
	for i := range pg.Equality {
		if pg.Equality[i].Characteristic == "sex" {
			switch pg.Equality[i].Group {
			case string(model.GenderFemale):
				f = &pg.Equality[i]
			case string(model.GenderMale):
				m = &pg.Equality[i]
			}
		}
	}
	if f != nil && m != nil && (f.Affected > 0 || m.Affected > 0) {
		out = append(out, fmt.Sprintf("It affects %d of the %d women (%s) and %d of the %d men (%s); %d women and %d men are harmed.",
			f.Affected, f.People, f.AffectedPct, m.Affected, m.People, m.AffectedPct, f.Harmed, m.Harmed))
	}
	if pg.Costs != nil {
		out = append(out, fmt.Sprintf("Site running costs: £%s a week before, £%s after (saving £%s a week).", pg.Costs.Before, pg.Costs.After, pg.Costs.Saving))
	}
	return out
}

// lostKinds names what people lose: "a session or a work party".
func lostKinds(rows []scenario.Affected) string {
	var kinds []string
	for _, k := range []struct{ what, words string }{
		{"appointment", "an appointment"}, {plan.KindSession, "a session"}, {plan.KindWorkParty, "a work party"},
	} {
		if slices.ContainsFunc(rows, func(a scenario.Affected) bool { return a.Effect == scenario.EffectLoses && a.What == k.what }) {
			kinds = append(kinds, k.words)
		}
	}
	if len(kinds) < 2 {
		return strings.Join(kinds, "")
	}
	return strings.Join(kinds[:len(kinds)-1], ", ") + " or " + kinds[len(kinds)-1]
}

// capitalise puts the first letter in upper case.
func capitalise(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ageBand groups ages as equality monitoring usually does.
func ageBand(age int) string {
	switch {
	case age < 25:
		return "18–24"
	case age < 35:
		return "25–34"
	case age < 50:
		return "35–49"
	}
	return "50 and over"
}

// kpiLabel is a figure of kpis.csv in words.
func kpiLabel(fig string, n names) string {
	fixed := map[string]string{
		"appointments_due": "appointments due", "appointments_planned": "appointments planned",
		"appointments_pct": "appointments planned, % of due", "sessions_due": "group-session places due",
		"sessions_planned": "group-session places planned", "sessions_pct": "group-session places, % of due",
		"hours_due": "unpaid-work hours due", "hours_planned": "unpaid-work hours planned",
		"hours_pct": "unpaid-work hours, % of due", "unmet_appointments": "appointments not planned",
		"unmet_sessions": "session places not planned", "unmet_hours": "unpaid-work hours not planned",
		"travel_km_mean": "mean journey, km", "travel_km_max": "longest journey, km",
		"sessions_run": "group sessions run", "work_parties": "work parties run",
		"facilitator_hours": "facilitator hours", "supervisor_hours": "supervisor hours",
		"objective":              "objective (lower is better)",
		"caseload.case_managers": "case managers", "caseload.cases_per_fte": "cases per FTE",
		"caseload.capacity_mean": "mean capacity %", "caseload.capacity_max": "highest capacity %",
		"caseload.capacity_spread": "capacity spread (points of %)", "caseload.capacity_std_dev": "capacity std dev",
		"caseload.over_110": "case managers over 110%", "caseload.moves": "cases moved to balance",
		"caseload.required_moves": "cases that must move", "caseload.allocations": "unallocated cases allocated",
		"caseload.shortfall_fte": "staff short, FTE",
	}
	if l, ok := fixed[fig]; ok {
		return l
	}
	for _, p := range []struct{ prefix, words string }{
		{"unmet_sessions.", "session places not planned: "}, {"sessions_at.", "group sessions at "},
		{"work_parties_at.", "work parties at "}, {"appointments_at.", "appointments at "},
	} {
		if id, ok := strings.CutPrefix(fig, p.prefix); ok {
			if strings.HasPrefix(p.prefix, "unmet") {
				return p.words + n.Intervention(id)
			}
			return p.words + n.Site(id)
		}
	}
	return fig
}

// deltaClass marks a change for the worse "pos" (red) and for the better
// "neg" (green), where the figure says which way is better.
func deltaClass(fig string, d float64) string {
	if d == 0 {
		return ""
	}
	worseUp := strings.HasPrefix(fig, "unmet") || strings.HasPrefix(fig, "travel") || fig == "objective" ||
		fig == "caseload.capacity_max" || fig == "caseload.capacity_spread" || fig == "caseload.capacity_std_dev" ||
		fig == "caseload.over_110" || fig == "caseload.shortfall_fte"
	betterUp := strings.HasSuffix(fig, "_planned") || strings.HasSuffix(fig, "_pct")
	switch {
	case worseUp && d > 0, betterUp && d < 0:
		return "pos"
	case worseUp && d < 0, betterUp && d > 0:
		return "neg"
	}
	return ""
}

// optionalColumn reads one optional column of a data file by row id; nil
// when the file has no such column.
func optionalColumn(files map[string][]byte, file, column string) map[string]string {
	b, ok := files[file]
	if !ok {
		return nil
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil
	}
	id, col := slices.Index(rows[0], "id"), slices.Index(rows[0], column)
	if id < 0 || col < 0 {
		return nil
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		if id < len(r) && col < len(r) {
			out[r[id]] = strings.TrimSpace(r[col])
		}
	}
	return out
}

// costs compares the sites' weekly running costs (sites.csv weekly_cost)
// before and after: a site with no open day after the changes costs
// nothing, one open on fewer days its cost in proportion. nil when the
// column is not given.
func costs(rep *scenario.Report, n names) *costView {
	if rep.Baseline == nil || rep.Scenario == nil || rep.Baseline.Region == nil || rep.Scenario.Region == nil {
		return nil
	}
	cost := optionalColumn(rep.Baseline.Files, model.FileSites, "weekly_cost")
	if cost == nil {
		return nil
	}
	cv := &costView{}
	var before, after float64
	for _, s := range rep.Baseline.Region.Sites {
		c, err := strconv.ParseFloat(cost[s.ID], 64)
		if err != nil {
			continue
		}
		a := 0.0
		if i, ok := rep.Scenario.Region.SiteIndex(s.ID); ok {
			db, da := s.OpenDays.Len(), rep.Scenario.Region.Sites[i].OpenDays.Len()
			if db > 0 {
				a = c * float64(da) / float64(db)
			}
		}
		before += c
		after += a
		cv.Sites = append(cv.Sites, costSite{Site: n.Site(s.ID), Before: money(c), After: money(a)})
	}
	cv.Before, cv.After, cv.Saving = money(before), money(after), money(before-after)
	return cv
}

func money(x float64) string { return strconv.FormatFloat(math.Round(x), 'f', 0, 64) }

// ReadScenario reads a folder written by `rota scenario` back into a
// report: the figures, the affected people and both sides' rotas and data
// (caseload results are not read back).
func ReadScenario(dir string) (*scenario.Report, error) {
	rep := &scenario.Report{}
	b, err := os.ReadFile(filepath.Join(dir, scenario.SummaryFile))
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if err := json.Unmarshal(b, &rep.Summary); err != nil {
		return nil, fmt.Errorf("report: %s: %w", scenario.SummaryFile, err)
	}
	for _, c := range rep.Summary.Changes {
		ch, err := scenario.Parse(c)
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", scenario.SummaryFile, err)
		}
		rep.Changes = append(rep.Changes, ch)
	}
	rep.Notes, rep.Unchanged = rep.Summary.Notes, rep.Summary.Unchanged
	for _, f := range []struct {
		name string
		into any
	}{{scenario.AffectedFile, &rep.Affected}, {scenario.KPIFile, &rep.KPIs}} {
		b, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		if err := csvutil.Unmarshal(b, f.into); err != nil {
			return nil, fmt.Errorf("report: %s: %w", f.name, err)
		}
	}
	for _, side := range []struct {
		name string
		into **scenario.Side
	}{{scenario.BaselineDir, &rep.Baseline}, {scenario.ScenarioDir, &rep.Scenario}} {
		sub := filepath.Join(dir, side.name)
		files, err := scenario.ReadDir(filepath.Join(sub, scenario.DataDir))
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		r, err := model.LoadDir(filepath.Join(sub, scenario.DataDir))
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", side.name, err)
		}
		p, err := plan.ReadDir(sub)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		*side.into = &scenario.Side{Files: files, Region: r, Result: &solver.Result{Plan: p}}
	}
	return rep, nil
}
