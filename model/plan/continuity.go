package plan

// Continuity counts what changed from last week's rota (rota solve
// --previous; docs/output-format.md). Weekdays, slots and sites are
// compared, not dates.
//
// A regular appointment is an appointment this week of a person who had
// one last week. It is kept when last week had one for them on the same
// weekday, in the same slot, at the same site. A moved one is compared
// with their last week's appointment on the same weekday, else their
// first of last week, for the three counts of what moved (one appointment
// may count in several).
//
// A practitioner-day is compared when the practitioner worked that
// weekday in both weeks; days worked in one week only follow from the
// working pattern and absences in the input, and are counted apart.
type Continuity struct {
	Regular      int     `json:"regular_appointments"`         // appointments this week of people seen last week
	Kept         int     `json:"kept"`                         // on last week's weekday, slot and site
	KeptDaySite  int     `json:"kept_weekday_site"`            // on one of last week's weekday and site pairs, any slot
	KeptShare    float64 `json:"kept_share"`                   // Kept ÷ Regular (1 when none)
	DaySiteShare float64 `json:"kept_weekday_site_share"`      // KeptDaySite ÷ Regular (1 when none)
	MovedWeekday int     `json:"moved_weekday"`                // moved appointments on another weekday
	MovedSlot    int     `json:"moved_slot"`                   // … in another slot
	MovedSite    int     `json:"moved_site"`                   // … at another site
	StaffDays    int     `json:"staff_days"`                   // practitioner-days on a weekday worked in both weeks
	StaffMoved   int     `json:"staff_site_changes"`           // of those, at another site than last week
	DaysDropped  int     `json:"staff_days_not_worked"`        // weekdays worked last week and not this week
	DaysAdded    int     `json:"staff_days_new"`               // weekdays worked this week and not last week
	Unmatched    int     `json:"previous_people_not_in_input"` // people with an appointment last week who are not in this week's input
}
