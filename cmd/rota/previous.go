package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

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

// continuityTerm is the check line's continuity term, when there is one.
func continuityTerm(t plan.Terms) string {
	if t.Continuity == 0 {
		return ""
	}
	return fmt.Sprintf(", continuity %.1f", t.Continuity)
}
