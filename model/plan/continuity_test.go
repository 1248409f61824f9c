package plan

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestRegularFile: regular.csv is written only when the plan has rows, and
// read back when the folder has one.
func TestRegularFile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		regular []RegularRow
	}{
		{"none: no file", nil},
		{"rows", []RegularRow{{ServiceUser: "u1", Date: "2018-06-06", Weekday: "wed", Slot: "afternoon", Site: "a"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "rota")
			p := &Plan{Regular: tc.regular, Summary: Summary{Status: "optimal"}}
			if err := p.WriteDir(dir); err != nil {
				t.Fatal(err)
			}
			_, err := os.Stat(filepath.Join(dir, RegularFile))
			if got, want := err == nil, len(tc.regular) > 0; got != want {
				t.Errorf("regular.csv written: %v, want %v", got, want)
			}
			back, err := ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(back.Regular, tc.regular) {
				t.Errorf("read back %+v, want %+v", back.Regular, tc.regular)
			}
		})
	}
}

// TestRegularOf: a rota's appointments, then its regular.csv rows of
// people with none.
func TestRegularOf(t *testing.T) {
	p := &Plan{
		Appointments: []Appointment{{ServiceUser: "u1", Date: "2018-06-11", Weekday: "mon", Slot: "morning", Site: "a"}},
		Regular: []RegularRow{
			{ServiceUser: "u1", Date: "2018-06-04", Weekday: "mon", Slot: "afternoon", Site: "a"},
			{ServiceUser: "u2", Date: "2018-06-06", Weekday: "wed", Slot: "morning", Site: "b"},
		},
	}
	got := RegularOf(p)
	want := []RegularRow{
		{ServiceUser: "u1", Date: "2018-06-11", Weekday: "mon", Slot: "morning", Site: "a"},
		{ServiceUser: "u2", Date: "2018-06-06", Weekday: "wed", Slot: "morning", Site: "b"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
