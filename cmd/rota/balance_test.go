package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/probation/rota/solver/caseload"
)

// TestPrintBalanceOneAnswer: the staffing line gives one shortfall, in
// the target measure; the other measure only as a labelled cross-check.
func TestPrintBalanceOneAnswer(t *testing.T) {
	tests := []struct {
		name      string
		s         caseload.Summary
		want, not []string
	}{
		{
			name: "by capacity",
			s: caseload.Summary{TargetMeasure: "capacity", CrossCheckMeasure: "cases", TargetCapacity: 100, TargetCases: 57.1,
				ShortfallFTE: 7.5, CrossCheckFTE: 5.0, Teams: []caseload.Team{{Team: "north", ShortfallFTE: 2.5, CrossCheckFTE: 1.7}}},
			want: []string{"staffing (target by capacity)", "short by 7.5 FTE by points at 100% capacity", "(cross-check only, by cases at 57.1 per FTE: 5.0 FTE)", "north: 2.50 FTE short"},
			not:  []string{"FTE (by cases),", "1.70"},
		},
		{
			name: "by cases",
			s: caseload.Summary{TargetMeasure: "cases", CrossCheckMeasure: "capacity", TargetCapacity: 100, TargetCases: 57.1,
				ShortfallFTE: 5.0, CrossCheckFTE: 7.5},
			want: []string{"staffing (target by cases)", "short by 5.0 FTE by cases at 57.1 per FTE", "(cross-check only, by points at 100% capacity: 7.5 FTE)"},
		},
		{
			name: "unheld cases listed with their reason",
			s: caseload.Summary{TargetMeasure: "capacity", CrossCheckMeasure: "cases", Unplaced: 1,
				Unheld: []caseload.UnheldCase{{ServiceUser: "ST0001", Team: "north", Reason: "no PO in team north with room; nearest team with room: south"}}},
			want: []string{"unheld: 1 cases nobody in their team may hold", "ST0001: no PO in team north with room; nearest team with room: south", "no shortfall"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			printBalance(&b, &tt.s, "out")
			got := b.String()
			if n := strings.Count(got, "short by"); n > 1 {
				t.Errorf("%d shortfall figures, want one:\n%s", n, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("output has %q:\n%s", w, got)
				}
			}
		})
	}
}
