package model_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/probation/rota/model"
)

// TestLateDays: practitioners.csv's late_days are read, and must be days
// the practitioner works.
func TestLateDays(t *testing.T) {
	for _, tt := range []struct {
		name, p01, want string
	}{
		{"read", "tue", ""},
		{"a day not worked", "sat", "practitioners.csv:2: late_days: sat are not all days they work (mon tue wed thu fri)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := fstest.MapFS{}
			entries, err := os.ReadDir("testdata/valid")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				b, err := os.ReadFile(filepath.Join("testdata/valid", e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if e.Name() == model.FilePractitioners {
					lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
					for i := range lines {
						switch {
						case i == 0:
							lines[i] += ",late_days"
						case strings.HasPrefix(lines[i], "p01,"):
							lines[i] += "," + tt.p01
						default:
							lines[i] += ","
						}
					}
					b = []byte(strings.Join(lines, "\n") + "\n")
				}
				m[e.Name()] = &fstest.MapFile{Data: b}
			}
			r, err := model.Load(m)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error()+"\n", tt.want+"\n") {
					t.Fatalf("Load: %v\nwant the line %s", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, want := r.Practitioners[0].LateDays, model.Weekdays(1<<model.Tue); got != want {
				t.Errorf("late_days = %v, want %v", got, want)
			}
		})
	}
}

// TestContactLimit: contact_share × (contracted − reduction hours), by grade.
func TestContactLimit(t *testing.T) {
	s := model.DefaultSettings()
	for _, tt := range []struct {
		p    model.Practitioner
		want float64
	}{
		{model.Practitioner{Grade: model.GradePO, ContractedHours: 37}, 0.24 * 37},
		{model.Practitioner{Grade: model.GradePSO, ContractedHours: 30, ReductionHours: 7.5}, 0.24 * 22.5},
		{model.Practitioner{Grade: model.GradeSupervisor, ContractedHours: 37}, 37},
	} {
		if got := s.ContactLimit(tt.p); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ContactLimit(%s, %g − %g) = %g, want %g", tt.p.Grade, tt.p.ContractedHours, tt.p.ReductionHours, got, tt.want)
		}
	}
}
