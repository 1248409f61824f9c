package caseload

import (
	"fmt"
	"testing"

	"github.com/probation/rota/model"
)

// TestPinnedCasesStay: a case with a pinned appointment stays with its
// case manager (the pin names them, or a time chosen with them), its
// points in their load; the other cases still balance.
func TestPinnedCasesStay(t *testing.T) {
	pracs := []string{"p1,p1,t,PSO,37,0,city", "p2,p2,t,PSO,37,0,city"}
	for _, tc := range []struct {
		name      string
		pinned    []string
		wantMoves bool
	}{
		{"no pins: p1's cases balance with p2", nil, true},
		{"80 pinned: only the others move", ids(0, 80), true},
		{"all pinned: none moves", ids(0, 90), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// p1 holds 90 D1 cases (120%), p2 10.
			r := region(t, pracs, join(cases(0, 90, "t", "p1", "D1", false, ""), cases(90, 10, "t", "p2", "D1", false, "")))
			p1, _ := r.PractitionerIndex("p1")
			for _, id := range tc.pinned {
				u, _ := r.ServiceUserIndex(id)
				r.Pins.List = append(r.Pins.List, model.Pin{Kind: model.PinAppointment, ServiceUser: id, User: u,
					Practitioner: "p1", Prac: p1, SiteIx: 0, Iv: -1, Proj: -1, SlotIx: 0})
			}
			res := balance(t, r)
			if got := len(res.Moves) > 0; got != tc.wantMoves {
				t.Errorf("moves %+v: want some %t", res.Moves, tc.wantMoves)
			}
			for _, id := range tc.pinned {
				if res.Assignment[id] != "p1" {
					t.Errorf("%s moved to %s: its appointment is pinned with p1", id, res.Assignment[id])
				}
			}
		})
	}
}

// ids are the ids of cases' rows first…first+n-1.
func ids(first, n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("s%03d", first+i))
	}
	return out
}
