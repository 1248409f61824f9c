package model

import (
	"slices"
	"strings"
	"testing"
)

func TestRiskAndContactSettings(t *testing.T) {
	tests := []struct {
		key, value string
		check      func(s Settings) bool
		wantErr    string
	}{
		{"po_only_rosh", "very_high", func(s Settings) bool { return slices.Equal(s.POOnlyRoSH, []string{RoSHVeryHigh}) }, ""},
		{"po_only_rosh", "", func(s Settings) bool { return len(s.POOnlyRoSH) == 0 }, ""},
		{"po_only_rosh", "severe", nil, `"severe" is not one of low, medium, high, very_high`},
		{"po_only_cross_team", "yes", func(s Settings) bool { return s.CrossTeamPOOnly }, ""},
		{"appointments.rosh_high", "2", func(s Settings) bool { return s.AppointmentsRoSHHigh == 2 }, ""},
		{"contact_weeks.B", "3", func(s Settings) bool { return s.ContactWeeks['B'] == 3 }, ""},
		{"contact_weeks.rosh_high", "0", nil, "0 is out of range (1 to 52)"},
		{"target_measure", "Cases", func(s Settings) bool { return s.TargetMeasure == TargetByCases }, ""},
		{"target_measure", "fte", nil, `"fte" is not capacity or cases`},
		{"points.custody.B2", "50", func(s Settings) bool { return s.Points[Custody]["B2"] == 50 }, ""},
		{"points.t2a.A3", "80", func(s Settings) bool { return s.Young["A3"] == 80 }, ""},
		{"points.young.A3", "81", func(s Settings) bool { return s.Young["A3"] == 81 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			s := DefaultSettings()
			k, ok := lookupSetting(tt.key)
			if !ok {
				t.Fatalf("no setting %s", tt.key)
			}
			err := k.set(&s, tt.value)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("got error %v, want %q", err, tt.wantErr)
				}
			case err != nil:
				t.Errorf("got error %v", err)
			case !tt.check(s):
				t.Errorf("setting not stored: %+v", s)
			}
		})
	}
}
