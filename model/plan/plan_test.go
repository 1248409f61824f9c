package plan

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestRoundTrip: what WriteDir writes, ReadDir reads back unchanged, and no
// temporary file is left behind.
func TestRoundTrip(t *testing.T) {
	capacity := 112.5
	tests := []struct {
		name string
		p    Plan
		c    Caseload
	}{
		{name: "empty"},
		{
			name: "one of each",
			p: Plan{
				Staff:        []StaffRow{{Practitioner: "p1", Name: "Sam, Patel", Date: "2018-06-04", Weekday: "mon", Site: "hinckley", Slot: "morning", Activity: ActivityAppointments, Detail: "u1 u2"}},
				Appointments: []Appointment{{ServiceUser: "u1", CaseManager: "p1", Site: "hinckley", Date: "2018-06-04", Weekday: "mon", Slot: "morning", TravelKm: 3.2}},
				Sessions:     []Session{{ID: "tsp-hinckley-2018-06-04-morning-1", Kind: KindSession, Intervention: "tsp", Site: "hinckley", Date: "2018-06-04", Weekday: "mon", Slot: "morning", Hours: 2.5, Staff: "f1 f2", Attendees: "u1", Size: 1}},
				Attendance:   []Attendance{{ServiceUser: "u1", Session: "tsp-hinckley-2018-06-04-morning-1", Kind: KindSession, Intervention: "tsp", Site: "hinckley", Date: "2018-06-04", Weekday: "mon", Slot: "morning", Hours: 2.5, TravelKm: 3.2}},
				Unmet:        []Unmet{{ServiceUser: "u2", Kind: "appointment", Due: 1, Unmet: 1, Unit: "appointments", Reason: `no site open, "quoted"`}},
				Summary:      Summary{Status: "optimal", Objective: 100, Terms: Terms{UnmetAppointments: 100}},
			},
			c: Caseload{
				Rows:    []CaseloadRow{{Practitioner: "p1", Team: "west", Grade: "PO", Hours: 37, Cases: 40, Capacity: &capacity}},
				Moves:   []Move{{ServiceUser: "u3", Team: "west", To: "p1", Points: 115, Reason: "unallocated"}},
				Summary: CaseloadSummary{Status: "optimal", Teams: []CaseloadTeam{{Team: "west", Cases: 40}}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tt.p.WriteDir(dir); err != nil {
				t.Fatal(err)
			}
			if err := tt.c.WriteDir(dir); err != nil {
				t.Fatal(err)
			}
			gotP, err := ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(norm(*gotP), norm(tt.p)) {
				t.Errorf("plan: got %+v, want %+v", *gotP, tt.p)
			}
			gotC, err := ReadCaseloadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normC(*gotC), normC(tt.c)) {
				t.Errorf("caseload: got %+v, want %+v", *gotC, tt.c)
			}
			tmp, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
			if len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
			if _, err := os.Stat(filepath.Join(dir, SummaryFile)); err != nil {
				t.Error(err)
			}
		})
	}
}

// norm makes empty and nil slices alike, as a read of a header-only file
// gives nil.
func norm(p Plan) Plan {
	if len(p.Staff) == 0 {
		p.Staff = nil
	}
	if len(p.Appointments) == 0 {
		p.Appointments = nil
	}
	if len(p.Sessions) == 0 {
		p.Sessions = nil
	}
	if len(p.Attendance) == 0 {
		p.Attendance = nil
	}
	if len(p.Unmet) == 0 {
		p.Unmet = nil
	}
	return p
}

func normC(c Caseload) Caseload {
	if len(c.Rows) == 0 {
		c.Rows = nil
	}
	if len(c.Moves) == 0 {
		c.Moves = nil
	}
	if len(c.Summary.Teams) == 0 {
		c.Summary.Teams = nil
	}
	return c
}
