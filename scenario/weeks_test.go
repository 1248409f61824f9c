package scenario

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
	"github.com/probation/rota/model/check"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
)

// weekFigures are one week's counts of the running groups' sessions.
type weekFigures struct {
	running, kept, changed, notHeld, started int
	elapsed                                  time.Duration
}

// planWeeks plans n weeks in sequence from files, as rota solve --weeks
// does (each week with the one before as last week's rota), and checks each week against the groups running before it (the
// week before's groups.csv): no rule broken, every running group's
// session held at its place, day, slot and with its facilitators or the
// change reported with the rule that forced it, closed groups with their
// members only and kept as they were.
//
// before, when not nil, may change week k's data folder before it is
// planned (an absence, a closure): the change then forced is checked too.
func planWeeks(t *testing.T, files map[string][]byte, n int, opt solver.Options, before func(k int, r *model.Region, files map[string][]byte) bool) []weekFigures {
	t.Helper()
	r, err := load(files)
	if err != nil {
		t.Fatal(err)
	}
	var figs []weekFigures
	for k := 1; k <= n; k++ {
		if before != nil && before(k, r, files) {
			if r, err = load(files); err != nil {
				t.Fatalf("week %d: %v", k, err)
			}
		}
		start := time.Now()
		res, err := solver.Solve(context.Background(), r, opt)
		if err != nil {
			t.Fatalf("week %d: %v", k, err)
		}
		f := weekFigures{running: len(r.Groups), elapsed: time.Since(start), kept: res.Plan.Summary.GroupsKept,
			changed: res.Plan.Summary.GroupsChanged, notHeld: res.Plan.Summary.GroupsMissed}
		for _, v := range check.Check(r, res.Plan).Violations {
			t.Errorf("week %d: %s", k, v)
		}
		checkContinuity(t, k, r, res.Plan)
		for _, gs := range res.Plan.GroupSessions {
			switch gs.Change {
			case plan.ChangeNew:
				f.started++
			case "":
			default:
				t.Logf("week %d: group %s: %s (%s)", k, gs.Group, gs.Change, gs.Reason)
			}
		}
		figs = append(figs, f)
		opt.Previous = PreviousOf(res) // as rota solve --weeks: the week before is last week's rota
		if k < n {
			if files, r, err = NextWeek(files, r, res); err != nil {
				t.Fatalf("week %d: %v", k+1, err)
			}
		}
	}
	return figs
}

// checkContinuity checks what the done-when of running groups asks, from
// the outside: each change names what changed and why, closed groups keep
// their members.
func checkContinuity(t *testing.T, k int, r *model.Region, p *plan.Plan) {
	t.Helper()
	after := map[string]plan.Group{}
	for _, g := range p.Groups {
		after[g.ID] = g
	}
	for _, gs := range p.GroupSessions {
		if gs.Change != "" && gs.Change != plan.ChangeNew && (gs.Reason == "" || strings.HasPrefix(gs.Reason, "keeping it cost more") ||
			strings.HasPrefix(gs.Reason, "holding it cost more")) {
			t.Errorf("week %d: group %s changed %q and no rule forced it: %q", k, gs.Group, gs.Change, gs.Reason)
		}
	}
	for _, g := range r.Groups {
		a, ok := after[g.ID]
		if g.Mode != model.GroupClosed || !ok {
			continue
		}
		if a.Members != g.Members.String() || a.Site != g.Site || a.Slot != g.Slot || a.Facilitators != g.Facilitators.String() {
			t.Errorf("week %d: closed group %s became %+v", k, g.ID, a)
		}
	}
}

// TestWeeksStockton plans four weeks of the Stockton sample in sequence;
// in week 3 the first running group's first facilitator is off sick on its
// day: that week's session changes, reported with the absence, and the
// week after the group is back with its own facilitators.
func TestWeeksStockton(t *testing.T) {
	needCbc(t)
	var sick string
	figs := planWeeks(t, stocktonFiles(t), 4, solver.Options{TimeLimit: 20 * time.Second, Seed: 1}, sickInWeek3(&sick))
	for k, f := range figs {
		t.Logf("week %d: %d groups running: %d kept, %d changed, %d not held; %d started; %v",
			k+1, f.running, f.kept, f.changed, f.notHeld, f.started, f.elapsed.Round(time.Millisecond))
	}
	if figs[0].started == 0 || figs[3].running == 0 {
		t.Errorf("no group started and carried over: %+v", figs)
	}
	if sick == "" || figs[2].changed+figs[2].notHeld == 0 || figs[1].changed != 0 || figs[3].changed != 0 {
		t.Errorf("want a change in week 3 only (%s off sick): %+v", sick, figs)
	}
}

// sickInWeek3 puts the first running group's first facilitator off sick
// on its first weekday in week 3 (absences.csv), naming them in *sick.
func sickInWeek3(sick *string) func(k int, r *model.Region, files map[string][]byte) bool {
	return func(k int, r *model.Region, files map[string][]byte) bool {
		if k != 3 || len(r.Groups) == 0 || len(r.Groups[0].Facilitators) == 0 {
			return false
		}
		g := r.Groups[0]
		day := r.Settings.WeekStart.AddDays(int(g.Weekday.Days()[0]))
		*sick = g.Facilitators[0]
		files[model.FileAbsences] = []byte("practitioner,from,to,slots,reason\n" + *sick + "," + day.String() + "," + day.String() + ",,sickness\n")
		return true
	}
}

// TestWeeksCounty plans four weeks of the county sample in sequence (the
// done-when of running groups; minutes), with the first group's first
// facilitator off sick in week 3.
func TestWeeksCounty(t *testing.T) {
	needCbc(t)
	if testing.Short() {
		t.Skip("four county weeks take minutes")
	}
	files, err := ReadFS(fixtures.Leicestershire)
	if err != nil {
		t.Fatal(err)
	}
	var sick string
	figs := planWeeks(t, files, 4, solver.Options{TimeLimit: countyLimit, Seed: 1}, sickInWeek3(&sick))
	for k, f := range figs {
		t.Logf("week %d: %d groups running: %d kept, %d changed, %d not held; %d started; %v",
			k+1, f.running, f.kept, f.changed, f.notHeld, f.started, f.elapsed.Round(time.Second))
	}
	if sick == "" || figs[2].changed == 0 {
		t.Errorf("want a change in week 3 (%s off sick): %+v", sick, figs)
	}
	for k, f := range figs[1:] {
		// Building Choices meets twice a week: one group, both sessions held.
		if f.notHeld != 0 {
			t.Errorf("week %d: %d running groups' sessions not held", k+2, f.notHeld)
		}
	}
}

// TestNextWeek: the week after carries the groups, the last contacts and
// the unpaid-work hours over, and moves the week on.
func TestNextWeek(t *testing.T) {
	files := stocktonFiles(t)
	r, err := load(files)
	if err != nil {
		t.Fatal(err)
	}
	var uw *model.Requirement
	for i := range r.Requirements {
		if q := &r.Requirements[i]; q.Kind == model.KindUnpaidWork && q.HoursOutstanding > 7 {
			uw = q
			break
		}
	}
	if uw == nil {
		t.Fatal("no unpaid-work requirement with hours outstanding in the sample")
	}
	u := r.ServiceUsers[slices.IndexFunc(r.ServiceUsers, func(s model.ServiceUser) bool { return s.ID == uw.ServiceUser })]
	pl := &plan.Plan{
		Appointments: []plan.Appointment{{ServiceUser: u.ID, Date: "2018-06-05"}, {ServiceUser: u.ID, Date: "2018-06-07"}},
		Attendance:   []plan.Attendance{{ServiceUser: u.ID, Kind: plan.KindWorkParty, Hours: 7}},
		Groups:       []plan.Group{{ID: "g1", Intervention: "tsp", Site: "stockton", Weekday: "tue", Slot: "evening", Members: u.ID, SessionsDone: 3, Mode: "closed"}},
	}
	_, nr, err := NextWeek(files, r, &solver.Result{Plan: pl})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := nr.Settings.WeekStart.String(), "2018-06-11"; got != want {
		t.Errorf("week_start %s, want %s", got, want)
	}
	if len(nr.Groups) != 1 || nr.Groups[0].SessionsDone != 3 || strings.Join(nr.Groups[0].Members, " ") != u.ID {
		t.Errorf("groups %+v", nr.Groups)
	}
	i, _ := nr.ServiceUserIndex(u.ID)
	if got := nr.ServiceUsers[i].LastContact.String(); got != "2018-06-07" {
		t.Errorf("last_contact %s, want 2018-06-07", got)
	}
	for _, q := range nr.Requirements {
		if q.ServiceUser == u.ID && q.Kind == model.KindUnpaidWork {
			if q.HoursOutstanding != uw.HoursOutstanding-7 {
				t.Errorf("hours_outstanding %g, want %g", q.HoursOutstanding, uw.HoursOutstanding-7)
			}
		}
	}
}

// TestNextWeekRetiresCompleted: a group that holds its last session this
// week (sessions_done total_sessions − 1) ends, and its members, who have
// completed the programme, are no longer due it next week; others are.
func TestNextWeekRetiresCompleted(t *testing.T) {
	files := stocktonFiles(t)
	files[model.FileGroups] = []byte("id,intervention,site,weekday,slot,facilitators,members,sessions_done,mode\n" +
		"g1,tsp,stockton,thu,afternoon,p01 p05,ST0001 ST0008,14,closed\n")
	r, err := load(files)
	if err != nil {
		t.Fatal(err)
	}
	pl := &plan.Plan{
		GroupSessions: []plan.GroupSession{{Group: "g1", Session: "s1", Date: "2018-06-07"}},
		Attendance: []plan.Attendance{{ServiceUser: "ST0001", Session: "s1", Kind: plan.KindSession, Intervention: "tsp"},
			{ServiceUser: "ST0008", Session: "s1", Kind: plan.KindSession, Intervention: "tsp"}},
	}
	_, nr, err := NextWeek(files, r, &solver.Result{Plan: pl})
	if err != nil {
		t.Fatal(err)
	}
	due := map[string]bool{}
	for _, q := range nr.Requirements {
		if q.Kind == model.KindIntervention && q.Intervention == "tsp" {
			due[q.ServiceUser] = true
		}
	}
	if due["ST0001"] || due["ST0008"] || !due["ST0059"] {
		t.Errorf("due tsp next week: ST0001 %v, ST0008 %v (completed: want false), ST0059 %v (want true)", due["ST0001"], due["ST0008"], due["ST0059"])
	}
}
