package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// readPrevious reads the rota folder named by --previous, if given: last
// week's rota for rota solve, or the one a rota was planned after for rota
// check. A folder that cannot be read exits 2.
func readPrevious(c *cli.Context) (*plan.Plan, error) {
	dir := c.String("previous")
	if dir == "" {
		return nil, nil
	}
	p, err := plan.ReadDir(dir)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("rota: reading --previous %s: %w", dir, err)}
	}
	return p, nil
}

// warnPrevious warns on stderr when last week's rota p (from dir) does not
// look like the week before the data's: it starts on another Monday than
// seven days before week_start, or it shares no service user and no
// practitioner with the data (another region's rota). Both are allowed:
// the plan then simply keeps less.
func warnPrevious(w io.Writer, r *model.Region, p *plan.Plan, dir string) {
	if p == nil {
		return
	}
	first := ""
	for _, s := range p.Staff {
		if first == "" || s.Date < first {
			first = s.Date
		}
	}
	if last, this := r.Settings.WeekStart.AddDays(-7).String(), r.Settings.WeekStart.String(); first != "" && (first < last || first >= this) {
		fmt.Fprintf(w, "rota: warning: --previous %s: its rota starts on %s, not in the week before this one (%s to %s)\n",
			dir, first, last, r.Settings.WeekStart.AddDays(-1))
	}
	shared := false
	for _, a := range p.Appointments {
		if _, ok := r.ServiceUserIndex(a.ServiceUser); ok {
			shared = true
			break
		}
	}
	for _, s := range p.Staff {
		if _, ok := r.PractitionerIndex(s.Practitioner); ok {
			shared = true
			break
		}
	}
	if !shared {
		fmt.Fprintf(w, "rota: warning: --previous %s shares no service user and no practitioner with the data: is it this region's rota?\n", dir)
	}
}

// printContinuity is the summary's line of changes from last week's rota.
func printContinuity(w io.Writer, c *plan.Continuity) {
	if c == nil {
		return
	}
	fmt.Fprintf(w, "  from last week: %d of %d regular appointments kept weekday, slot and site (%.1f%%), %d weekday and site (%.1f%%); moved: %d weekday, %d slot, %d site\n",
		c.Kept, c.Regular, 100*c.KeptShare, c.KeptDaySite, 100*c.DaySiteShare, c.MovedWeekday, c.MovedSlot, c.MovedSite)
	fmt.Fprintf(w, "    staff: %d of %d practitioner-days at another site; %d weekdays no longer worked, %d new\n",
		c.StaffMoved, c.StaffDays, c.DaysDropped, c.DaysAdded)
}
