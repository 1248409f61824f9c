package plan

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// TestReadDirLimits: the rota files are read within the limits of the
// data folder's files, and a number that is not finite is refused.
func TestReadDirLimits(t *testing.T) {
	p := Plan{
		Appointments: []Appointment{{ServiceUser: "u1", CaseManager: "p1", Site: "hinckley", Date: "2018-06-04", Weekday: "mon", Slot: "morning", TravelKm: 3.2}},
		Summary:      Summary{Status: "optimal"},
	}
	tests := []struct {
		name string
		edit func(dir string) error
		want string
	}{
		{"NaN travel_km", replace(AppointmentsFile, "3.2", "NaN"), `plan: appointments.csv: line 2: travel_km: "NaN" is not a finite number`},
		{"Inf travel_km", replace(AppointmentsFile, "3.2", "+Inf"), `plan: appointments.csv: line 2: travel_km: "+Inf" is not a finite number`},
		{"a line of commas", appendTo(StaffFile, strings.Repeat(",", 10<<20)), "plan: staff.csv: line 2: a record is longer than 64 KiB"},
		{"a FIFO", func(dir string) error {
			os.Remove(filepath.Join(dir, SessionsFile))
			return syscall.Mkfifo(filepath.Join(dir, SessionsFile), 0o644)
		}, "plan: sessions.csv: is not a regular file (a named pipe)"},
		{"summary.json a link to /dev/zero", func(dir string) error {
			os.Remove(filepath.Join(dir, SummaryFile))
			return os.Symlink("/dev/zero", filepath.Join(dir, SummaryFile))
		}, "plan: summary.json: is not a regular file (a device)"},
		{"empty rows below", appendTo(AppointmentsFile, strings.Repeat(",,,,,,\n", 50)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := p.WriteDir(dir); err != nil {
				t.Fatal(err)
			}
			if err := tt.edit(dir); err != nil {
				t.Skipf("cannot make it here: %v", err)
			}
			got, err := ReadDir(dir)
			if tt.want == "" {
				if err != nil || len(got.Appointments) != 1 {
					t.Errorf("ReadDir = %v, %v; want one appointment", got, err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ReadDir: %v; want %s…", err, tt.want)
			}
		})
	}
}

func replace(name, old, new string) func(string) error {
	return func(dir string) error {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	}
}

func appendTo(name, text string) func(string) error {
	return func(dir string) error {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = f.WriteString(text + "\n")
		return err
	}
}

// FuzzReadCSV: any bytes as a rota file decode or give an error, never a
// panic, and never a number that is not finite.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"service_user,case_manager,site,date,weekday,slot,travel_km\nu1,p1,s,2018-06-04,mon,morning,3.2\n",
		"travel_km\nNaN\n", "travel_km\n1e999\n", "a,b\n\"", "\xff\xfe"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var rows []Appointment
		if err := readCSV(fstest.MapFS{"a.csv": {Data: data}}, "a.csv", &rows); err != nil {
			return
		}
		for _, r := range rows {
			if math.IsNaN(r.TravelKm) || math.IsInf(r.TravelKm, 0) {
				t.Fatalf("travel_km %g decoded", r.TravelKm)
			}
		}
	})
}
