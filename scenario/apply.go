package scenario

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/probation/rota/model"
)

// ChangeError is a change Apply could not make: the change (in canonical
// form) and what is wrong, e.g. an unknown site or a team left without case
// managers.
type ChangeError struct {
	Change string
	Err    error
}

func (e *ChangeError) Error() string { return "scenario: " + e.Change + ": " + e.Err.Error() }

func (e *ChangeError) Unwrap() error { return e.Err }

// Apply makes the changes, in order, to a data folder's files (file name →
// contents, as ReadFS gives them) and returns the changed files; files is
// not modified, and the files no change touches are shared with it.
//
// Changes edit the CSV rows themselves, so the changed folder is loaded
// with model.Load like any other: every rule of docs/data-format.md holds
// for it, and a change that would break one is refused with the problems
// it causes, by file and line. After each change the folder must load; the
// error is then a *ChangeError naming the change. What each change edits
// is in docs/scenarios.md. Service users placed by town only keep their
// home where it was when a change removes or moves the site that placed
// them (their lat and lon are written in).
func Apply(files map[string][]byte, changes []Change) (map[string][]byte, error) {
	out, _, _, err := apply(files, changes)
	return out, err
}

// apply is Apply that also gives the changed folder loaded, and a note for
// each change that changed nothing.
func apply(files map[string][]byte, changes []Change) (map[string][]byte, *model.Region, []string, error) {
	r, err := load(files)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("scenario: the data folder does not load: %w", err)
	}
	homes, err := townHomes(files)
	if err != nil {
		return nil, nil, nil, err
	}
	cur := files
	var notes []string
	for _, c := range changes {
		ed := &editor{files: cur, tables: map[string]*table{}, r: r}
		if err := ed.apply(c); err != nil {
			return nil, nil, nil, &ChangeError{Change: c.String(), Err: err}
		}
		if err := ed.pinHomes(homes); err != nil {
			return nil, nil, nil, &ChangeError{Change: c.String(), Err: err}
		}
		next := ed.result()
		if sameFiles(next, cur) {
			notes = append(notes, c.String()+": "+ed.noop)
			continue
		}
		nr, err := load(next)
		if err != nil {
			return nil, nil, nil, &ChangeError{Change: c.String(), Err: fmt.Errorf("the changed data does not load: %w", err)}
		}
		cur, r = next, nr
	}
	if sameFiles(cur, files) {
		cur = files
	}
	return cur, r, notes, nil
}

// load loads files with model.Load; its error lists every problem.
func load(files map[string][]byte) (*model.Region, error) {
	fsys := make(fstest.MapFS, len(files))
	for n, b := range files {
		fsys[n] = &fstest.MapFile{Data: b}
	}
	r, err := model.Load(fsys)
	if err != nil {
		return nil, listErrors(err)
	}
	return r, nil
}

// listErrors puts every problem of a joined error on its own line.
func listErrors(err error) error {
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		return err
	}
	var b strings.Builder
	for _, e := range joined.Unwrap() {
		b.WriteString("\n  " + e.Error())
	}
	return errors.New(strings.TrimPrefix(b.String(), "\n  "))
}

func sameFiles(a, b map[string][]byte) bool {
	return maps.EqualFunc(a, b, func(x, y []byte) bool { return string(x) == string(y) })
}

// editor makes one change to the files.
type editor struct {
	files  map[string][]byte
	tables map[string]*table
	r      *model.Region // the files before the change, loaded
	noop   string        // why the change changed nothing, when it did not
}

// t gives a file's table, read on first use; nil for an optional file that
// is absent.
func (ed *editor) t(name string) (*table, error) {
	if t, ok := ed.tables[name]; ok {
		return t, nil
	}
	b, ok := ed.files[name]
	if !ok {
		if name != model.FileSettings {
			return nil, nil
		}
		t := &table{name: name, header: []string{"key", "value"}}
		ed.tables[name] = t
		return t, nil
	}
	t, err := readTable(name, b)
	if err != nil {
		return nil, err
	}
	ed.tables[name] = t
	return t, nil
}

// must gives a required file's table (model.Load has checked it exists).
func (ed *editor) must(name string) *table {
	t, err := ed.t(name)
	if err != nil || t == nil {
		panic(fmt.Sprintf("scenario: %s did not read after loading: %v", name, err)) // Load read it: a bug
	}
	return t
}

// result gives the files with the edited tables encoded.
func (ed *editor) result() map[string][]byte {
	out := maps.Clone(ed.files)
	for n, t := range ed.tables {
		if t.changed {
			out[n] = t.encode()
		}
	}
	return out
}

func (ed *editor) apply(c Change) error {
	ed.noop = "changes nothing"
	switch c.Kind {
	case Close:
		return ed.close(c)
	case Open:
		return ed.open(c)
	case Site:
		return ed.site(c)
	case Out:
		return ed.out(c)
	case Hours:
		return ed.hours(c)
	case Target:
		key := map[string]string{"cases": "target_cases", "capacity": "target_capacity"}[c.ID]
		if key == "" {
			return fmt.Errorf("%q is not a target (cases or capacity)", c.ID)
		}
		ed.noop = "the target is already " + fmtNum(c.Value)
		return ed.setting(key, fmtNum(c.Value))
	case Travel:
		ed.noop = "the travel limit is already " + fmtNum(c.Value) + " km"
		return ed.setting("max_travel_km", fmtNum(c.Value))
	}
	return fmt.Errorf("%q is not a kind of change", c.Kind)
}

func (ed *editor) siteRow(id string) (*table, int, error) {
	sites := ed.must(model.FileSites)
	i, ok := sites.find("id", id)
	if !ok {
		return nil, 0, fmt.Errorf("no site %s in %s (sites: %s)", id, model.FileSites, ed.siteIDs())
	}
	return sites, i, nil
}

func (ed *editor) siteIDs() string {
	ids := make([]string, len(ed.r.Sites))
	for i, s := range ed.r.Sites {
		ids[i] = s.ID
	}
	return strings.Join(ids, ", ")
}

// close closes a site on some days, or altogether when no open day is left.
func (ed *editor) close(c Change) error {
	sites, i, err := ed.siteRow(c.ID)
	if err != nil {
		return err
	}
	var open model.Weekdays
	if err := open.UnmarshalText([]byte(sites.get(i, "open_days"))); err != nil {
		return fmt.Errorf("%s: open_days: %w", c.ID, err)
	}
	closed := model.Weekdays(0x7f)
	switch {
	case !c.From.IsZero():
		closed = 0
		for _, d := range ed.r.Days() {
			if !d.Date.Before(c.From.Time) {
				closed = closed.With(d.Weekday)
			}
		}
		if closed == 0 {
			ed.noop = fmt.Sprintf("%s is after the planning week (%s to %s)", c.From, ed.r.Days()[0].Date, ed.r.Days()[6].Date)
			return nil
		}
	case c.Days != 0:
		closed = c.Days
	}
	left := open &^ closed
	switch {
	case left == open:
		ed.noop = fmt.Sprintf("%s is not open on %s (it opens %s)", c.ID, closed, open)
		return nil
	case left == 0:
		return ed.removeSite(c.ID)
	}
	sites.set(i, "open_days", left.String())
	return ed.dropPatterns(c.ID, closed)
}

// removeSite deletes a site closed on every day it opened, and what
// depended on it: practitioners based there move to their team's base,
// pattern days there become the optimiser's choice, projects that meet
// there end, and interventions listing it lose it.
func (ed *editor) removeSite(id string) error {
	teams := ed.must(model.FileTeams)
	base := map[string]string{}
	for i := range teams.rows {
		if teams.get(i, "base") == id {
			return fmt.Errorf("%s is the base office of team %s; a team's base cannot close (close it on some days instead)", id, teams.get(i, "id"))
		}
		base[teams.get(i, "id")] = teams.get(i, "base")
	}
	ivs := ed.must(model.FileInterventions)
	for i := range ivs.rows {
		var l model.List
		if err := l.UnmarshalText([]byte(ivs.get(i, "sites"))); err != nil || !l.Has(id) {
			continue
		}
		l = slices.DeleteFunc(l, func(s string) bool { return s == id })
		if len(l) == 0 && !strings.EqualFold(ivs.get(i, "kind"), string(model.UnpaidWork)) {
			iv := ivs.get(i, "id")
			return fmt.Errorf("intervention %s runs only at %s; closing it leaves %s nowhere to run (first open a site that hosts it: open:ID:…,hosts=%s)", iv, id, iv, iv)
		}
		ivs.set(i, "sites", l.String())
	}
	pracs := ed.must(model.FilePractitioners)
	for i := range pracs.rows {
		if pracs.get(i, "base_site") == id {
			pracs.set(i, "base_site", base[pracs.get(i, "team")])
		}
	}
	if err := ed.dropPatterns(id, 0x7f); err != nil {
		return err
	}
	projs, err := ed.t(model.FileProjects)
	if err != nil {
		return err
	}
	if projs != nil {
		projs.remove(func(i int) bool { return projs.get(i, "site") == id })
	}
	sites := ed.must(model.FileSites)
	sites.remove(func(i int) bool { return sites.get(i, "id") == id })
	return nil
}

// dropPatterns removes site id from practitioners' usual patterns on days.
func (ed *editor) dropPatterns(id string, days model.Weekdays) error {
	pracs := ed.must(model.FilePractitioners)
	if pracs.col("pattern") < 0 {
		return nil
	}
	for i := range pracs.rows {
		var p model.Pattern
		if err := p.UnmarshalText([]byte(pracs.get(i, "pattern"))); err != nil {
			return fmt.Errorf("%s: pattern: %w", pracs.get(i, "id"), err)
		}
		changed := false
		for _, d := range days.Days() {
			if s, ok := p.Site(d); ok && s == id {
				p[d] = ""
				changed = true
			}
		}
		if changed {
			pracs.set(i, "pattern", p.String())
		}
	}
	return nil
}

// open adds a site at the end of sites.csv.
func (ed *editor) open(c Change) error {
	sites := ed.must(model.FileSites)
	if _, ok := sites.find("id", c.ID); ok {
		return fmt.Errorf("site %s already exists (change it with site:%s:key=value)", c.ID, c.ID)
	}
	cells := map[string]string{"id": c.ID}
	for _, f := range c.Set {
		cells[f.Column] = f.Value
	}
	if cells["name"] == "" {
		cells["name"] = c.ID
	}
	if cells["town"] == "" {
		cells["town"] = cells["name"]
	}
	sites.appendRow(cells)
	return ed.hosts(c.ID, c.Hosts)
}

// site changes a site's cells; days it no longer opens leave patterns.
func (ed *editor) site(c Change) error {
	sites, i, err := ed.siteRow(c.ID)
	if err != nil {
		return err
	}
	for _, f := range c.Set {
		if f.Column == "open_days" {
			var was, now model.Weekdays
			if err := was.UnmarshalText([]byte(sites.get(i, "open_days"))); err != nil {
				return fmt.Errorf("%s: open_days: %w", c.ID, err)
			}
			if err := now.UnmarshalText([]byte(f.Value)); err != nil {
				return fmt.Errorf("days: %w", err)
			}
			if err := ed.dropPatterns(c.ID, was&^now); err != nil {
				return err
			}
		}
		sites.set(i, f.Column, f.Value)
	}
	return ed.hosts(c.ID, c.Hosts)
}

// hosts adds site to the sites lists of interventions restricted to some
// sites (an empty list already allows every site).
func (ed *editor) hosts(site string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	ivs := ed.must(model.FileInterventions)
	for _, id := range ids {
		i, ok := ivs.find("id", id)
		if !ok {
			return fmt.Errorf("hosts: no intervention %s in %s", id, model.FileInterventions)
		}
		var l model.List
		if err := l.UnmarshalText([]byte(ivs.get(i, "sites"))); err != nil {
			return fmt.Errorf("intervention %s: sites: %w", id, err)
		}
		if len(l) == 0 || l.Has(site) {
			continue
		}
		ivs.set(i, "sites", append(l, site).String())
	}
	return nil
}

// out removes practitioners. Their cases become unallocated and their
// patterns go with them; a team must keep a case manager for its cases.
func (ed *editor) out(c Change) error {
	if c.Days != 0 {
		return ed.sick(c)
	}
	pracs := ed.must(model.FilePractitioners)
	gone := map[string]bool{}
	teams := map[string]bool{}
	for _, id := range c.IDs {
		i, ok := pracs.find("id", id)
		if !ok {
			return fmt.Errorf("no practitioner %s in %s", id, model.FilePractitioners)
		}
		gone[id] = true
		teams[pracs.get(i, "team")] = true
	}
	pracs.remove(func(i int) bool { return gone[pracs.get(i, "id")] })
	users := ed.must(model.FileServiceUsers)
	cases := map[string]int{}
	for i := range users.rows {
		cases[users.get(i, "team")]++
		if gone[users.get(i, "case_manager")] {
			users.set(i, "case_manager", "")
		}
	}
	for _, t := range slices.Sorted(maps.Keys(teams)) {
		left := 0
		for i := range pracs.rows {
			g := model.Grade(strings.ToUpper(pracs.get(i, "grade")))
			if pracs.get(i, "team") == t && g.HoldsCases() {
				left++
			}
		}
		if left == 0 && cases[t] > 0 {
			return fmt.Errorf("team %s would have no case manager (PO or PSO) left for its %d cases", t, cases[t])
		}
	}
	return nil
}

// sick records practitioners off sick on the week's weekdays c.Days: a
// row of absences.csv (reason sickness) for each day, so that nothing is
// booked with them then; their cases stay theirs.
func (ed *editor) sick(c Change) error {
	pracs := ed.must(model.FilePractitioners)
	abs, err := ed.t(model.FileAbsences)
	if err != nil {
		return err
	}
	if abs == nil {
		abs = &table{name: model.FileAbsences, header: []string{"practitioner", "from", "to", "reason"}}
		ed.tables[model.FileAbsences] = abs
	}
	start := ed.r.Settings.WeekStart
	for _, id := range c.IDs {
		if _, ok := pracs.find("id", id); !ok {
			return fmt.Errorf("no practitioner %s in %s", id, model.FilePractitioners)
		}
		for _, d := range c.Days.Days() {
			date := start.AddDays(int(d)).String()
			abs.appendRow(map[string]string{"practitioner": id, "from": date, "to": date, "reason": string(model.AbsenceSickness)})
		}
	}
	return nil
}

// hours sets a practitioner's contracted hours.
func (ed *editor) hours(c Change) error {
	pracs := ed.must(model.FilePractitioners)
	i, ok := pracs.find("id", c.ID)
	if !ok {
		return fmt.Errorf("no practitioner %s in %s", c.ID, model.FilePractitioners)
	}
	if red := pracs.get(i, "reduction_hours"); red != "" {
		if x, err := strconv.ParseFloat(red, 64); err == nil && x > c.Value {
			return fmt.Errorf("%s has %s reduction hours, more than %s contracted hours", c.ID, red, fmtNum(c.Value))
		}
	}
	ed.noop = fmt.Sprintf("%s already works %s hours", c.ID, fmtNum(c.Value))
	pracs.set(i, "contracted_hours", fmtNum(c.Value))
	return nil
}

// setting writes a key of settings.csv, adding the row (or the file) if
// needed.
func (ed *editor) setting(key, value string) error {
	t, err := ed.t(model.FileSettings)
	if err != nil {
		return err
	}
	for i := range t.rows {
		if strings.EqualFold(t.get(i, "key"), key) {
			if x, err := strconv.ParseFloat(t.get(i, "value"), 64); err == nil && fmtNum(x) == value {
				return nil
			}
			t.set(i, "value", value)
			return nil
		}
	}
	t.appendRow(map[string]string{"key": key, "value": value})
	return nil
}

type latLon struct{ lat, lon float64 }

// townHomes gives the home of every service user placed by town only (no
// lat and lon): the first site of their town, as model.Load places them.
func townHomes(files map[string][]byte) (map[string]latLon, error) {
	ed := &editor{files: files, tables: map[string]*table{}}
	towns := siteTowns(ed.must(model.FileSites))
	users := ed.must(model.FileServiceUsers)
	homes := map[string]latLon{}
	for i := range users.rows {
		if users.get(i, "lat") != "" || users.get(i, "lon") != "" {
			continue
		}
		if h, ok := towns[strings.ToLower(users.get(i, "town"))]; ok {
			homes[users.get(i, "id")] = h
		}
	}
	return homes, nil
}

func siteTowns(sites *table) map[string]latLon {
	towns := map[string]latLon{}
	for i := range sites.rows {
		town := strings.ToLower(sites.get(i, "town"))
		if _, ok := towns[town]; ok {
			continue
		}
		lat, err1 := strconv.ParseFloat(sites.get(i, "lat"), 64)
		lon, err2 := strconv.ParseFloat(sites.get(i, "lon"), 64)
		if err1 == nil && err2 == nil {
			towns[town] = latLon{lat, lon}
		}
	}
	return towns
}

// pinHomes writes the home of each user placed by town whose town no
// longer places them where it did (its first site closed or moved).
func (ed *editor) pinHomes(homes map[string]latLon) error {
	if len(homes) == 0 {
		return nil
	}
	sites, ok := ed.tables[model.FileSites]
	if !ok || !sites.changed {
		return nil
	}
	towns := siteTowns(sites)
	users := ed.must(model.FileServiceUsers)
	for i := range users.rows {
		h, ok := homes[users.get(i, "id")]
		if !ok || users.get(i, "lat") != "" || users.get(i, "lon") != "" {
			continue
		}
		if now, ok := towns[strings.ToLower(users.get(i, "town"))]; ok && now == h {
			continue
		}
		users.set(i, "lat", fmtNum(h.lat))
		users.set(i, "lon", fmtNum(h.lon))
	}
	return nil
}
