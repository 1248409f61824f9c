package report

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// The rota report's pages, as the template shows them. Every list is in a
// fixed order, so the same rota gives the same page.

type rotaPage struct {
	pageAssets
	Title     string
	WeekLabel string
	Overview  overview
	Days      []dayCol
	Slots     []slotRow
	Sites     []siteWeek
	Staff     []pracWeek
	Sheets    []daySheet
	Groups    []groupRow
	Unmet     unmetTable
	UnmetKind []string
	Caseload  *caseloadView
}

type overview struct {
	Status                     string
	Gap, Objective, Bound      string
	Practitioners              int
	Appointments               int
	UnmetRows                  int
	Sessions, WorkParties      int
	Coverage                   []coverageRow
	Reasons                    []reasonRow
	TravelMedian, TravelP90    string
	TravelMax                  string
	Journeys                   int
	CoverageChart, ReasonChart template.HTML
	TravelChart                template.HTML
}

type coverageRow struct {
	What, Planned, Due, Pct string
}

type reasonRow struct {
	Reason string
	Rows   int
	Amount string
}

type dayCol struct {
	Date, Weekday, Label string
}

type slotRow struct {
	Name, Label string
}

// entry is one thing in a grid cell or on a sheet.
type entry struct {
	Class  string // appt, session, party, office
	Time   string
	Room   string
	Title  string
	People []string
}

type cell struct{ Entries []entry }

type gridRow struct {
	Slot  slotRow
	Cells []cell
}

type siteWeek struct {
	ID, Name string
	Rows     []gridRow
	Appts    int
}

type pracWeek struct {
	ID, Name, Team, Grade, Base string
	Rows                        []gridRow
	Appts, Sessions, Parties    int
	Calendar                    string
}

type daySheet struct {
	Site, SiteName, Date, Weekday string
	Staff                         []string
	Slots                         []sheetSlot
}

type sheetSlot struct {
	Slot    slotRow
	Entries []entry
}

type groupRow struct {
	ID, Kind, What, Site, Date, Weekday, Time, Room string
	Hours                                           string
	Staff, Attendees                                []string
	Size                                            int
}

// unmetTable is unmet.csv as written, every column of it (so that columns
// the file gains show without a change here).
type unmetTable struct {
	Header  []string
	Numeric []bool // a column whose every cell is a number sorts as numbers
	Rows    []unmetRow
}

type unmetRow struct {
	Kind  string
	Cells []string
}

type caseloadView struct {
	Rows  []caseloadRow
	Teams []teamRow
	Chart template.HTML
}

type caseloadRow struct {
	Practitioner, Team, Grade        string
	CasesBefore, Cases, Change       int
	CapacityBefore, Capacity, Target string
	Hours                            string
}

type teamRow struct {
	Team                           string
	Cases, Practitioners           int
	FTE, AvailableFTE, CasesPerFTE string
	Shortfall                      string
	Reachable                      string
}

// build makes the rota report's pages, step by step.
func (ro *Rota) build() (*rotaPage, error) {
	b, err := ro.newBuilder()
	if err != nil {
		return nil, err
	}
	pg := b.pg
	pg.Overview = ro.overview()
	if err := ro.overviewCharts(&pg.Overview); err != nil {
		return nil, err
	}
	pg.Sites = b.siteWeeks()
	if pg.Staff, err = b.pracWeeks(); err != nil {
		return nil, err
	}
	pg.Sheets = b.sheets()
	for i, s := range ro.Plan.Sessions {
		pg.Groups = append(pg.Groups, b.groupRow(s, b.sessSpan[i]))
	}
	if pg.Unmet, err = readUnmet(ro.Plan.Unmet); err != nil {
		return nil, err
	}
	kinds := map[string]bool{}
	for _, r := range pg.Unmet.Rows {
		if !kinds[r.Kind] {
			kinds[r.Kind] = true
			pg.UnmetKind = append(pg.UnmetKind, r.Kind)
		}
	}
	slices.Sort(pg.UnmetKind)
	if ro.Caseload != nil {
		if pg.Caseload, err = ro.caseloadView(b.n); err != nil {
			return nil, err
		}
	}
	return pg, nil
}

// builder holds what every page is built from: names, the week's days and
// slots, and when each appointment and session happens.
type builder struct {
	ro                 *Rota
	n                  names
	wk                 Week
	pg                 *rotaPage
	apptSpan, sessSpan []Span // by row of appointments.csv and sessions.csv
	dayIx, slotIx      map[string]int
}

func (ro *Rota) newBuilder() (*builder, error) {
	b := &builder{ro: ro, n: names{ro.Region}, wk: ro.week(), dayIx: map[string]int{}, slotIx: map[string]int{}}
	pg := &rotaPage{Title: "Rota", WeekLabel: "week of " + ro.weekStart().String()}
	if ro.Region != nil && len(ro.Region.Teams) > 0 {
		pg.Title = "Rota: " + teamsLabel(ro.Region)
	}
	pg.Days = ro.days()
	pg.Slots = ro.slots(b.wk)
	for i, d := range pg.Days {
		b.dayIx[d.Date] = i
	}
	for i, s := range pg.Slots {
		b.slotIx[s.Name] = i
	}
	b.pg = pg
	p := ro.Plan
	b.apptSpan = make([]Span, len(p.Appointments))
	for i := range p.Appointments {
		sp, err := b.wk.When(ro.apptAt(i))
		if err != nil {
			return nil, fmt.Errorf("report: %s row %d: %w", plan.AppointmentsFile, i+2, err)
		}
		b.apptSpan[i] = sp
	}
	b.sessSpan = make([]Span, len(p.Sessions))
	for i := range p.Sessions {
		sp, err := b.wk.When(ro.sessionAt(i))
		if err != nil {
			return nil, fmt.Errorf("report: %s row %d: %w", plan.SessionsFile, i+2, err)
		}
		b.sessSpan[i] = sp
	}
	return b, nil
}

// apptAt is where appointments.csv row i stands in time: its own start,
// end and room columns when the file has them.
func (ro *Rota) apptAt(i int) At {
	a := ro.Plan.Appointments[i]
	if i < len(ro.ApptAt) && ro.ApptAt[i].Date == a.Date {
		return ro.ApptAt[i]
	}
	return At{Date: a.Date, Slot: a.Slot}
}

// sessionAt is apptAt for sessions.csv.
func (ro *Rota) sessionAt(i int) At {
	s := ro.Plan.Sessions[i]
	if i < len(ro.SessionAt) && ro.SessionAt[i].Date == s.Date {
		return ro.SessionAt[i]
	}
	return At{Date: s.Date, Slot: s.Slot}
}

// grid is an empty days × slots grid.
func (b *builder) grid() []gridRow {
	rows := make([]gridRow, len(b.pg.Slots))
	for i, s := range b.pg.Slots {
		rows[i] = gridRow{Slot: s, Cells: make([]cell, len(b.pg.Days))}
	}
	return rows
}

// put adds e to the grid's cell of date and slot.
func (b *builder) put(g []gridRow, date, slot string, e entry) {
	d, ok1 := b.dayIx[date]
	s, ok2 := b.slotIx[slot]
	if ok1 && ok2 {
		g[s].Cells[d].Entries = append(g[s].Cells[d].Entries, e)
	}
}

// siteWeeks are the sites' grids: each case manager's appointments in a
// slot (room by room when rooms are known), and the sessions and work
// parties.
func (b *builder) siteWeeks() []siteWeek {
	p := b.ro.Plan
	ids := b.ro.siteIDs()
	sites := map[string]*siteWeek{}
	for _, id := range ids {
		sites[id] = &siteWeek{ID: id, Name: b.n.Site(id), Rows: b.grid()}
	}
	type apptKey struct{ site, date, slot, manager, room string }
	var keys []apptKey
	byKey := map[apptKey][]int{}
	for i, a := range p.Appointments {
		k := apptKey{a.Site, a.Date, a.Slot, a.CaseManager, b.apptSpan[i].Room}
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], i)
	}
	for _, k := range keys {
		rows := byKey[k]
		e := entry{Class: "appt", Room: k.room, Title: b.n.Practitioner(k.manager), Time: b.apptSpan[rows[0]].Label}
		for _, i := range rows {
			e.People = append(e.People, b.n.Person(p.Appointments[i].ServiceUser))
		}
		if sw := sites[k.site]; sw != nil {
			b.put(sw.Rows, k.date, k.slot, e)
			sw.Appts += len(rows)
		}
	}
	for i, s := range p.Sessions {
		if sw := sites[s.Site]; sw != nil {
			b.put(sw.Rows, s.Date, s.Slot, b.sessionEntry(s, b.sessSpan[i]))
		}
	}
	out := make([]siteWeek, 0, len(ids))
	for _, id := range ids {
		sw := sites[id]
		for _, row := range sw.Rows {
			for _, c := range row.Cells {
				slices.SortStableFunc(c.Entries, func(a, b entry) int {
					return cmp.Or(cmp.Compare(a.Room, b.Room), cmp.Compare(a.Time, b.Time))
				})
			}
		}
		out = append(out, *sw)
	}
	return out
}

// pracWeeks are the practitioners' grids, from staff.csv (in its order,
// which is practitioners.csv's), with their appointments' people and
// times.
func (b *builder) pracWeeks() ([]pracWeek, error) {
	p := b.ro.Plan
	type slotKey struct{ prac, date, slot string }
	apptsOf := map[slotKey][]int{}
	for i, a := range p.Appointments {
		k := slotKey{a.CaseManager, a.Date, a.Slot}
		apptsOf[k] = append(apptsOf[k], i)
	}
	sessByID := map[string]int{}
	for i, s := range p.Sessions {
		sessByID[s.ID] = i
	}
	var order []string
	pracs := map[string]*pracWeek{}
	for _, st := range p.Staff {
		pw := pracs[st.Practitioner]
		if pw == nil {
			pw = b.newPracWeek(st.Practitioner)
			pracs[st.Practitioner] = pw
			order = append(order, st.Practitioner)
		}
		sp, err := b.wk.When(At{Date: st.Date, Slot: st.Slot})
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", plan.StaffFile, err)
		}
		e := entry{Class: "office", Title: b.n.Site(st.Site), Time: sp.Label}
		switch st.Activity {
		case plan.ActivityAppointments:
			e.Class = "appt"
			rows := apptsOf[slotKey{st.Practitioner, st.Date, st.Slot}]
			for _, i := range rows {
				e.People = append(e.People, b.n.Person(p.Appointments[i].ServiceUser))
				if b.apptSpan[i].Room != "" {
					e.Room = b.apptSpan[i].Room
				}
			}
			if len(rows) == 0 {
				e.People = strings.Fields(st.Detail)
			}
			pw.Appts += len(e.People)
		case plan.ActivityFacilitating:
			e.Class = "session"
			if i, ok := sessByID[st.Detail]; ok {
				s := p.Sessions[i]
				e.People = []string{b.n.Intervention(s.Intervention), fmt.Sprintf("%d attending", s.Size)}
				e.Time, e.Room = b.sessSpan[i].Label, b.sessSpan[i].Room
			}
			pw.Sessions++
		case plan.ActivitySupervising:
			e.Class = "party"
			if i, ok := sessByID[st.Detail]; ok {
				s := p.Sessions[i]
				e.People = []string{b.n.Project(s.Project), fmt.Sprintf("%d in the party", s.Size)}
			}
			pw.Parties++
		default:
			e.People = []string{"office"}
		}
		b.put(pw.Rows, st.Date, st.Slot, e)
	}
	out := make([]pracWeek, 0, len(order))
	for _, id := range order {
		out = append(out, *pracs[id])
	}
	return out, nil
}

func (b *builder) newPracWeek(id string) *pracWeek {
	pw := &pracWeek{ID: id, Name: b.n.Practitioner(id), Rows: b.grid(), Calendar: CalendarsDir + "/" + id + ".ics"}
	if r := b.ro.Region; r != nil {
		if i, ok := r.PractitionerIndex(id); ok {
			pr := r.Practitioners[i]
			pw.Team, pw.Grade, pw.Base = b.n.Team(pr.Team), string(pr.Grade), b.n.Site(pr.BaseSite)
		}
	}
	return pw
}

// readUnmet gives unmet.csv's columns and rows as the file has them.
func readUnmet(rows []plan.Unmet) (unmetTable, error) {
	b, err := plan.EncodeCSV(rows)
	if err != nil {
		return unmetTable{}, fmt.Errorf("report: %s: %w", plan.UnmetFile, err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) == 0 {
		return unmetTable{}, fmt.Errorf("report: %s: %v", plan.UnmetFile, err)
	}
	t := unmetTable{Header: recs[0], Numeric: make([]bool, len(recs[0]))}
	kind := slices.Index(t.Header, "kind")
	for i := range t.Numeric {
		t.Numeric[i] = len(recs) > 1
	}
	for _, r := range recs[1:] {
		row := unmetRow{Cells: r}
		if kind >= 0 && kind < len(r) {
			row.Kind = r[kind]
		}
		for i, c := range r {
			if i < len(t.Numeric) {
				if _, err := strconv.ParseFloat(c, 64); err != nil {
					t.Numeric[i] = false
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

func teamsLabel(r *model.Region) string {
	var ids []string
	for _, t := range r.Teams {
		ids = append(ids, t.ID)
	}
	return strings.Join(ids, ", ")
}

func (b *builder) sessionEntry(s plan.Session, sp Span) entry {
	n := b.n
	e := entry{Class: "session", Time: sp.Label, Room: sp.Room}
	staff := mapNames(strings.Fields(s.Staff), n.Practitioner)
	if s.Kind == plan.KindWorkParty {
		e.Class = "party"
		e.Title = "work party: " + n.Project(s.Project)
	} else {
		e.Title = "group: " + n.Intervention(s.Intervention)
	}
	e.People = append(e.People, "staff: "+strings.Join(staff, ", "))
	e.People = append(e.People, fmt.Sprintf("%d attending: %s", s.Size, strings.Join(strings.Fields(s.Attendees), " ")))
	return e
}

func (b *builder) groupRow(s plan.Session, sp Span) groupRow {
	n := b.n
	g := groupRow{ID: s.ID, Kind: s.Kind, Site: n.Site(s.Site), Date: s.Date, Weekday: s.Weekday,
		Time: sp.Label, Room: sp.Room, Hours: trimNum(s.Hours), Size: s.Size,
		Staff: mapNames(strings.Fields(s.Staff), n.Practitioner), Attendees: strings.Fields(s.Attendees)}
	if s.Kind == plan.KindWorkParty {
		g.Kind, g.What = "work party", n.Project(s.Project)
	} else {
		g.What = n.Intervention(s.Intervention)
	}
	return g
}

func mapNames(ids []string, f func(string) string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = f(id)
	}
	return out
}

// days are the week's working days (Monday to Friday) and any other day
// the rota uses, in date order.
func (ro *Rota) days() []dayCol {
	used := map[string]bool{}
	for _, s := range ro.Plan.Staff {
		used[s.Date] = true
	}
	for _, s := range ro.Plan.Sessions {
		used[s.Date] = true
	}
	for _, a := range ro.Plan.Appointments {
		used[a.Date] = true
	}
	start := ro.weekStart()
	var out []dayCol
	for i := range 7 {
		d := start.AddDays(i)
		ds := d.String()
		if i >= 5 && !used[ds] {
			continue
		}
		wd := strings.ToLower(d.Weekday().String()[:3])
		out = append(out, dayCol{Date: ds, Weekday: wd, Label: d.Weekday().String()[:3] + " " + d.Format("2 Jan")})
	}
	return out
}

// slots are the region's slots, then any other slot the rota names, then
// "day" when there are work parties.
func (ro *Rota) slots(wk Week) []slotRow {
	var out []slotRow
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, slotRow{Name: name, Label: wk.SlotLabel(name)})
		}
	}
	for _, s := range wk.Slots {
		add(s.Name)
	}
	var day bool
	for _, s := range ro.Plan.Staff {
		add(s.Slot)
	}
	for _, a := range ro.Plan.Appointments {
		add(a.Slot)
	}
	for _, s := range ro.Plan.Sessions {
		if s.Slot == plan.SlotDay {
			day = true
			continue
		}
		add(s.Slot)
	}
	if day {
		add(plan.SlotDay)
	}
	return out
}

// siteIDs are the region's sites, then any other site the rota names.
func (ro *Rota) siteIDs() []string {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if ro.Region != nil {
		for _, s := range ro.Region.Sites {
			add(s.ID)
		}
	}
	for _, s := range ro.Plan.Staff {
		add(s.Site)
	}
	for _, a := range ro.Plan.Appointments {
		add(a.Site)
	}
	for _, s := range ro.Plan.Sessions {
		add(s.Site)
	}
	return out
}

// sheets are the sites' day sheets: per site and date, what happens slot
// by slot, ordered by time and room.
func (b *builder) sheets() []daySheet {
	ro, n, pg, apptSpan, sessSpan := b.ro, b.n, b.pg, b.apptSpan, b.sessSpan
	p := ro.Plan
	type key struct{ site, date string }
	sheets := map[key]*daySheet{}
	get := func(site, date, weekday string) *daySheet {
		k := key{site, date}
		if sh := sheets[k]; sh != nil {
			return sh
		}
		sh := &daySheet{Site: site, SiteName: n.Site(site), Date: date, Weekday: weekday}
		for _, s := range pg.Slots {
			sh.Slots = append(sh.Slots, sheetSlot{Slot: s})
		}
		sheets[k] = sh
		return sh
	}
	slotIx := map[string]int{}
	for i, s := range pg.Slots {
		slotIx[s.Name] = i
	}
	staffSeen := map[key]map[string]bool{}
	for _, st := range p.Staff {
		sh := get(st.Site, st.Date, st.Weekday)
		k := key{st.Site, st.Date}
		if staffSeen[k] == nil {
			staffSeen[k] = map[string]bool{}
		}
		if !staffSeen[k][st.Practitioner] {
			staffSeen[k][st.Practitioner] = true
			sh.Staff = append(sh.Staff, n.Practitioner(st.Practitioner))
		}
	}
	for i, a := range p.Appointments {
		sh := get(a.Site, a.Date, a.Weekday)
		if j, ok := slotIx[a.Slot]; ok {
			sp := apptSpan[i]
			sh.Slots[j].Entries = append(sh.Slots[j].Entries, entry{Class: "appt", Time: sp.Label, Room: sp.Room,
				Title: n.Person(a.ServiceUser), People: []string{"with " + n.Practitioner(a.CaseManager)}})
		}
	}
	for i, s := range p.Sessions {
		sh := get(s.Site, s.Date, s.Weekday)
		if j, ok := slotIx[s.Slot]; ok {
			sh.Slots[j].Entries = append(sh.Slots[j].Entries, b.sessionEntry(s, sessSpan[i]))
		}
	}
	var out []daySheet
	for _, site := range ro.siteIDs() {
		for _, d := range pg.Days {
			if sh := sheets[key{site, d.Date}]; sh != nil {
				for j := range sh.Slots {
					slices.SortStableFunc(sh.Slots[j].Entries, func(a, b entry) int {
						return cmp.Or(cmp.Compare(a.Time, b.Time), cmp.Compare(a.Room, b.Room))
					})
				}
				out = append(out, *sh)
			}
		}
	}
	return out
}

func (ro *Rota) overview() overview {
	p := ro.Plan
	s := p.Summary
	cv := s.Coverage
	o := overview{Status: s.Status, Gap: fmt.Sprintf("%.2f%%", 100*s.Gap),
		Objective: fmt.Sprintf("%.1f", s.Objective), Bound: fmt.Sprintf("%.1f", s.Bound),
		Appointments: len(p.Appointments), UnmetRows: len(p.Unmet),
		Sessions: s.SessionsRun, WorkParties: s.WorkParties}
	seen := map[string]bool{}
	for _, st := range p.Staff {
		if !seen[st.Practitioner] {
			seen[st.Practitioner] = true
			o.Practitioners++
		}
	}
	o.Coverage = []coverageRow{
		{"appointments", fmt.Sprint(cv.AppointmentsPlanned), fmt.Sprint(cv.AppointmentsDue), pct(float64(cv.AppointmentsPlanned), float64(cv.AppointmentsDue))},
		{"group-session places", fmt.Sprint(cv.SessionsPlanned), fmt.Sprint(cv.SessionsDue), pct(float64(cv.SessionsPlanned), float64(cv.SessionsDue))},
		{"unpaid-work hours", trimNum(cv.HoursPlanned), trimNum(cv.HoursDue), pct(cv.HoursPlanned, cv.HoursDue)},
	}
	idx := map[string]int{}
	amount := map[string]map[string]float64{}
	for _, u := range p.Unmet {
		i, ok := idx[u.Reason]
		if !ok {
			i = len(o.Reasons)
			idx[u.Reason] = i
			o.Reasons = append(o.Reasons, reasonRow{Reason: u.Reason})
			amount[u.Reason] = map[string]float64{}
		}
		o.Reasons[i].Rows++
		amount[u.Reason][u.Unit] += u.Unmet
	}
	for i := range o.Reasons {
		var parts []string
		for _, unit := range []string{"appointments", "sessions", "hours"} {
			if v := amount[o.Reasons[i].Reason][unit]; v != 0 {
				parts = append(parts, trimNum(v)+" "+unit)
			}
		}
		o.Reasons[i].Amount = strings.Join(parts, ", ")
	}
	slices.SortStableFunc(o.Reasons, func(a, b reasonRow) int {
		return cmp.Or(cmp.Compare(b.Rows, a.Rows), cmp.Compare(a.Reason, b.Reason))
	})
	return o
}

func (ro *Rota) overviewCharts(o *overview) error {
	var err error
	cv := ro.Plan.Summary.Coverage
	frac := func(a, b float64) float64 {
		if b == 0 {
			return 100
		}
		return 100 * a / b
	}
	o.CoverageChart, err = barChart("Coverage: planned as % of due", "%",
		[]string{"appointments", "session places", "unpaid-work hours"},
		[]float64{frac(float64(cv.AppointmentsPlanned), float64(cv.AppointmentsDue)),
			frac(float64(cv.SessionsPlanned), float64(cv.SessionsDue)), frac(cv.HoursPlanned, cv.HoursDue)}, false)
	if err != nil {
		return err
	}
	if len(o.Reasons) > 0 {
		var labels []string
		var vals []float64
		for i, r := range o.Reasons {
			if i == 12 {
				break
			}
			labels = append(labels, shorten(r.Reason, 60))
			vals = append(vals, float64(r.Rows))
		}
		slices.Reverse(labels)
		slices.Reverse(vals)
		if o.ReasonChart, err = barChart("Unmet requirements by reason", "requirements", labels, vals, true); err != nil {
			return err
		}
	}
	var km []float64
	for _, a := range ro.Plan.Appointments {
		km = append(km, a.TravelKm)
	}
	for _, a := range ro.Plan.Attendance {
		km = append(km, a.TravelKm)
	}
	o.Journeys = len(km)
	if len(km) > 0 {
		med, p90, top := quantiles(km)
		o.TravelMedian, o.TravelP90, o.TravelMax = fmt.Sprintf("%.1f", med), fmt.Sprintf("%.1f", p90), fmt.Sprintf("%.1f", top)
		step := niceStep(top / 12)
		var div []float64
		for x := 0.0; x <= top+step; x += step {
			div = append(div, x)
		}
		if o.TravelChart, err = histogram("Journeys by one-way distance", "km", km, div); err != nil {
			return err
		}
	}
	return nil
}

func (ro *Rota) caseloadView(n names) (*caseloadView, error) {
	c := ro.Caseload
	cv := &caseloadView{}
	var labels []string
	var before, after []float64
	for _, r := range c.Rows {
		cv.Rows = append(cv.Rows, caseloadRow{Practitioner: n.Practitioner(r.Practitioner), Team: r.Team, Grade: r.Grade,
			Hours: trimNum(r.Hours), CasesBefore: r.CasesBefore, Cases: r.Cases, Change: r.Change,
			CapacityBefore: optPct(r.CapacityBefore), Capacity: optPct(r.Capacity), Target: trimNum(r.Target)})
		labels = append(labels, r.Practitioner)
		before = append(before, deref(r.CapacityBefore))
		after = append(after, deref(r.Capacity))
	}
	for _, t := range c.Summary.Teams {
		cv.Teams = append(cv.Teams, teamRow{Team: n.Team(t.Team), Cases: t.Cases, Practitioners: t.Practitioners,
			FTE: fmt.Sprintf("%.2f", t.FTE), AvailableFTE: fmt.Sprintf("%.2f", t.AvailableFTE),
			CasesPerFTE: fmt.Sprintf("%.1f", t.CasesPerFTE), Shortfall: fmt.Sprintf("%.2f", t.ShortfallFTE),
			Reachable: fmt.Sprintf("%.1f%%", t.Reachable)})
	}
	slices.Reverse(labels)
	slices.Reverse(before)
	slices.Reverse(after)
	var err error
	cv.Chart, err = pairedBars("Capacity % per case manager", "capacity %", labels, before, after, "before balancing", "after", true)
	return cv, err
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func optPct(p *float64) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf("%.1f%%", *p)
}

func pct(a, b float64) string {
	if b == 0 {
		return "none due"
	}
	return fmt.Sprintf("%.1f%%", 100*a/b)
}

func trimNum(x float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := 1.0
	for p*10 <= x {
		p *= 10
	}
	for p > x {
		p /= 10
	}
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}
