package model

import "time"

// Region is one planning week's whole input: every entity of the data
// folder, validated and cross-referenced. Slices keep the order of their
// files, which makes everything built from a Region deterministic.
type Region struct {
	Settings        Settings
	Sites           []Site
	Teams           []Team
	Practitioners   []Practitioner
	ServiceUsers    []ServiceUser
	Requirements    []Requirement
	Interventions   []Intervention
	Projects        []Project
	NonAssociations []NonAssociation
	Absences        []Absence        // absences.csv, optional
	Unavailability  []Unavailability // unavailability.csv, optional
	Pins            Pins             // pins.csv, optional (pins.go); a re-plan's kept bookings
	Groups          []Group          // groups.csv, optional: the groups now running

	// Warnings are problems that do not stop planning (unknown columns,
	// for example); each names its file and line like an error does.
	Warnings []string

	index
	away awayIndex // absences and unavailability by weekday and slot (absence.go)
}

// Site is a place where appointments, sessions or work parties happen: the
// teams' base office or a partner or community site open to us on some days.
// File sites.csv.
type Site struct {
	ID             string   `csv:"id"`
	Name           string   `csv:"name"`
	Partner        string   `csv:"partner,omitempty"`
	Town           string   `csv:"town"`
	Lat            float64  `csv:"lat"`
	Lon            float64  `csv:"lon"`
	OpenDays       Weekdays `csv:"open_days"`
	GroupRooms     int      `csv:"group_rooms"`
	SeatsPerRoom   int      `csv:"seats_per_room"`
	InterviewRooms int      `csv:"interview_rooms"`
	WomenOnly      bool     `csv:"women_only,omitempty"`
	StepFree       bool     `csv:"step_free,omitempty"`
	// Area, when given, reserves the site to one area (teams.csv area):
	// only that area's people are seen there and only its staff work
	// there. Empty: any area may use it.
	Area string `csv:"area,omitempty"`
	// WomenStaff: only women practitioners work here (practitioners.csv
	// gender female).
	WomenStaff bool `csv:"women_staff,omitempty"`
}

// Team is a case-management team; teams are the unit a case stays within
// and, through Area, the unit large regions are split by. File teams.csv.
type Team struct {
	ID   string `csv:"id"`
	Name string `csv:"name"`
	Base string `csv:"base"`           // site id of the team's base office
	Area string `csv:"area,omitempty"` // Load fills empty with the team id
}

// Grade is a practitioner's grade or role.
type Grade string

// Grades. Probation officers (PO) and probation service officers (PSO) hold
// cases; programme facilitators and unpaid-work supervisors do not.
const (
	GradePO          Grade = "PO"
	GradePSO         Grade = "PSO"
	GradeFacilitator Grade = "facilitator"
	GradeSupervisor  Grade = "supervisor"
)

// HoldsCases reports whether a practitioner of this grade may be a case manager.
func (g Grade) HoldsCases() bool { return g == GradePO || g == GradePSO }

// Practitioner is a member of staff. File practitioners.csv.
type Practitioner struct {
	ID              string      `csv:"id"`
	Name            string      `csv:"name"`
	Team            string      `csv:"team"`
	Grade           Grade       `csv:"grade"`
	ContractedHours float64     `csv:"contracted_hours"`
	ReductionHours  float64     `csv:"reduction_hours,omitempty"`
	BaseSite        string      `csv:"base_site"`
	Days            Weekdays    `csv:"days"`              // days worked; Load fills empty with Monday to Friday
	Pattern         Pattern     `csv:"pattern,omitempty"` // usual site per weekday, e.g. "tue:oakham thu:melton"
	Skills          List        `csv:"skills,omitempty"`  // intervention skills held, and "unpaid_work"
	MaxSessions     int         `csv:"max_sessions,omitempty"`
	Gender          StaffGender `csv:"gender,omitempty"` // female, male or empty (not given)
	// LateDays are the weekdays they may work an evening (a late shift);
	// empty: at most max_late_days of their days, chosen by the planner.
	LateDays Weekdays `csv:"late_days,omitempty"`
}

// Gender of a service user, and the gender an intervention is for.
type Gender string

// Genders. GenderAny is only meaningful for interventions.
const (
	GenderFemale Gender = "female"
	GenderMale   Gender = "male"
	GenderAny    Gender = "any"
)

// CaseType is the kind of sentence a case is on.
type CaseType string

// Case types: a community sentence (community or suspended sentence
// order), a post-release licence, or a person in custody whose release is
// being prepared (pre-release). Custody cases count in caseloads, with
// points of their own, and need no weekly appointment unless a requirement
// row asks for one.
const (
	Community CaseType = "community"
	Licence   CaseType = "licence"
	Custody   CaseType = "custody"
)

// RoSH is a risk of serious harm level.
type RoSH = string

// RoSH levels. Since June 2021 one Probation Service holds every level;
// high and very high cases go to probation officers only (po_only_rosh).
const (
	RoSHLow      RoSH = "low"
	RoSHMedium   RoSH = "medium"
	RoSHHigh     RoSH = "high"
	RoSHVeryHigh RoSH = "very_high"
)

// RoSHLevels lists the levels, lowest first.
func RoSHLevels() []RoSH { return []RoSH{RoSHLow, RoSHMedium, RoSHHigh, RoSHVeryHigh} }

// ServiceUser is a person on probation, known by a pseudonymous case
// reference. File service_users.csv.
type ServiceUser struct {
	ID          string    `csv:"id"`
	Team        string    `csv:"team"`
	CaseManager string    `csv:"case_manager,omitempty"` // empty = unallocated
	Lat         float64   `csv:"lat,omitempty"`
	Lon         float64   `csv:"lon,omitempty"`
	Town        string    `csv:"town,omitempty"` // used for the home location when lat/lon are empty
	Gender      Gender    `csv:"gender"`
	DOB         Date      `csv:"dob"`
	RoSH        string    `csv:"rosh"` // risk of serious harm: low, medium, high or very_high
	Tier        Tier      `csv:"tier"`
	CaseType    CaseType  `csv:"case_type"`
	IOM         bool      `csv:"iom,omitempty"`
	MAPPA       int       `csv:"mappa,omitempty"`        // MAPPA level 1–3; 0 = none
	LastContact Date      `csv:"last_contact,omitempty"` // last supervision contact; empty = unknown (contact due this week)
	Available   SlotSet   `csv:"available,omitempty"`    // empty = every slot
	StepFree    bool      `csv:"step_free,omitempty"`    // needs step-free access
	Flags       List      `csv:"flags,omitempty"`        // risk flags: child_protection, sexual_offence
	HomeLat     float64   `csv:"-"`                      // resolved home location
	HomeLon     float64   `csv:"-"`
	Age         int       `csv:"-"` // age in whole years at the planning week's start
	Birth       time.Time `csv:"-"`
}

// RequirementKind is what a requirement asks for this week.
type RequirementKind string

// Requirement kinds.
const (
	KindAppointment  RequirementKind = "appointment"  // supervision appointments with the case manager
	KindIntervention RequirementKind = "intervention" // sessions of a programme, pathway or group work
	KindRAR          RequirementKind = "rar"          // RAR activity: sessions of a pathway or group intervention
	KindUnpaidWork   RequirementKind = "unpaid_work"  // unpaid-work hours
)

// Requirement is what is due for one service user this week. File
// requirements.csv.
type Requirement struct {
	ServiceUser      string          `csv:"service_user"`
	Kind             RequirementKind `csv:"kind"`
	Intervention     string          `csv:"intervention,omitempty"`
	Sessions         int             `csv:"sessions,omitempty"` // appointments or sessions due; Load fills 0 (appointments from the settings by tier or IOM, others 1)
	Hours            float64         `csv:"hours,omitempty"`    // unpaid-work hours to plan this week
	HoursOutstanding float64         `csv:"hours_outstanding,omitempty"`
	OrderEnd         Date            `csv:"order_end,omitempty"` // unpaid work: the last day to work the hours (docs/model.md, "The order's clock"); empty = no clock
	Priority         int             `csv:"priority,omitempty"`  // 1 (highest) to 5; Load fills 0 with 3
	Line             int             `csv:"-"`                   // line in requirements.csv, for messages

	// Induction marks an appointment requirement whose appointments are
	// inductions (first appointments), induction_minutes long.
	Induction bool `csv:"induction,omitempty"`
}

// InterventionKind classifies the catalogue.
type InterventionKind string

// Intervention kinds.
const (
	Programme  InterventionKind = "programme" // nationally accredited programme
	Pathway    InterventionKind = "pathway"   // structured (pathway) intervention
	UnpaidWork InterventionKind = "unpaid_work"
	GroupWork  InterventionKind = "group" // other group work
)

// Intervention is one entry of the catalogue. File interventions.csv.
type Intervention struct {
	ID           string           `csv:"id"`
	Name         string           `csv:"name"`
	Kind         InterventionKind `csv:"kind"`
	SessionHours float64          `csv:"session_hours"`
	MinGroup     int              `csv:"min_group"`
	MaxGroup     int              `csv:"max_group"`
	Facilitators int              `csv:"facilitators"`
	Skill        string           `csv:"skill,omitempty"`  // Load fills empty with the intervention's id
	Gender       Gender           `csv:"gender,omitempty"` // Load fills empty with any
	MinAge       int              `csv:"min_age,omitempty"`
	MaxAge       int              `csv:"max_age,omitempty"` // 0 = no upper limit
	Sites        List             `csv:"sites,omitempty"`   // empty = any site
	// FacilitatorGenders: any (empty), female (women only) or mixed (at
	// least one woman and one man among two or more facilitators).
	FacilitatorGenders FacilitatorGenders `csv:"facilitator_genders,omitempty"`
	// TotalSessions is the programme's published number of group
	// sessions; 0 = not given (a group runs until it is dropped).
	TotalSessions int `csv:"total_sessions,omitempty"`
	// SessionsPerWeek is how many sessions a group holds a week; Load
	// fills 0 with 1.
	SessionsPerWeek int `csv:"sessions_per_week,omitempty"`
}

// Project is an unpaid-work (Community Payback) project that runs work
// parties on some days. File projects.csv.
type Project struct {
	ID          string   `csv:"id"`
	Name        string   `csv:"name"`
	Site        string   `csv:"site"` // site id where the party meets
	Days        Weekdays `csv:"days"`
	Places      int      `csv:"places"`          // people per work party
	Supervisors int      `csv:"supervisors"`     // supervisors per party; Load fills 0 with 1
	Hours       float64  `csv:"hours,omitempty"` // hours worked a day; Load fills 0 with 7
	WomenOnly   bool     `csv:"women_only,omitempty"`
}

// NonAssociation is a pair of service users who must never share a session
// or work party. File non_associations.csv.
type NonAssociation struct {
	A      string `csv:"service_user_a"`
	B      string `csv:"service_user_b"`
	Reason string `csv:"reason,omitempty"`
}
