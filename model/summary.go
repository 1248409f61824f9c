package model

import (
	"fmt"
	"strings"
)

// Counts sums up a Region, for `rota validate` and reports.
type Counts struct {
	Sites, Teams  int
	Practitioners int
	ByGrade       map[Grade]int // practitioners by grade
	CaseManagers  int           // PO and PSO practitioners
	FTE           float64       // case managers' contracted hours ÷ full_time_hours

	ServiceUsers int
	ByTeam       map[string]int // service users by team id
	IOM          int            // IOM cases
	Generic      int            // other cases
	Unallocated  int            // cases without a case manager

	Requirements map[RequirementKind]int // requirement rows by kind
	Appointments int                     // appointments due (after defaults)
	Sessions     int                     // intervention and RAR sessions due
	UnpaidHours  float64                 // unpaid-work hours due

	Interventions, Projects, NonAssociations int

	CasesPerFTE float64 // service users ÷ FTE (0 when there are no case managers)
}

// Summary counts the Region's contents.
func (r *Region) Summary() Counts {
	c := Counts{
		Sites:           len(r.Sites),
		Teams:           len(r.Teams),
		Practitioners:   len(r.Practitioners),
		ByGrade:         map[Grade]int{},
		ServiceUsers:    len(r.ServiceUsers),
		ByTeam:          map[string]int{},
		Requirements:    map[RequirementKind]int{},
		Interventions:   len(r.Interventions),
		Projects:        len(r.Projects),
		NonAssociations: len(r.NonAssociations),
	}
	for p, pr := range r.Practitioners {
		c.ByGrade[pr.Grade]++
		if pr.Grade.HoldsCases() {
			c.CaseManagers++
			c.FTE += r.FTE(p)
		}
	}
	for _, u := range r.ServiceUsers {
		c.ByTeam[u.Team]++
		if u.IOM {
			c.IOM++
		} else {
			c.Generic++
		}
		if u.CaseManager == "" {
			c.Unallocated++
		}
	}
	for _, q := range r.Requirements {
		c.Requirements[q.Kind]++
		switch q.Kind {
		case KindAppointment:
			c.Appointments += q.Sessions
		case KindIntervention, KindRAR:
			c.Sessions += q.Sessions
		case KindUnpaidWork:
			c.UnpaidHours += q.Hours
		}
	}
	if c.FTE > 0 {
		c.CasesPerFTE = float64(c.ServiceUsers) / c.FTE
	}
	return c
}

// String gives the one-line summary `rota validate` prints, e.g. "ok: 7
// sites, 4 teams, 52 practitioners (32.2 FTE case managers), …".
func (c Counts) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ok: %s, %s, %s (%.1f FTE case managers), ",
		plural(c.Sites, "site"), plural(c.Teams, "team"), plural(c.Practitioners, "practitioner"), c.FTE)
	fmt.Fprintf(&b, "%s (%d generic, %d IOM; %d unallocated), ",
		plural(c.ServiceUsers, "service user"), c.Generic, c.IOM, c.Unallocated)
	fmt.Fprintf(&b, "%s, %s, %s unpaid-work hours due; %.1f cases per FTE case manager",
		plural(c.Appointments, "appointment"), plural(c.Sessions, "session"), fmtNum(c.UnpaidHours), c.CasesPerFTE)
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
