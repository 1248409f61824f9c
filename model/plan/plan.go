// Package plan holds a written weekly rota: the rows of the files `rota solve`
// writes (docs/output-format.md), and their reading and atomic writing. The
// solver fills a Plan; the checker reads one back without the solver.
package plan

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/jszwec/csvutil"

	"github.com/probation/rota/model/internal/infile"
)

// Plan is a whole rota folder.
type Plan struct {
	Staff        []StaffRow
	Appointments []Appointment
	Sessions     []Session
	Attendance   []Attendance
	Unmet        []Unmet
	Summary      Summary
	// Regular is regular.csv: each person's regular appointment, written
	// when the week was planned after last week's rota (continuity.go);
	// empty otherwise, and then not written.
	Regular []RegularRow
	// Groups and GroupSessions (groups.go) are written only when the
	// week has group sessions or running groups.
	Groups        []Group
	GroupSessions []GroupSession
}

// StaffRow is one practitioner's slot on one day (staff.csv).
type StaffRow struct {
	Practitioner string `csv:"practitioner"`
	Name         string `csv:"name"`
	Date         string `csv:"date"`
	Weekday      string `csv:"weekday"`
	Site         string `csv:"site"`
	Slot         string `csv:"slot"`
	Start        string `csv:"start"` // the day's shift, HH:MM: the start of the first slot worked
	End          string `csv:"end"`   // the end of the last slot worked
	Activity     string `csv:"activity"`
	Detail       string `csv:"detail"`
}

// Activities of a staff row.
const (
	ActivityAppointments = "appointments"
	ActivityFacilitating = "facilitating"
	ActivitySupervising  = "supervising"
	ActivityOffice       = "office"
	ActivityAbsent       = "absent" // absences.csv; the detail is the reason
)

// Appointment is one supervision appointment (appointments.csv).
type Appointment struct {
	ServiceUser string  `csv:"service_user"`
	CaseManager string  `csv:"case_manager"`
	Site        string  `csv:"site"`
	Date        string  `csv:"date"`
	Weekday     string  `csv:"weekday"`
	Slot        string  `csv:"slot"`
	Start       string  `csv:"start"` // HH:MM, within the slot
	End         string  `csv:"end"`   // HH:MM
	Room        string  `csv:"room"`  // an interview room of the site, "Interview 1", …
	TravelKm    float64 `csv:"travel_km"`
}

// Kinds of a session row.
const (
	KindSession   = "session"
	KindWorkParty = "work_party"
	// SlotDay is the slot of a work party: every daytime slot of the day.
	SlotDay = "day"
)

// Session is a group session or a work party (sessions.csv).
type Session struct {
	ID           string  `csv:"session"`
	Kind         string  `csv:"kind"`
	Intervention string  `csv:"intervention"`
	Project      string  `csv:"project"`
	Site         string  `csv:"site"`
	Date         string  `csv:"date"`
	Weekday      string  `csv:"weekday"`
	Slot         string  `csv:"slot"`
	Start        string  `csv:"start"` // HH:MM: a session's slot start, a work party's first daytime slot
	End          string  `csv:"end"`   // HH:MM
	Room         string  `csv:"room"`  // a group room of the site, "Group room 1", …; empty for a work party
	Hours        float64 `csv:"hours"`
	Staff        string  `csv:"staff"`
	Attendees    string  `csv:"attendees"`
	Size         int     `csv:"size"`
}

// Attendance is one person at one session or work party (attendance.csv).
type Attendance struct {
	ServiceUser  string  `csv:"service_user"`
	Session      string  `csv:"session"`
	Kind         string  `csv:"kind"`
	Intervention string  `csv:"intervention"`
	Site         string  `csv:"site"`
	Date         string  `csv:"date"`
	Weekday      string  `csv:"weekday"`
	Slot         string  `csv:"slot"`
	Hours        float64 `csv:"hours"`
	TravelKm     float64 `csv:"travel_km"`
}

// Unmet is a requirement not fully planned, with the reason (unmet.csv).
type Unmet struct {
	ServiceUser  string  `csv:"service_user"`
	Kind         string  `csv:"kind"`
	Intervention string  `csv:"intervention"`
	CaseManager  string  `csv:"case_manager"` // the person's case manager; empty when unallocated
	Tier         string  `csv:"tier"`         // the person's tier (service_users.csv)
	RoSH         string  `csv:"rosh"`         // the person's risk of serious harm level
	Priority     int     `csv:"priority"`     // the requirement's priority, 1 (highest) to 5
	Due          float64 `csv:"due"`
	Planned      float64 `csv:"planned"`
	Unmet        float64 `csv:"unmet"`
	Unit         string  `csv:"unit"`
	Reason       string  `csv:"reason"`
}

// Summary is summary.json.
type Summary struct {
	Status       string   `json:"status"`
	Objective    float64  `json:"objective"`
	Bound        float64  `json:"bound"`
	Gap          float64  `json:"gap"`
	GapAbs       float64  `json:"gap_abs"`
	Terms        Terms    `json:"terms"`
	Coverage     Coverage `json:"coverage"`
	SessionsRun  int      `json:"sessions_run"`
	WorkParties  int      `json:"work_parties"`
	TravelKmMean float64  `json:"travel_km_mean"`
	TravelKmMax  float64  `json:"travel_km_max"`
	Seconds      float64  `json:"seconds"`
	Seed         int      `json:"seed"`

	// The staff's week (docs/output-format.md): late shifts worked
	// (practitioner-days with evening work), face-to-face hours by grade,
	// idle days ("practitioner date site": away from base with nothing
	// booked, where the usual pattern puts them) and km from base to the
	// day's site, one way, summed over practitioner-days.
	LateShifts   int                `json:"late_shifts"`
	ContactHours map[string]float64 `json:"contact_hours_by_grade,omitempty"`
	IdleDays     []string           `json:"idle_days,omitempty"`
	StaffKm      float64            `json:"staff_km"`

	// Continuity counts the changes from last week's rota, when the week
	// was planned with one (rota solve --previous).
	Continuity *Continuity `json:"continuity,omitempty"`
	// Running groups' sessions (groups.go): held as before, held with a
	// change, not held; each change with its reason. (New groups are
	// group_sessions.csv's rows of change "new".)
	GroupsKept    int           `json:"groups_kept,omitempty"`
	GroupsChanged int           `json:"groups_changed,omitempty"`
	GroupsMissed  int           `json:"groups_not_held,omitempty"`
	GroupChanges  []GroupChange `json:"group_changes,omitempty"`
}

// Terms are the objective's terms (docs/output-format.md).
type Terms struct {
	UnmetAppointments float64 `json:"unmet_appointments"`
	UnmetSessions     float64 `json:"unmet_sessions"`
	UnmetHours        float64 `json:"unmet_hours"`
	Travel            float64 `json:"travel"`
	WorstTravel       float64 `json:"worst_travel"`
	SessionsRun       float64 `json:"sessions_run"`
	PatternChanges    float64 `json:"pattern_changes"`
	StaffTravel       float64 `json:"staff_travel"`         // weight.staff_km × km from base to the day's site
	Continuity        float64 `json:"continuity,omitempty"` // with last week's rota: weight.previous_* × the changes (Summary.Continuity)
	// GroupContinuity prices running groups' sessions moved, facilitators
	// replaced and sessions not held (weight.group_*).
	GroupContinuity float64 `json:"group_continuity,omitempty"`
}

// Sum is the objective the terms add up to.
func (t Terms) Sum() float64 {
	return t.UnmetAppointments + t.UnmetSessions + t.UnmetHours + t.Travel + t.WorstTravel +
		t.SessionsRun + t.PatternChanges +
		t.StaffTravel + t.Continuity + t.GroupContinuity
}

// Coverage counts what was due and what was planned.
type Coverage struct {
	AppointmentsDue     int     `json:"appointments_due"`
	AppointmentsPlanned int     `json:"appointments_planned"`
	SessionsDue         int     `json:"sessions_due"`
	SessionsPlanned     int     `json:"sessions_planned"`
	HoursDue            float64 `json:"hours_due"`
	HoursPlanned        float64 `json:"hours_planned"`
}

// File names of a rota folder.
const (
	StaffFile        = "staff.csv"
	AppointmentsFile = "appointments.csv"
	SessionsFile     = "sessions.csv"
	AttendanceFile   = "attendance.csv"
	UnmetFile        = "unmet.csv"
	SummaryFile      = "summary.json"
)

// WriteDir writes every file of the plan into dir, creating it. Each file is
// written to a temporary file in dir and renamed into place; other files in
// dir are left alone. WriteFolder writes a whole folder as a unit instead.
func (p *Plan) WriteDir(dir string) error {
	return writeDir(dir, p.encode)
}

// WriteFolder writes every file of the plan into f, the new contents of an
// output folder (see Folder).
func (p *Plan) WriteFolder(f *Folder) error {
	return writeFolderFiles(f, p.encode)
}

// writeDir writes the encoded files into dir, creating it, each file
// atomically; other files in dir are left alone.
func writeDir(dir string, encode func() ([]namedFile, error)) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	files, err := encode()
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := WriteFileAtomic(filepath.Join(dir, f.name), f.b); err != nil {
			return err
		}
	}
	return nil
}

// writeFolderFiles writes the encoded files into f, the new contents of an
// output folder.
func writeFolderFiles(f FileWriter, encode func() ([]namedFile, error)) error {
	files, err := encode()
	if err != nil {
		return err
	}
	for _, file := range files {
		if err := f.WriteFile(file.name, file.b); err != nil {
			return err
		}
	}
	return nil
}

// namedFile is one encoded file of a folder.
type namedFile struct {
	name string
	b    []byte
}

// encode encodes the plan's files, the summary last.
func (p *Plan) encode() ([]namedFile, error) {
	tables := []struct {
		name string
		rows any
	}{
		{StaffFile, p.Staff},
		{AppointmentsFile, p.Appointments},
		{SessionsFile, p.Sessions},
		{AttendanceFile, p.Attendance},
		{UnmetFile, p.Unmet},
	}
	if len(p.Regular) > 0 {
		tables = append(tables, struct {
			name string
			rows any
		}{RegularFile, p.Regular})
	}
	if len(p.Groups) > 0 || len(p.GroupSessions) > 0 {
		tables = append(tables, []struct {
			name string
			rows any
		}{{GroupsFile, p.Groups}, {GroupSessionsFile, p.GroupSessions}}...)
	}
	var files []namedFile
	for _, t := range tables {
		b, err := EncodeCSV(t.rows)
		if err != nil {
			return nil, fmt.Errorf("plan: %s: %w", t.name, err)
		}
		files = append(files, namedFile{t.name, b})
	}
	b, err := json.MarshalIndent(p.Summary, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("plan: %s: %w", SummaryFile, err)
	}
	return append(files, namedFile{SummaryFile, append(b, '\n')}), nil
}

// EncodeCSV encodes a slice of rows with a header, even when it is empty.
func EncodeCSV(rows any) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	enc := csvutil.NewEncoder(w)
	if err := enc.Encode(rows); err != nil {
		return nil, err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	if buf.Len() == 0 { // an empty slice writes nothing; keep the header
		if err := enc.EncodeHeader(rows); err != nil {
			return nil, err
		}
		w.Flush()
	}
	return buf.Bytes(), w.Error()
}

// WriteFileAtomic writes b to a temporary file beside path and renames it
// into place, so that readers see the old file or the new one, never half.
func WriteFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	_, werr := f.Write(b)
	if werr == nil {
		werr = f.Sync()
	}
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp, 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, werr)
	}
	return nil
}

// ReadDir reads a rota folder written by WriteDir. Only regular files are
// read, within the limits of docs/data-format.md (file, line and cell
// length); a number that is not finite (NaN, Inf) is an error.
func ReadDir(dir string) (*Plan, error) {
	p := &Plan{}
	fsys := os.DirFS(dir)
	files := []struct {
		name string
		into any
	}{
		{StaffFile, &p.Staff},
		{AppointmentsFile, &p.Appointments},
		{SessionsFile, &p.Sessions},
		{AttendanceFile, &p.Attendance},
		{UnmetFile, &p.Unmet},
	}
	for _, f := range files {
		if err := readCSV(fsys, f.name, f.into); err != nil {
			return nil, fmt.Errorf("plan: %s: %w", f.name, err)
		}
	}
	if err := readGroups(fsys, p); err != nil {
		return nil, err
	}
	if err := readJSON(fsys, SummaryFile, &p.Summary); err != nil {
		return nil, fmt.Errorf("plan: %s: %w", SummaryFile, err)
	}
	if err := readRegular(fsys, p); err != nil {
		return nil, err
	}
	return p, nil
}

// readJSON decodes the JSON file name of fsys into v.
func readJSON(fsys fs.FS, name string, v any) error {
	b, err := infile.ReadFile(context.Background(), fsys, name, 0)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// readCSV decodes the CSV file name of fsys into the slice into points to.
func readCSV(fsys fs.FS, name string, into any) error {
	f, err := infile.Open(context.Background(), fsys, name)
	if err != nil {
		return err
	}
	defer f.Close()
	return decodeCSV(f, into)
}

// decodeCSV decodes every record of r into the slice into points to,
// refusing a number that is not finite.
func decodeCSV(r *infile.Reader, into any) error {
	dec, err := csvutil.NewDecoder(r)
	if err == io.EOF { // an empty file: no rows
		return nil
	}
	if err != nil {
		return err
	}
	rows := reflect.ValueOf(into).Elem()
	for {
		v := reflect.New(rows.Type().Elem())
		err := dec.Decode(v.Interface())
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if col := notFinite(v.Elem()); col != "" {
			return fmt.Errorf("line %d: %s: %q is not a finite number", r.Line(), col, dec.Record()[slices.Index(dec.Header(), col)])
		}
		rows.Set(reflect.Append(rows, v.Elem()))
	}
}

// notFinite gives the csv column of the first float field of the struct v
// that is NaN or infinite; "" when there is none.
func notFinite(v reflect.Value) string {
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			f = f.Elem()
		}
		if f.Kind() == reflect.Float64 && (math.IsNaN(f.Float()) || math.IsInf(f.Float(), 0)) {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("csv"), ",")
			return name
		}
	}
	return ""
}
