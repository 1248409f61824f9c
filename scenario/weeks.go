package scenario

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver"
)

// NextWeek gives the data folder of the week after the one planned: files
// (file name → contents, as ReadFS gives them) are the week's data folder,
// r the region planned (after balancing, when it was: its case managers
// are kept) and res its plan. It carries over, and changes nothing else:
//
//   - settings.csv: week_start seven days on;
//   - groups.csv: the rota's groups.csv (sessions done advanced, new groups
//     added, complete groups dropped); none when the rota has no groups;
//   - service_users.csv: case_manager as planned, and last_contact the
//     date of each person's last appointment of the week;
//   - pins.csv: only the pins dated in the new week (those of files dated
//     later stay for their own week: rota solve --weeks hands every week
//     the whole pins.csv of the data folder; PinsOfWeek);
//   - requirements.csv: each unpaid-work requirement's hours_outstanding
//     less the hours booked this week (a requirement's this-week hours no
//     more than what is outstanding; one with nothing outstanding dropped);
//     and the intervention requirements of the programme dropped for the
//     members of each group that completed it this week (its total_sessions
//     done), who are no longer due it.
//
// The result is loaded with model.Load (every rule of docs/data-format.md
// holds for it), and returned with the loaded region. Last week's plan, for
// solver.Options.Previous (--previous), is res.Plan itself: see PreviousOf.
func NextWeek(files map[string][]byte, r *model.Region, res *solver.Result) (map[string][]byte, *model.Region, error) {
	ed := &editor{files: files, tables: map[string]*table{}, r: r}
	next := r.Settings.WeekStart.AddDays(7)
	if err := ed.setting("week_start", next.String()); err != nil {
		return nil, nil, err
	}
	if err := ed.contacts(r, res.Plan); err != nil {
		return nil, nil, err
	}
	if err := ed.hoursDone(res.Plan); err != nil {
		return nil, nil, err
	}
	if err := ed.retireCompleted(r, res.Plan); err != nil {
		return nil, nil, err
	}
	out, _ := PinsOfWeek(ed.result(), next, 1)
	delete(out, model.FileGroups)
	if len(res.Plan.Groups) > 0 {
		b, err := plan.EncodeCSV(res.Plan.Groups)
		if err != nil {
			return nil, nil, fmt.Errorf("scenario: %s: %w", model.FileGroups, err)
		}
		out[model.FileGroups] = b
	}
	nr, err := load(out)
	if err != nil {
		return nil, nil, fmt.Errorf("scenario: the week of %s does not load: %w", next, err)
	}
	return out, nr, nil
}

// PreviousOf is last week's plan for the next week's solve: where
// solver.Options.Previous (--previous) is to be set when weeks are planned
// in sequence. It is the one place the sequence hands a plan on.
func PreviousOf(res *solver.Result) *plan.Plan { return res.Plan }

// contacts writes each person's case manager as planned and the date of
// their last appointment of the week.
func (ed *editor) contacts(r *model.Region, pl *plan.Plan) error {
	t, err := ed.t(model.FileServiceUsers)
	if err != nil || t == nil {
		return err
	}
	last := map[string]string{}
	for _, a := range pl.Appointments {
		if a.Date > last[a.ServiceUser] {
			last[a.ServiceUser] = a.Date
		}
	}
	for i := range t.rows {
		id := t.get(i, "id")
		u, ok := r.ServiceUserIndex(id)
		if !ok {
			continue
		}
		if cm := r.ServiceUsers[u].CaseManager; cm != t.get(i, "case_manager") {
			t.set(i, "case_manager", cm)
		}
		if d, ok := last[id]; ok {
			t.set(i, "last_contact", d)
		}
	}
	return nil
}

// hoursDone takes the unpaid-work hours booked this week off each
// person's outstanding hours, requirement by requirement in file order.
func (ed *editor) hoursDone(pl *plan.Plan) error {
	booked := map[string]float64{}
	for _, a := range pl.Attendance {
		if a.Kind == plan.KindWorkParty {
			booked[a.ServiceUser] += a.Hours
		}
	}
	if len(booked) == 0 {
		return nil
	}
	t, err := ed.t(model.FileRequirements)
	if err != nil || t == nil {
		return err
	}
	var drop []int
	for i := range t.rows {
		if !strings.EqualFold(t.get(i, "kind"), string(model.KindUnpaidWork)) {
			continue
		}
		u := t.get(i, "service_user")
		left, err := strconv.ParseFloat(t.get(i, "hours_outstanding"), 64)
		if err != nil || booked[u] <= 0 {
			continue // no hours outstanding given: nothing to count down
		}
		done := min(booked[u], left)
		booked[u] -= done
		left -= done
		if left <= 0 {
			drop = append(drop, i)
			continue
		}
		t.set(i, "hours_outstanding", fmtNum(left))
		if h, err := strconv.ParseFloat(t.get(i, "hours"), 64); err == nil && h > left {
			t.set(i, "hours", fmtNum(left))
		}
	}
	t.remove(func(i int) bool { return slices.Contains(drop, i) })
	return nil
}

// retireCompleted drops the intervention requirements of the members of
// each group that completed its programme this week: sessions done before
// (groups.csv) and held this week (group_sessions.csv) reach the
// intervention's total_sessions. Its members are those of groups.csv and
// everyone at its sessions this week.
func (ed *editor) retireCompleted(r *model.Region, pl *plan.Plan) error {
	done := map[string]int{}
	ivOf := map[string]string{}
	members := map[string][]string{}
	for _, g := range r.Groups {
		done[g.ID], ivOf[g.ID], members[g.ID] = g.SessionsDone, g.Intervention, slices.Clone([]string(g.Members))
	}
	sessOf := map[string]string{} // session → group
	for _, gs := range pl.GroupSessions {
		if gs.Change == plan.ChangeNotHeld || gs.Session == "" {
			continue
		}
		done[gs.Group]++
		sessOf[gs.Session] = gs.Group
	}
	for _, a := range pl.Attendance {
		if g, ok := sessOf[a.Session]; ok {
			members[g] = append(members[g], a.ServiceUser)
			if ivOf[g] == "" {
				ivOf[g] = a.Intervention
			}
		}
	}
	retire := map[[2]string]bool{} // (person, intervention)
	for g, n := range done {
		i, ok := r.InterventionIndex(ivOf[g])
		if !ok || r.Interventions[i].TotalSessions == 0 || n < r.Interventions[i].TotalSessions {
			continue
		}
		for _, u := range members[g] {
			retire[[2]string{u, ivOf[g]}] = true
		}
	}
	if len(retire) == 0 {
		return nil
	}
	t, err := ed.t(model.FileRequirements)
	if err != nil || t == nil {
		return err
	}
	t.remove(func(i int) bool {
		return strings.EqualFold(t.get(i, "kind"), string(model.KindIntervention)) &&
			retire[[2]string{t.get(i, "service_user"), t.get(i, "intervention")}]
	})
	return nil
}

// PinsOfWeek gives files with pins.csv holding only the pins dated in the
// week from start (a row whose date does not parse is kept, for model.Load
// to report), and the number of pins dropped that are dated outside all
// of the n weeks from start: those no week of a sequence plans. Without
// pins.csv, files as they are.
func PinsOfWeek(files map[string][]byte, start model.Date, n int) (map[string][]byte, int) {
	b, ok := files[model.FilePins]
	if !ok {
		return files, 0
	}
	t, err := readTable(model.FilePins, b)
	if err != nil || t.col("date") < 0 {
		return files, 0 // model.Load reports it
	}
	weekEnd, end := start.AddDays(6).String(), start.AddDays(7*n-1).String()
	outside := 0
	dropped := t.remove(func(i int) bool {
		d, err := model.ParseDate(t.get(i, "date"))
		if err != nil {
			return false
		}
		if ds := d.String(); ds < start.String() || ds > end {
			outside++
		}
		return d.String() < start.String() || d.String() > weekEnd
	})
	if dropped == 0 {
		return files, outside
	}
	out := maps.Clone(files)
	out[model.FilePins] = t.encode()
	return out, outside
}

// WeekStart is the week_start of files' settings.csv, when it has one
// that parses.
func WeekStart(files map[string][]byte) (model.Date, bool) {
	t, err := readTable(model.FileSettings, files[model.FileSettings])
	if err != nil {
		return model.Date{}, false
	}
	i, ok := t.find("key", "week_start")
	if !ok {
		return model.Date{}, false
	}
	d, err := model.ParseDate(strings.TrimSpace(t.get(i, "value")))
	return d, err == nil
}
