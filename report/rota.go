package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Rota is a written rota folder with the region it was planned for.
type Rota struct {
	Region   *model.Region  // nil: ids are shown without names, slots without times
	Plan     *plan.Plan     // the rota files
	Caseload *plan.Caseload // nil when the folder has no caseload files
	// ApptAt and SessionAt are the times and rooms of appointments.csv
	// and sessions.csv rows, by row.
	ApptAt, SessionAt []At
}

// ReadRota reads the rota folder dir. r is the region it was planned for;
// nil shows ids only.
func ReadRota(dir string, r *model.Region) (*Rota, error) {
	if _, err := os.Stat(filepath.Join(dir, plan.StaffFile)); err != nil {
		return nil, fmt.Errorf("report: %s is not a rota folder: %w", dir, err)
	}
	p, err := plan.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	ro := &Rota{Region: r, Plan: p}
	if err := ro.sameRegion(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, plan.CaseloadFile)); err == nil {
		if ro.Caseload, err = plan.ReadCaseloadDir(dir); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	if ro.ApptAt, err = readAt(filepath.Join(dir, plan.AppointmentsFile)); err != nil {
		return nil, err
	}
	if ro.SessionAt, err = readAt(filepath.Join(dir, plan.SessionsFile)); err != nil {
		return nil, err
	}
	return ro, nil
}

// FromPlan is a rota held in memory (as the solver returns it).
func FromPlan(p *plan.Plan, cl *plan.Caseload, r *model.Region) *Rota {
	ro := &Rota{Region: r, Plan: p, Caseload: cl}
	for _, a := range p.Appointments {
		ro.ApptAt = append(ro.ApptAt, At{Date: a.Date, Slot: a.Slot, Start: a.Start, End: a.End, Room: a.Room})
	}
	for _, s := range p.Sessions {
		ro.SessionAt = append(ro.SessionAt, At{Date: s.Date, Slot: s.Slot, Start: s.Start, End: s.End, Room: s.Room})
	}
	return ro
}

// sameRegion fails when none of the rota's practitioners is in the region:
// the rota was planned from another data folder, and its names and times
// would be wrong.
func (ro *Rota) sameRegion() error {
	if ro.Region == nil || len(ro.Plan.Staff) == 0 {
		return nil
	}
	for _, s := range ro.Plan.Staff {
		if _, ok := ro.Region.PractitionerIndex(s.Practitioner); ok {
			return nil
		}
	}
	return fmt.Errorf("report: none of the rota's practitioners (%s, …) is in the data folder: give the --data the rota was planned from", ro.Plan.Staff[0].Practitioner)
}

// readAt reads the date, slot, start, end and room columns of a rota file,
// whichever it has, row by row.
func readAt(path string) ([]At, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", filepath.Base(path), err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	out := make([]At, 0, len(rows)-1)
	for _, row := range rows[1:] {
		out = append(out, At{Date: get(row, "date"), Slot: get(row, "slot"),
			Start: get(row, "start"), End: get(row, "end"), Room: get(row, "room")})
	}
	return out, nil
}

// week is the region's slot definitions.
func (ro *Rota) week() Week {
	if ro.Region == nil {
		return Week{}
	}
	return Week{Slots: ro.Region.Settings.Slots}
}

// weekStart is the planning week's Monday: the region's week_start, else
// the Monday of the rota's first date.
func (ro *Rota) weekStart() model.Date {
	if ro.Region != nil {
		return ro.Region.Settings.WeekStart
	}
	first := ""
	for _, s := range ro.Plan.Staff {
		if first == "" || s.Date < first {
			first = s.Date
		}
	}
	d, err := model.ParseDate(first)
	if err != nil {
		return model.DefaultSettings().WeekStart
	}
	for d.Weekday() != 1 {
		d = d.AddDays(-1)
	}
	return d
}

// names shows ids with what the data knows of them.
type names struct{ r *model.Region }

// Practitioner is "p01 Deepa Allen", or the id.
func (n names) Practitioner(id string) string {
	if n.r != nil {
		if i, ok := n.r.PractitionerIndex(id); ok && n.r.Practitioners[i].Name != "" {
			return id + " " + n.r.Practitioners[i].Name
		}
	}
	return id
}

// Site is "Hardwick community hub (Hardwick)", or the id.
func (n names) Site(id string) string {
	if n.r != nil {
		if i, ok := n.r.SiteIndex(id); ok {
			s := n.r.Sites[i]
			switch {
			case s.Name != "" && s.Town != "":
				return s.Name + " (" + s.Town + ")"
			case s.Name != "":
				return s.Name
			}
		}
	}
	return id
}

// Intervention is "tsp Thinking Skills Programme", or the id.
func (n names) Intervention(id string) string {
	if n.r != nil {
		if i, ok := n.r.InterventionIndex(id); ok && n.r.Interventions[i].Name != "" {
			return id + " " + n.r.Interventions[i].Name
		}
	}
	return id
}

// Project is the project's name, or the id.
func (n names) Project(id string) string {
	if n.r != nil {
		if i, ok := n.r.ProjectIndex(id); ok && n.r.Projects[i].Name != "" {
			return n.r.Projects[i].Name
		}
	}
	return id
}

// Team is the team's name, or the id.
func (n names) Team(id string) string {
	if n.r != nil {
		if i, ok := n.r.TeamIndex(id); ok && n.r.Teams[i].Name != "" {
			return n.r.Teams[i].Name
		}
	}
	return id
}

// Person is a service user's pseudonymous id with their town when the
// data gives one.
func (n names) Person(id string) string {
	if n.r != nil {
		if i, ok := n.r.ServiceUserIndex(id); ok && n.r.ServiceUsers[i].Town != "" {
			return id + " (" + n.r.ServiceUsers[i].Town + ")"
		}
	}
	return id
}
