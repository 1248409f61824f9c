package plan

import (
	"encoding/json"
	"fmt"
	"os"
)

// The caseload folder: what balancing toward the target per practitioner
// writes (docs/caseload.md), read back by the checker.

// File names of the caseload output.
const (
	CaseloadFile        = "caseload.csv"
	MovesFile           = "moves.csv"
	CaseloadSummaryFile = "caseload.json"
)

// Caseload is a caseload folder's contents.
type Caseload struct {
	Rows    []CaseloadRow
	Moves   []Move
	Summary CaseloadSummary
}

// CaseloadRow is one case manager's line of caseload.csv. Capacities are empty
// for a practitioner without available points.
type CaseloadRow struct {
	Practitioner    string   `csv:"practitioner"`
	Team            string   `csv:"team"`
	Grade           string   `csv:"grade"`
	Hours           float64  `csv:"hours"`
	CasesBefore     int      `csv:"cases_before"`
	Cases           int      `csv:"cases"`
	PointsBefore    float64  `csv:"points_before"`
	Points          float64  `csv:"points"`
	AvailablePoints float64  `csv:"available_points"` // to 2 decimals
	CapacityBefore  *float64 `csv:"capacity_before"`  // %, to 2 decimals
	Capacity        *float64 `csv:"capacity"`
	Target          float64  `csv:"target"` // cases: target_cases × (hours − reduction) ÷ full_time_hours, to 2 decimals
	Change          int      `csv:"change"` // cases − cases_before
}

// Move is one line of moves.csv.
type Move struct {
	ServiceUser string  `csv:"service_user"`
	Team        string  `csv:"team"`
	From        string  `csv:"from"` // empty when unallocated
	To          string  `csv:"to"`
	Points      float64 `csv:"points"`
	Reason      string  `csv:"reason"`
}

// CaseloadSummary is caseload.json. Capacity figures are over case managers with
// available points; numbers are rounded to 2 decimals.
type CaseloadSummary struct {
	Status         string        `json:"status"` // optimal: every stage within its tolerance; feasible: some stopped on the time limit
	TargetCapacity float64       `json:"target_capacity"`
	TargetCases    float64       `json:"target_cases"`
	Before         CaseloadStats `json:"before"`
	After          CaseloadStats `json:"after"`
	// Moves are balance moves, RequiredMoves changes the rules forced,
	// Allocations unallocated cases given a case manager, Unplaced cases
	// nobody in their team may hold (left as they were).
	Moves         int `json:"moves"`
	RequiredMoves int `json:"required_moves"`
	Allocations   int `json:"allocations"`
	Unplaced      int `json:"unplaced"`
	// FromScratchMoves is the number of changes of case manager (among
	// cases that had one) of a from-scratch re-allocation; compare with
	// Moves + RequiredMoves.
	FromScratchMoves int `json:"from_scratch_moves"`
	// CasesPerFTE is all cases ÷ the case managers' FTE; TargetCases is the
	// target.
	CasesPerFTE float64 `json:"cases_per_fte"`
	// TargetMeasure is the one measure the staffing answer is stated in
	// (setting target_measure): "capacity" (points at target_capacity) or
	// "cases" (target_cases). ShortfallFTE is the answer: the teams'
	// positive shortfalls in that measure added up (a team's spare staff
	// does not take another team's cases). CrossCheckFTE is the same in
	// CrossCheckMeasure, the other measure: a cross-check only, not a
	// second answer.
	TargetMeasure     string  `json:"target_measure"`
	ShortfallFTE      float64 `json:"shortfall_fte"`
	CrossCheckMeasure string  `json:"cross_check_measure"`
	CrossCheckFTE     float64 `json:"cross_check_shortfall_fte"`
	// Unheld lists the cases nobody in their team may hold, each with the
	// reason (Unplaced counts them).
	Unheld  []UnheldCase   `json:"unheld"`
	Teams   []CaseloadTeam `json:"teams"`
	Seconds float64        `json:"seconds"`
}

// UnheldCase is a case nobody in its team may hold, left as it was: the
// reason names the grade it needs, that nobody of that grade in the team
// has room (available points), and the nearest team of its area that has.
type UnheldCase struct {
	ServiceUser string `json:"service_user"`
	Team        string `json:"team"`
	CaseManager string `json:"case_manager"` // kept, "" when unallocated
	Reason      string `json:"reason"`
	NearestTeam string `json:"nearest_team"` // "" when no team of the area has room
}

// CaseloadStats describe the case managers' capacity % (points ÷ available points
// × 100) at one time.
type CaseloadStats struct {
	Practitioners int     `json:"practitioners"`
	Cases         int     `json:"cases"`   // cases held
	Points        float64 `json:"points"`  // points held
	Overall       float64 `json:"overall"` // points held ÷ available points × 100
	Mean          float64 `json:"mean"`    // mean of the capacities
	Min           float64 `json:"min"`
	Max           float64 `json:"max"`
	Spread        float64 `json:"spread"`  // max − min
	StdDev        float64 `json:"std_dev"` // population standard deviation
	Over100       int     `json:"over_100"`
	Over110       int     `json:"over_110"`
}

// CaseloadTeam is one team's line of the summary: its staffing against the
// target, and what balancing did.
type CaseloadTeam struct {
	Team          string  `json:"team"`
	Cases         int     `json:"cases"`
	Points        float64 `json:"points"`
	Practitioners int     `json:"practitioners"` // case managers
	FTE           float64 `json:"fte"`           // contracted hours ÷ full_time_hours
	AvailableFTE  float64 `json:"available_fte"` // available points ÷ nominal_points
	CasesPerFTE   float64 `json:"cases_per_fte"`
	// ShortfallFTE is the shortfall in the summary's TargetMeasure:
	// by capacity, points ÷ (nominal_points × target_capacity ÷ 100) −
	// AvailableFTE; by cases, cases ÷ target_cases − FTE. CrossCheckFTE is
	// the other, a cross-check only. Negative is spare staff.
	ShortfallFTE  float64 `json:"shortfall_fte"`
	CrossCheckFTE float64 `json:"cross_check_shortfall_fte"`
	// Reachable is the best average capacity % any allocation gives: all
	// the team's points ÷ its available points × 100. Balancing cannot
	// lower it; when it is above the target only more staff (or fewer
	// cases) can.
	Reachable     float64 `json:"reachable_capacity"`
	MaxBefore     float64 `json:"max_before"`
	MaxAfter      float64 `json:"max_after"`
	Moves         int     `json:"moves"`
	RequiredMoves int     `json:"required_moves"`
	Allocations   int     `json:"allocations"`
	Unplaced      int     `json:"unplaced"`
	FromScratch   int     `json:"from_scratch_moves"`
	Status        string  `json:"status"`
	Seconds       float64 `json:"seconds"`
}

// TeamOf is the summary line of team id.
func (s *CaseloadSummary) TeamOf(id string) (CaseloadTeam, bool) {
	for _, t := range s.Teams {
		if t.Team == id {
			return t, true
		}
	}
	return CaseloadTeam{}, false
}

// WriteDir writes caseload.csv, moves.csv and caseload.json into dir,
// creating it; each file is written atomically and other files in dir are
// left alone. WriteFolder writes them into a folder written as a unit.
func (c *Caseload) WriteDir(dir string) error {
	return writeDir(dir, c.encode)
}

// WriteFolder writes caseload.csv, moves.csv and caseload.json into f, the
// new contents of an output folder (see Folder).
func (c *Caseload) WriteFolder(f *Folder) error {
	return writeFolderFiles(f, c.encode)
}

// encode encodes the caseload files, the summary last.
func (c *Caseload) encode() ([]namedFile, error) {
	var files []namedFile
	for _, t := range []struct {
		name string
		rows any
	}{{CaseloadFile, c.Rows}, {MovesFile, c.Moves}} {
		b, err := EncodeCSV(t.rows)
		if err != nil {
			return nil, fmt.Errorf("plan: %s: %w", t.name, err)
		}
		files = append(files, namedFile{t.name, b})
	}
	b, err := json.MarshalIndent(c.Summary, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("plan: %s: %w", CaseloadSummaryFile, err)
	}
	return append(files, namedFile{CaseloadSummaryFile, append(b, '\n')}), nil
}

// ReadCaseloadDir reads a caseload folder written by WriteDir, within the
// limits ReadDir keeps.
func ReadCaseloadDir(dir string) (*Caseload, error) {
	c := &Caseload{}
	fsys := os.DirFS(dir)
	for _, f := range []struct {
		name string
		into any
	}{{CaseloadFile, &c.Rows}, {MovesFile, &c.Moves}} {
		if err := readCSV(fsys, f.name, f.into); err != nil {
			return nil, fmt.Errorf("plan: %s: %w", f.name, err)
		}
	}
	if err := readJSON(fsys, CaseloadSummaryFile, &c.Summary); err != nil {
		return nil, fmt.Errorf("plan: %s: %w", CaseloadSummaryFile, err)
	}
	return c, nil
}
