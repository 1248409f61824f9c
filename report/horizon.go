package report

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// The horizon's report: report.html at the top of a rota solve --weeks
// folder, what an operations manager reads before Monday: a line of
// figures a week (each linking to the week's own report.html), the
// running groups over the weeks with each change and its reason, and a
// chart of what was met each week. It is built from what the command holds
// of each week (HorizonWeek), not from the files it wrote.

// HorizonWeek is what the horizon's report keeps of one week: its figures
// and its groups, with names already looked up, so that a long horizon
// does not keep every week's region and plan in memory.
type HorizonWeek struct {
	Dir       string     // the week's folder inside the horizon's ("week-01")
	WeekStart model.Date // the week's Monday
	Teams     string     // the teams planned, as the rota's report titles them
	Summary   plan.Summary
	// Running is the number of groups running before the week; New those
	// started in it; Ended those running before it and not after (their
	// last session held, or dropped).
	Running, New, Ended int
	Groups              []HorizonGroup // by id
}

// HorizonGroup is one group in one week: running before it, after it, or
// both.
type HorizonGroup struct {
	ID, Intervention, Site, When, Facilitators string // names as shown
	Members                                    int
	SessionsDone                               int    // by the end of the week
	State                                      string // "new", "kept", "changed", "not held" or "ended"
	Changes                                    []string
}

// Group states of a week (HorizonGroup.State).
const (
	groupKept    = "kept"
	groupChanged = "changed"
	groupEnded   = "ended"
)

// NewHorizonWeek is week dir's part of the horizon: r is the data it was
// planned from (its groups are those running before the week) and p its
// rota.
func NewHorizonWeek(dir string, r *model.Region, p *plan.Plan) HorizonWeek {
	n := names{r}
	hw := HorizonWeek{Dir: dir, WeekStart: r.Settings.WeekStart, Teams: teamsLabel(r), Summary: p.Summary, Running: len(r.Groups)}
	sessions := map[string][]plan.GroupSession{}
	for _, gs := range p.GroupSessions {
		if gs.Change == plan.ChangeNew && len(sessions[gs.Group]) == 0 {
			hw.New++ // groups, not sessions: a twice-a-week group starts with two
		}
		sessions[gs.Group] = append(sessions[gs.Group], gs)
	}
	after := map[string]bool{}
	for _, g := range p.Groups {
		after[g.ID] = true
		hg := HorizonGroup{ID: g.ID, Intervention: n.Intervention(g.Intervention), Site: n.Site(g.Site),
			When: g.Weekday + " " + g.Slot, Facilitators: strings.Join(mapNames(strings.Fields(g.Facilitators), n.Practitioner), ", "),
			Members: len(strings.Fields(g.Members)), SessionsDone: g.SessionsDone}
		hg.State, hg.Changes = groupState(sessions[g.ID])
		hw.Groups = append(hw.Groups, hg)
	}
	for _, g := range r.Groups {
		if after[g.ID] {
			continue
		}
		hw.Ended++
		hg := HorizonGroup{ID: g.ID, Intervention: n.Intervention(g.Intervention), Site: n.Site(g.Site),
			When: g.Weekday.String() + " " + g.Slot, Facilitators: strings.Join(mapNames(g.Facilitators, n.Practitioner), ", "),
			Members: len(g.Members), SessionsDone: g.SessionsDone, State: groupEnded}
		for _, gs := range sessions[g.ID] {
			if gs.Session != "" { // held: its last sessions
				hg.SessionsDone++
			}
		}
		_, hg.Changes = groupState(sessions[g.ID])
		hw.Groups = append(hw.Groups, hg)
	}
	slices.SortFunc(hw.Groups, func(a, b HorizonGroup) int { return cmp.Compare(a.ID, b.ID) })
	return hw
}

// groupState is a group's state in the week from its sessions of
// group_sessions.csv, and each change with its reason.
func groupState(sessions []plan.GroupSession) (string, []string) {
	state := groupKept
	var changes []string
	for _, gs := range sessions {
		switch gs.Change {
		case "":
			continue
		case plan.ChangeNew:
			state = plan.ChangeNew
			changes = append(changes, gs.Date+": started")
			continue
		case plan.ChangeNotHeld:
			if state != plan.ChangeNew {
				state = plan.ChangeNotHeld
			}
		default:
			if state == groupKept {
				state = groupChanged
			}
		}
		c := gs.Date + ": " + gs.Change
		if gs.Reason != "" {
			c += " (" + gs.Reason + ")"
		}
		changes = append(changes, c)
	}
	return state, changes
}

// The page, as the template shows it.
type horizonPage struct {
	pageAssets
	Title, Label string
	Weeks        []horizonRow
	Total        horizonRow
	Chart        template.HTML
	WeekHeads    []horizonRow // the groups table's columns
	Groups       []horizonGroupRow
}

type horizonRow struct {
	Week, Link, WeekStart, Status, Gap     string
	Appts, Places, Hours                   metOfDue
	LateShifts                             int
	Kept, Changed, NotHeld, New, Ended     int
	Regular                                string
	Short                                  string // the week start on the chart, "4 Jun"
	regularKept, regularDue                int
	apptMet, apptDue, placesMet, placesDue int
	hoursMet, hoursDue                     float64
}

type metOfDue struct{ Met, Due, Pct string }

type horizonGroupRow struct {
	ID, Intervention, Site, When, Facilitators string
	Members                                    int
	Cells                                      []horizonCell
	Changes                                    []string
}

type horizonCell struct {
	Done  string // sessions done by the end of the week
	State string // "" when the group did not run that week
}

// HorizonHTML renders the horizon's report.html.
func HorizonHTML(weeks []HorizonWeek) ([]byte, error) {
	pg, err := buildHorizon(weeks)
	if err != nil {
		return nil, err
	}
	pg.pageAssets = inline()
	return render(horizonTemplate, pg)
}

var horizonTemplate = template.Must(template.New("horizon.html").Funcs(funcs).ParseFS(assets, "assets/horizon.html"))

// WriteHorizon is what rota solve --weeks calls while it writes its
// folder as a unit: report.html at the top, over every week.
func WriteHorizon(out FileWriter, weeks []HorizonWeek) error {
	b, err := HorizonHTML(weeks)
	if err != nil {
		return err
	}
	if err := out.WriteFile(HTMLFile, b); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

func buildHorizon(weeks []HorizonWeek) (*horizonPage, error) {
	if len(weeks) == 0 {
		return nil, fmt.Errorf("report: a horizon of no weeks")
	}
	first, last := weeks[0], weeks[len(weeks)-1]
	pg := &horizonPage{Title: "Rota", Label: fmt.Sprintf("%d weeks, %s to %s", len(weeks),
		first.WeekStart, last.WeekStart.AddDays(6))}
	if first.Teams != "" {
		pg.Title = "Rota: " + first.Teams
	}
	var t horizonRow
	for k, w := range weeks {
		row := weekRow(k+1, w)
		pg.Weeks = append(pg.Weeks, row)
		t.apptMet, t.apptDue = t.apptMet+row.apptMet, t.apptDue+row.apptDue
		t.placesMet, t.placesDue = t.placesMet+row.placesMet, t.placesDue+row.placesDue
		t.hoursMet, t.hoursDue = t.hoursMet+row.hoursMet, t.hoursDue+row.hoursDue
		t.LateShifts += row.LateShifts
		t.Kept, t.Changed, t.NotHeld = t.Kept+row.Kept, t.Changed+row.Changed, t.NotHeld+row.NotHeld
		t.New, t.Ended = t.New+row.New, t.Ended+row.Ended
		t.regularKept, t.regularDue = t.regularKept+row.regularKept, t.regularDue+row.regularDue
	}
	t.Appts = met(t.apptMet, t.apptDue)
	t.Places = met(t.placesMet, t.placesDue)
	t.Hours = metHours(t.hoursMet, t.hoursDue)
	t.Regular = regular(t.regularKept, t.regularDue)
	pg.Total = t
	pg.WeekHeads = pg.Weeks
	pg.Groups = horizonGroups(weeks)
	var err error
	pg.Chart, err = horizonChart(pg.Weeks)
	return pg, err
}

// weekRow is week k's (from 1) line of the weeks table.
func weekRow(k int, w HorizonWeek) horizonRow {
	s, cv := w.Summary, w.Summary.Coverage
	row := horizonRow{Week: fmt.Sprint(k), Link: w.Dir + "/" + HTMLFile, WeekStart: w.WeekStart.String(),
		Status: s.Status, Gap: fmt.Sprintf("%.2f%%", 100*s.Gap), LateShifts: s.LateShifts,
		Kept: s.GroupsKept, Changed: s.GroupsChanged, NotHeld: s.GroupsMissed, New: w.New, Ended: w.Ended,
		apptMet: cv.AppointmentsPlanned, apptDue: cv.AppointmentsDue, placesMet: cv.SessionsPlanned, placesDue: cv.SessionsDue,
		hoursMet: cv.HoursPlanned, hoursDue: cv.HoursDue, Short: w.WeekStart.Format("2 Jan")}
	row.Appts = met(row.apptMet, row.apptDue)
	row.Places = met(row.placesMet, row.placesDue)
	row.Hours = metHours(row.hoursMet, row.hoursDue)
	if c := s.Continuity; c != nil {
		row.regularKept, row.regularDue = c.Kept, c.Regular
		row.Regular = regular(c.Kept, c.Regular)
	} else {
		row.Regular = "no last week"
	}
	return row
}

func met(m, due int) metOfDue {
	return metOfDue{Met: fmt.Sprint(m), Due: fmt.Sprint(due), Pct: pct(float64(m), float64(due))}
}

func metHours(m, due float64) metOfDue {
	return metOfDue{Met: trimNum(m), Due: trimNum(due), Pct: pct(m, due)}
}

func regular(kept, due int) string {
	if due == 0 {
		return "none"
	}
	return fmt.Sprintf("%d of %d (%s)", kept, due, pct(float64(kept), float64(due)))
}

// horizonGroups is one row per group over the weeks: what the group was
// when last seen, its sessions done at the end of each week it ran, and
// each change with its week.
func horizonGroups(weeks []HorizonWeek) []horizonGroupRow {
	rows := map[string]*horizonGroupRow{}
	var ids []string
	for k, w := range weeks {
		for _, g := range w.Groups {
			r, ok := rows[g.ID]
			if !ok {
				r = &horizonGroupRow{ID: g.ID, Cells: make([]horizonCell, len(weeks))}
				rows[g.ID] = r
				ids = append(ids, g.ID)
			}
			if g.State != groupEnded || !ok {
				r.Intervention, r.Site, r.When, r.Facilitators, r.Members = g.Intervention, g.Site, g.When, g.Facilitators, g.Members
			}
			r.Cells[k] = horizonCell{Done: fmt.Sprint(g.SessionsDone), State: g.State}
			for _, c := range g.Changes {
				r.Changes = append(r.Changes, fmt.Sprintf("week %d, %s", k+1, c))
			}
		}
	}
	slices.Sort(ids)
	out := make([]horizonGroupRow, 0, len(ids))
	for _, id := range ids {
		out = append(out, *rows[id])
	}
	return out
}

// horizonChart draws appointments and session places met as a share of
// those due, week by week.
func horizonChart(rows []horizonRow) (template.HTML, error) {
	var labels []string
	var appts, places []float64
	share := func(a, b float64) float64 {
		if b == 0 {
			return 100
		}
		return 100 * a / b
	}
	for _, r := range rows {
		labels = append(labels, r.Short)
		appts = append(appts, share(float64(r.apptMet), float64(r.apptDue)))
		places = append(places, share(float64(r.placesMet), float64(r.placesDue)))
	}
	title := "Met as % of due, by week"
	p, height, err := pairedPlot(title, "%", labels, appts, places, "appointments", "session places", false,
		vg.Points(barWidth(len(rows), false)/2))
	if err != nil {
		return "", err
	}
	// Room above 100% for the legend, over the bars.
	p.Y.Min, p.Y.Max = 0, 125
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 25, Label: "25"},
		{Value: 50, Label: "50"}, {Value: 75, Label: "75"}, {Value: 100, Label: "100"}})
	return svg(p, vg.Points(560), height, title)
}
