package model

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Settings are the week's planning settings, read from settings.csv, a
// two-column file (key,value). Every key has a default, so the file may be
// absent or list only what differs. DefaultSettings gives the defaults.
type Settings struct {
	WeekStart    Date    // key week_start: the Monday of the planning week
	Slots        []Slot  // key slots: the slots of a day with their hours, e.g. "morning:09:00-12:30 afternoon:13:30-17:00 evening:17:30-20:00"
	BankHolidays []Date  // key bank_holidays: dates that are not working days
	MaxTravelKm  float64 // key max_travel_km: furthest a service user is asked to travel (straight-line km)

	// Supervision appointments due a week by tier letter (keys
	// appointments.A … appointments.D) and for IOM cases (appointments.iom),
	// used when a requirement gives no count; and their length.
	AppointmentsByTier map[byte]int
	AppointmentsIOM    int
	AppointmentMinutes int // key appointment_minutes
	InductionMinutes   int // key induction_minutes: the length of an induction (requirements.csv induction)

	// Contact frequency: appointments due in a week in which contact is due
	// for a high or very high RoSH case (key appointments.rosh_high), and
	// the weeks between contacts by tier letter (keys contact_weeks.A …
	// contact_weeks.D), for IOM cases (contact_weeks.iom) and for high or
	// very high RoSH cases (contact_weeks.rosh_high). A case takes the most
	// frequent that applies; with last_contact given, contact is due this
	// week when last_contact + weeks × 7 days falls on or before its
	// Sunday. Custody cases have none. See Settings.AppointmentsFor.
	AppointmentsRoSHHigh int
	ContactWeeks         map[byte]int
	ContactWeeksIOM      int
	ContactWeeksRoSHHigh int

	// Caseload targets (keys target_cases, target_capacity).
	FullTimeHours  float64 // key full_time_hours: contracted hours of a full-time practitioner (37)
	TargetCases    float64 // cases per full-time case manager
	TargetCapacity float64 // capacity % a practitioner is balanced toward (100)
	NominalPoints  float64 // key nominal_points: available points of a full-time practitioner (2176)
	// TargetMeasure (key target_measure) is the one measure the staffing
	// shortfall is stated in: TargetByCapacity (points, the default) or
	// TargetByCases; the other is shown only as a labelled cross-check.
	TargetMeasure string

	// Workload points per case: keys points.community.A3, points.licence.B2,
	// points.custody.C1, and points.t2a.C1 (cases flagged t2a, transition
	// to adulthood; points.young.* is the same table under its old name).
	Points map[CaseType]map[Tier]float64
	Young  map[Tier]float64

	// Caseload balancing rules.
	MovePenalty         float64  // key move_penalty: cost of changing a case manager, in capacity-% points
	MaxMoves            int      // key max_moves: moves in total; 0 = no cap
	MaxMovesPerPractice int      // key max_moves_per_practitioner: 0 = no cap
	POOnlyTiers         []Tier   // key po_only_tiers: tiers only a probation officer may hold
	POOnlyFlags         []string // key po_only_flags: risk flags that keep a case with a probation officer
	POOnlyIOM           bool     // key po_only_iom
	POOnlyRoSH          []string // key po_only_rosh: RoSH levels only a probation officer may hold (high very_high)
	CrossTeamPOOnly     bool     // key po_only_cross_team: a PO-only case no PO of its team may hold may go to the nearest team of its area with one (off: left unheld, with the reason)
	OneSessionPerDay    bool     // key one_session_per_day
	NoLoneWoman         bool     // key no_lone_woman: no woman alone among men in an unpaid-work party
	// NonAssociationAppointments keeps two people under a non-association
	// from being booked at one site in one slot (they would meet in the
	// waiting room): appointments, sessions and work parties alike.
	NonAssociationAppointments bool    // key non_association_appointments
	PatternChangePenalty       float64 // key pattern_change_penalty: < 0 (default) keeps usual patterns fixed; Weights.PatternChange mirrors it

	// Objective weights (keys weight.*). See docs/data-format.md.
	Weights Weights
	// UrgencyCap (key unpaid_work_urgency_cap) is the most an order's
	// clock multiplies the price of its unmet hours by (≥ 1, default 3;
	// docs/model.md, "The order's clock").
	UrgencyCap float64

	// Shifts and contact time (docs/model.md, "Staff rules").
	MaxLateDays  int               // key max_late_days: late shifts (evening work) a week for a practitioner without late_days (0–5, default 1)
	ContactShare map[Grade]float64 // keys contact_share (PO and PSO) and contact_share.<grade>: face-to-face hours ÷ (contracted − reduction hours)
}

// Weights price the soft goals of the weekly model.
type Weights struct {
	UnmetAppointment float64 // per appointment not booked, before priority and tier scaling
	UnmetSession     float64 // per programme or pathway session not booked
	UnmetHour        float64 // per unpaid-work hour not planned
	TravelKm         float64 // per km travelled by a service user, one way
	WorstTravelKm    float64 // per km of the longest single journey
	SessionRun       float64 // per session run (fewer, fuller sessions)
	PatternChange    float64 // per practitioner-day away from the usual pattern: PatternChangePenalty when ≥ 0, else 0 (patterns fixed)
	StaffKm          float64 // key weight.staff_km: per km from a practitioner's base to the day's site, one way
	// With last week's rota (rota solve --previous; solver/constraint_continuity.go):
	PreviousAppointment float64 // key weight.previous_appointment: per appointment of a person seen last week not on last week's weekday, slot and site
	PreviousStaffDay    float64 // key weight.previous_staff_day: per practitioner-day at another site than on that weekday last week
	// Running groups (groups.csv): keys weight.group_move (a session away
	// from the group's site, weekday or slot), weight.group_facilitator
	// (each facilitator not the group's own) and weight.group_not_held (a
	// session due not held). Local settings.
	GroupMove, GroupFacilitator, GroupNotHeld float64
}

// Slot is one time slot of a working day.
type Slot struct {
	Name  string
	Start int // minutes after midnight
	End   int
}

// Minutes is the slot's length.
func (s Slot) Minutes() int { return s.End - s.Start }

// String gives "name:HH:MM-HH:MM".
func (s Slot) String() string {
	return fmt.Sprintf("%s:%02d:%02d-%02d:%02d", s.Name, s.Start/60, s.Start%60, s.End/60, s.End%60)
}

// The national workload points tables, from the national workload
// measurement tool's seed data: ministryofjustice/wmt-db,
// src/main/resources/db/migration/V1_1__SEED_REF_DATA.sql (commit
// 261c7a5de19e09bbd20ff6a992e7a66cf1a22c93), table workload_points, whose
// tiers 1–16 are A3 … D0 (V1_13__ADD_REF_DATA.sql, case_category). The
// source gives 0 for the A0, B0, C0 and D0 cells of the custody, licence
// and T2A tables: such a case counts in caseloads but weighs no points.
// The T2A row (is_t2a) has one table for every case type. See
// docs/caseload.md.
var (
	communityPoints = map[Tier]float64{
		"A3": 206, "A2": 158, "A1": 146, "A0": 110,
		"B3": 146, "B2": 115, "B1": 102, "B0": 72,
		"C3": 79, "C2": 63, "C1": 50, "C0": 35,
		"D3": 51, "D2": 41, "D1": 29, "D0": 29,
	}
	licencePoints = map[Tier]float64{
		"A3": 219, "A2": 175, "A1": 163, "A0": 0,
		"B3": 161, "B2": 132, "B1": 119, "B0": 0,
		"C3": 77, "C2": 65, "C1": 52, "C0": 0,
		"D3": 51, "D2": 43, "D1": 31, "D0": 0,
	}
	custodyPoints = map[Tier]float64{
		"A3": 75, "A2": 60, "A1": 59, "A0": 0,
		"B3": 59, "B2": 48, "B1": 47, "B0": 0,
		"C3": 30, "C2": 24, "C1": 23, "C0": 0,
		"D3": 17, "D2": 14, "D1": 13, "D0": 0,
	}
	t2aPoints = maps.Clone(custodyPoints) // the T2A row equals the custody row
)

// Target measures (key target_measure).
const (
	TargetByCapacity = "capacity"
	TargetByCases    = "cases"
)

// DefaultSettings gives the settings used for every key settings.csv does
// not give. Each call returns fresh maps and slices.
func DefaultSettings() Settings {
	return Settings{
		WeekStart:          MustDate("2018-06-04"),
		Slots:              []Slot{{"morning", 9 * 60, 12*60 + 30}, {"afternoon", 13*60 + 30, 17 * 60}, {"evening", 17*60 + 30, 20 * 60}},
		MaxTravelKm:        25,
		AppointmentsByTier: map[byte]int{'A': 1, 'B': 1, 'C': 1, 'D': 1}, // local settings, as below
		AppointmentsIOM:    2,
		AppointmentMinutes: 45,
		InductionMinutes:   90,
		FullTimeHours:      37,
		TargetCases:        57.1,
		TargetCapacity:     100,
		NominalPoints:      2176,

		// Contact frequency: local settings. No public source gives a
		// frequency by tier or RoSH (National Standards 2015 set no minimum;
		// the 2005 contact levels are superseded and unread); what was
		// searched is in docs/caseload.md#contact-frequency.
		AppointmentsRoSHHigh: 1,
		ContactWeeks:         map[byte]int{'A': 1, 'B': 2, 'C': 4, 'D': 4},
		ContactWeeksIOM:      1,
		ContactWeeksRoSHHigh: 1,
		TargetMeasure:        TargetByCapacity,

		Points: map[CaseType]map[Tier]float64{
			Community: maps.Clone(communityPoints),
			Licence:   maps.Clone(licencePoints),
			Custody:   maps.Clone(custodyPoints),
		},
		Young:                      maps.Clone(t2aPoints),
		MovePenalty:                5,
		POOnlyTiers:                []Tier{"A3", "A2", "A1", "A0"},
		POOnlyFlags:                []string{FlagChildProtection, FlagSexualOffence},
		POOnlyIOM:                  true,
		POOnlyRoSH:                 []string{RoSHHigh, RoSHVeryHigh},
		OneSessionPerDay:           true,
		NoLoneWoman:                true,
		NonAssociationAppointments: true,
		PatternChangePenalty:       -1,
		Weights: Weights{
			UnmetAppointment: 100,
			UnmetSession:     60,
			UnmetHour:        10,
			TravelKm:         0.2,
			WorstTravelKm:    1,
			SessionRun:       5,
			StaffKm:          0.01,
			// Local settings (docs/data-format.md): below the least
			// priced unmet appointment (100 × 1/3 × 0.8), so keeping
			// last week's time never costs a booking.
			PreviousAppointment: 5,
			PreviousStaffDay:    5,
			GroupMove:           300,
			GroupFacilitator:    150,
			GroupNotHeld:        600, // dearer than a move (group_move), so a group moves before it is cancelled
		},
		MaxLateDays: 1,
		UrgencyCap:  3, // a local setting (docs/model.md, "The order's clock")
		// NOMS (2008), in a parliamentary answer of 2010: 24% of PO and
		// PSO time in direct contact with people on probation
		// (docs/model.md). Facilitators and supervisors deliver all day.
		ContactShare: map[Grade]float64{GradePO: 0.24, GradePSO: 0.24, GradeFacilitator: 1, GradeSupervisor: 1},
	}
}

// Risk flags a service user may carry.
const (
	FlagChildProtection = "child_protection"
	FlagSexualOffence   = "sexual_offence"
	// FlagT2A marks a transition-to-adulthood case, weighed by the T2A
	// points table (points.t2a.*).
	FlagT2A = "t2a"
)

var knownFlags = []string{FlagChildProtection, FlagSexualOffence, FlagT2A}

// setting is one key of settings.csv and how to store its value.
type setting struct {
	key string
	set func(s *Settings, v string) error
}

// settingKeys lists every key of settings.csv, in the documented order.
var settingKeys = func() []setting {
	ks := []setting{
		{"week_start", func(s *Settings, v string) error {
			d, err := ParseDate(v)
			if err != nil {
				return err
			}
			if WeekdayOf(d.Time) != Mon {
				return fmt.Errorf("%s is a %s, not a Monday", d, d.Weekday())
			}
			s.WeekStart = d
			return nil
		}},
		{"slots", func(s *Settings, v string) error {
			slots, err := parseSlots(v)
			if err != nil {
				return err
			}
			s.Slots = slots
			return nil
		}},
		{"bank_holidays", func(s *Settings, v string) error {
			var ds []Date
			for _, tok := range splitList(v) {
				d, err := ParseDate(tok)
				if err != nil {
					return err
				}
				ds = append(ds, d)
			}
			s.BankHolidays = ds
			return nil
		}},
		{"max_travel_km", numberSetting(func(s *Settings) *float64 { return &s.MaxTravelKm }, 0, limits.travelKm, false)},
	}
	for _, l := range "ABCD" {
		ks = append(ks, setting{"appointments." + string(l), func(s *Settings, v string) error {
			n, err := intInRange(v, 0, 10)
			if err != nil {
				return err
			}
			s.AppointmentsByTier[byte(l)] = n
			return nil
		}})
	}
	ks = append(ks,
		setting{"appointments.iom", intSetting(func(s *Settings) *int { return &s.AppointmentsIOM }, 0, 10)},
		setting{"appointment_minutes", intSetting(func(s *Settings) *int { return &s.AppointmentMinutes }, 1, 480)},
		setting{"induction_minutes", intSetting(func(s *Settings) *int { return &s.InductionMinutes }, 1, 480)},
		setting{"appointments.rosh_high", intSetting(func(s *Settings) *int { return &s.AppointmentsRoSHHigh }, 0, 10)},
	)
	for _, l := range "ABCD" {
		ks = append(ks, setting{"contact_weeks." + string(l), func(s *Settings, v string) error {
			n, err := intInRange(v, 1, 52)
			if err != nil {
				return err
			}
			s.ContactWeeks[byte(l)] = n
			return nil
		}})
	}
	ks = append(ks,
		setting{"contact_weeks.iom", intSetting(func(s *Settings) *int { return &s.ContactWeeksIOM }, 1, 52)},
		setting{"contact_weeks.rosh_high", intSetting(func(s *Settings) *int { return &s.ContactWeeksRoSHHigh }, 1, 52)},
		setting{"full_time_hours", numberSetting(func(s *Settings) *float64 { return &s.FullTimeHours }, 1, 48, true)},
		setting{"target_cases", numberSetting(func(s *Settings) *float64 { return &s.TargetCases }, 1, limits.targetCases, true)},
		setting{"target_capacity", numberSetting(func(s *Settings) *float64 { return &s.TargetCapacity }, 1, limits.capacity, true)},
		setting{"nominal_points", numberSetting(func(s *Settings) *float64 { return &s.NominalPoints }, limits.nominalLo, limits.nominalHi, true)},
		setting{"target_measure", func(s *Settings, v string) error {
			m := strings.ToLower(strings.TrimSpace(v))
			if m != TargetByCapacity && m != TargetByCases {
				return fmt.Errorf("%q is not %s or %s", v, TargetByCapacity, TargetByCases)
			}
			s.TargetMeasure = m
			return nil
		}},
	)
	for _, table := range []string{"community", "licence", "custody", "t2a", "young"} {
		for _, t := range Tiers() {
			ks = append(ks, setting{"points." + table + "." + string(t), func(s *Settings, v string) error {
				x, err := numberInRange(v, 0, limits.points, true)
				if err != nil {
					return err
				}
				switch table {
				case "t2a", "young":
					s.Young[t] = x
				default:
					s.Points[CaseType(table)][t] = x
				}
				return nil
			}})
		}
	}
	ks = append(ks,
		setting{"unpaid_work_urgency_cap", numberSetting(func(s *Settings) *float64 { return &s.UrgencyCap }, 1, 10, true)},
		setting{"move_penalty", numberSetting(func(s *Settings) *float64 { return &s.MovePenalty }, 0, limits.weight, true)},
		setting{"max_moves", intSetting(func(s *Settings) *int { return &s.MaxMoves }, 0, limits.moves)},
		setting{"max_moves_per_practitioner", intSetting(func(s *Settings) *int { return &s.MaxMovesPerPractice }, 0, limits.moves)},
		setting{"po_only_tiers", func(s *Settings, v string) error {
			var ts []Tier
			for _, tok := range splitList(v) {
				t, err := ParseTier(tok)
				if err != nil {
					return err
				}
				ts = append(ts, t)
			}
			s.POOnlyTiers = ts
			return nil
		}},
		setting{"po_only_flags", func(s *Settings, v string) error {
			fs := splitList(v)
			for _, f := range fs {
				if !slices.Contains(knownFlags, f) {
					return badValue(f, "is not one of %s", strings.Join(knownFlags, ", "))
				}
			}
			s.POOnlyFlags = fs
			return nil
		}},
		setting{"po_only_iom", boolSetting(func(s *Settings) *bool { return &s.POOnlyIOM })},
		setting{"po_only_rosh", func(s *Settings, v string) error {
			ls := splitList(strings.ToLower(v))
			for _, l := range ls {
				if !slices.Contains(RoSHLevels(), l) {
					return fmt.Errorf("%q is not one of %s", l, strings.Join(RoSHLevels(), ", "))
				}
			}
			s.POOnlyRoSH = ls
			return nil
		}},
		setting{"po_only_cross_team", boolSetting(func(s *Settings) *bool { return &s.CrossTeamPOOnly })},
		setting{"one_session_per_day", boolSetting(func(s *Settings) *bool { return &s.OneSessionPerDay })},
		setting{"no_lone_woman", boolSetting(func(s *Settings) *bool { return &s.NoLoneWoman })},
		setting{"non_association_appointments", boolSetting(func(s *Settings) *bool { return &s.NonAssociationAppointments })},
		setting{"pattern_change_penalty", numberSetting(func(s *Settings) *float64 { return &s.PatternChangePenalty }, -limits.weight, limits.weight, true)},
		setting{"weight.unmet_appointment", weightSetting(func(s *Settings) *float64 { return &s.Weights.UnmetAppointment })},
		setting{"weight.unmet_session", weightSetting(func(s *Settings) *float64 { return &s.Weights.UnmetSession })},
		setting{"weight.unmet_hour", weightSetting(func(s *Settings) *float64 { return &s.Weights.UnmetHour })},
		setting{"weight.travel_km", weightSetting(func(s *Settings) *float64 { return &s.Weights.TravelKm })},
		setting{"weight.worst_travel_km", weightSetting(func(s *Settings) *float64 { return &s.Weights.WorstTravelKm })},
		setting{"weight.session_run", weightSetting(func(s *Settings) *float64 { return &s.Weights.SessionRun })},
	)
	ks = append(ks,
		setting{"max_late_days", intSetting(func(s *Settings) *int { return &s.MaxLateDays }, 0, 5)},
		setting{"contact_share", func(s *Settings, v string) error {
			x, err := numberInRange(v, 0, 1, true)
			if err == nil {
				s.ContactShare[GradePO], s.ContactShare[GradePSO] = x, x
			}
			return err
		}},
	)
	for _, g := range []Grade{GradePO, GradePSO, GradeFacilitator, GradeSupervisor} {
		ks = append(ks, setting{"contact_share." + string(g), func(s *Settings, v string) error {
			x, err := numberInRange(v, 0, 1, true)
			if err == nil {
				s.ContactShare[g] = x
			}
			return err
		}})
	}
	ks = append(ks, setting{"weight.staff_km", weightSetting(func(s *Settings) *float64 { return &s.Weights.StaffKm })},
		setting{"weight.previous_appointment", weightSetting(func(s *Settings) *float64 { return &s.Weights.PreviousAppointment })},
		setting{"weight.previous_staff_day", weightSetting(func(s *Settings) *float64 { return &s.Weights.PreviousStaffDay })},
		setting{"weight.group_move", weightSetting(func(s *Settings) *float64 { return &s.Weights.GroupMove })},
		setting{"weight.group_facilitator", weightSetting(func(s *Settings) *float64 { return &s.Weights.GroupFacilitator })},
		setting{"weight.group_not_held", weightSetting(func(s *Settings) *float64 { return &s.Weights.GroupNotHeld })})
	return ks
}()

// ContactLimit is the most face-to-face hours practitioner p may have in
// the week: contact_share of their grade × (contracted − reduction hours).
// A grade without a share has no limit (+Inf).
func (s Settings) ContactLimit(p Practitioner) float64 {
	share, ok := s.ContactShare[p.Grade]
	if !ok {
		return math.Inf(1)
	}
	return share * math.Max(0, p.ContractedHours-p.ReductionHours)
}

// SettingKeys lists every key settings.csv may give, in documented order.
func SettingKeys() []string {
	out := make([]string, len(settingKeys))
	for i, k := range settingKeys {
		out[i] = k.key
	}
	return out
}

func lookupSetting(key string) (setting, bool) {
	for _, k := range settingKeys {
		if strings.EqualFold(k.key, key) {
			return k, true
		}
	}
	return setting{}, false
}

func numberSetting(field func(*Settings) *float64, lo, hi float64, loInclusive bool) func(*Settings, string) error {
	return func(s *Settings, v string) error {
		x, err := numberInRange(v, lo, hi, loInclusive)
		if err != nil {
			return err
		}
		*field(s) = x
		return nil
	}
}

// weightSetting is a weight: 0 (the term is off) or limits.weightLo to
// limits.weight.
func weightSetting(field func(*Settings) *float64) func(*Settings, string) error {
	return func(s *Settings, v string) error {
		x, err := numberInRange(v, 0, limits.weight, true)
		if err == nil && x > 0 && x < limits.weightLo {
			err = fmt.Errorf("%s is out of range (0, or %s to %s)", fmtNum(x), fmtNum(limits.weightLo), fmtNum(limits.weight))
		}
		if err != nil {
			return err
		}
		*field(s) = x
		return nil
	}
}

func intSetting(field func(*Settings) *int, lo, hi int) func(*Settings, string) error {
	return func(s *Settings, v string) error {
		x, err := intInRange(v, lo, hi)
		if err != nil {
			return err
		}
		*field(s) = x
		return nil
	}
}

func boolSetting(field func(*Settings) *bool) func(*Settings, string) error {
	return func(s *Settings, v string) error {
		b, err := ParseBool(v)
		if err != nil {
			return err
		}
		*field(s) = b
		return nil
	}
}

// numberInRange parses a number in lo…hi (lo itself allowed when
// loInclusive; hi always allowed).
func numberInRange(v string, lo, hi float64, loInclusive bool) (float64, error) {
	if strings.TrimSpace(v) == "" {
		return 0, errors.New("missing value")
	}
	x, err := parseNumber(v)
	if err != nil {
		return 0, err
	}
	if x < lo || (x == lo && !loInclusive) || x > hi {
		return 0, fmt.Errorf("%s is out of range (%s)", fmtNum(x), rangeText(lo, hi, loInclusive))
	}
	return x, nil
}

func intInRange(v string, lo, hi int) (int, error) {
	if strings.TrimSpace(v) == "" {
		return 0, errors.New("missing value")
	}
	x, err := parseInt(v)
	if err != nil {
		return 0, err
	}
	if x < lo || x > hi {
		return 0, fmt.Errorf("%d is out of range (%s)", x, rangeText(float64(lo), float64(hi), true))
	}
	return x, nil
}

// rangeText describes lo…hi, e.g. "0 to 10", "more than 0", "at least 1",
// "more than 0 to 48".
func rangeText(lo, hi float64, loInclusive bool) string {
	switch {
	case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		return "any number"
	case math.IsInf(hi, 1) || hi >= math.MaxInt32:
		if loInclusive {
			return "at least " + fmtNum(lo)
		}
		return "more than " + fmtNum(lo)
	case loInclusive:
		return fmtNum(lo) + " to " + fmtNum(hi)
	default:
		return "more than " + fmtNum(lo) + " to " + fmtNum(hi)
	}
}

// fmtNum writes x as briefly as it is exact, whole numbers below 1e21 in
// full (1000000, not 1e+06).
func fmtNum(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e21 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// parseSlots reads "name:HH:MM-HH:MM" items: at least one, names unique,
// each ending after it starts, in time order without overlap.
func parseSlots(v string) ([]Slot, error) {
	var out []Slot
	for _, tok := range splitList(v) {
		name, times, ok := strings.Cut(tok, ":")
		start, end, ok2 := strings.Cut(times, "-")
		a, errA := parseClock(start)
		b, errB := parseClock(end)
		if !ok || !ok2 || !validID(name) || errA != nil || errB != nil {
			return nil, badValue(tok, "is not name:HH:MM-HH:MM")
		}
		if b <= a {
			return nil, fmt.Errorf("slot %s ends before it starts", name)
		}
		if slotIndex(out, name) >= 0 {
			return nil, fmt.Errorf("slot %s is given twice", name)
		}
		if n := len(out); n > 0 && a < out[n-1].End {
			return nil, fmt.Errorf("slot %s starts before slot %s ends", name, out[n-1].Name)
		}
		out = append(out, Slot{strings.ToLower(name), a, b})
	}
	if len(out) == 0 {
		return nil, errors.New("no slots given")
	}
	if len(out) > maxSlots {
		return nil, fmt.Errorf("%d slots given; at most %d", len(out), maxSlots)
	}
	return out, nil
}

// parseClock reads HH:MM (00:00 to 24:00) as minutes after midnight.
func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, badValue(s, "is not HH:MM")
	}
	return hh*60 + mm, nil
}
