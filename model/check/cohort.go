package check

import "github.com/probation/rota/model/plan"

// checkOneCohort verifies attendance.one-cohort: a service user attends
// sessions of at most one group of an intervention in a week, so no more
// of its sessions than it meets a week (sessions_per_week, 1 when empty):
// a second session of a weekly programme is a second group's. Sessions of
// a running group (group_sessions.csv, not new) are all that group's.
func (c *checker) checkOneCohort() {
	type first struct {
		n     int
		group string // the running group of their first session, or "" for a new one
	}
	seen := make(map[ivKey]*first)
	groupOf := make(map[string]string) // session → running group
	for _, gs := range c.p.GroupSessions {
		if gs.Session != "" && gs.Change != plan.ChangeNew && gs.Change != plan.ChangeNotHeld {
			groupOf[gs.Session] = gs.Group
		}
	}
	for i := range c.sess {
		s := &c.sess[i]
		if !s.ok || s.party {
			continue
		}
		at := where(plan.SessionsFile, i)
		spw := max(s.iv.SessionsPerWeek, 1)
		for _, id := range s.attendees {
			k := ivKey{id, s.iv.ID}
			f := seen[k]
			if f == nil {
				seen[k] = &first{1, groupOf[s.row.ID]}
				continue
			}
			f.n++
			switch {
			case f.n == spw+1:
				c.add("attendance.one-cohort", at, "%s attends %d sessions of %s this week, which meets %d a week: sessions of two groups", id, f.n, s.iv.ID, spw)
			case f.n <= spw && groupOf[s.row.ID] != f.group:
				c.add("attendance.one-cohort", at, "%s attends sessions of two groups of %s this week", id, s.iv.ID)
			}
		}
	}
}
