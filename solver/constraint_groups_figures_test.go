package solver

import (
	"testing"

	"github.com/probation/rota/model/plan"
)

// TestGroupFigures: summary.json counts groups, not sessions: a group due
// two sessions is kept when both are held as before, not held when
// neither is, changed when one moved or one of them was not held.
func TestGroupFigures(t *testing.T) {
	pl := &plan.Plan{GroupSessions: []plan.GroupSession{
		{Group: "kept", Session: "s1"}, {Group: "kept", Session: "s2"},
		{Group: "missed", Change: plan.ChangeNotHeld, Reason: "r"}, {Group: "missed", Change: plan.ChangeNotHeld, Reason: "r"},
		{Group: "moved", Session: "s3"}, {Group: "moved", Session: "s4", Change: "weekday", Reason: "r"},
		{Group: "half", Session: "s5"}, {Group: "half", Change: plan.ChangeNotHeld, Reason: "r"},
		{Group: "new", Session: "s6", Change: plan.ChangeNew}, {Group: "new", Session: "s7", Change: plan.ChangeNew},
	}}
	var s plan.Summary
	groupFigures(pl, &s)
	if s.GroupsKept != 1 || s.GroupsMissed != 1 || s.GroupsChanged != 2 || len(s.GroupChanges) != 4 {
		t.Errorf("kept %d, not held %d, changed %d (want 1, 1, 2); %d changes listed (want 4)",
			s.GroupsKept, s.GroupsMissed, s.GroupsChanged, len(s.GroupChanges))
	}
}
