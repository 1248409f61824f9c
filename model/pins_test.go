package model

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

const pinsHeader = "kind,practitioner,service_user,date,start,slot,site,session,intervention,project,supervisor\n"

// loadPinsCase loads testdata/valid with pins.csv and the other files given.
func loadPinsCase(t *testing.T, pins string, files map[string]string, show bool) (*Region, error) {
	t.Helper()
	m := validWith(t, FilePins, []byte(pinsHeader+pins))
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return LoadContext(t.Context(), m, Options{ShowValues: show})
}

func TestPinsValid(t *testing.T) {
	r, err := loadPinsCase(t, strings.Join([]string{
		"staff,p01,,2018-06-04,,,hinckley,,,,",
		"appointment,,LR002,2018-06-04,10:15,,hinckley,,,,",
		"group,,LR001,2018-06-04,,afternoon,leicester,,tsp,,",
		"group,p05,,,,,,tsp-leicester-2018-06-04-afternoon-1,,,",
		"party,,LR004,2018-06-06,,,,,,allotments,",
		"party,,,2018-06-06,,,,,,allotments,p06",
	}, "\n")+"\n", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	got := r.Pins.List
	if len(got) != 6 {
		t.Fatalf("%d pins, want 6", len(got))
	}
	if p := got[1]; p.SlotIx != 0 || p.Day != Mon || p.Where() != "pins.csv:3" {
		t.Errorf("appointment pin: slot %d day %v at %s, want morning mon at pins.csv:3", p.SlotIx, p.Day, p.Where())
	}
	if p := got[3]; p.Intervention != "tsp" || p.Site != "leicester" || p.Slot != "afternoon" || p.SlotIx != 1 {
		t.Errorf("session pin read as %+v", p)
	}
	if p := got[4]; p.Site != "hinckley" || p.SiteIx < 0 {
		t.Errorf("party pin site %q", p.Site)
	}
}

// TestPinBreaksRule: each hard rule a pin can break is reported with the
// pin's file:line, its column where it is one cell, the rule id and the
// other row.
func TestPinBreaksRule(t *testing.T) {
	for _, tc := range []struct {
		name, pins string
		files      map[string]string
		want       string
	}{
		{name: "site closed that day", pins: "staff,p01,,2018-06-05,,,hinckley,,,,",
			want: "pins.csv:2: site: p01 at hinckley on tue 2018-06-05 breaks staff.site-open: sites.csv:3: hinckley is open mon wed fri"},
		{name: "practitioner not working that day", pins: "staff,p02,,2018-06-08,,,hinckley,,,,",
			want: "pins.csv:2: practitioner: p02 at hinckley on fri 2018-06-08 breaks staff.working-day: practitioners.csv:3: p02 works mon tue wed thu"},
		{name: "practitioner's fixed pattern", pins: "staff,p01,,2018-06-04,,,leicester,,,,",
			files: map[string]string{FileSettings: "key,value\nweek_start,2018-06-04\n"},
			want:  "pins.csv:2: site: p01 at leicester on mon 2018-06-04 breaks staff.pattern: practitioners.csv:2: p01's usual pattern puts them at hinckley on mon (fixed: pattern_change_penalty < 0)"},
		{name: "practitioner on leave", pins: "staff,p01,,2018-06-06,,,hinckley,,,,",
			files: map[string]string{FileAbsences: "practitioner,from,to,reason\np01,2018-06-06,2018-06-06,leave\n"},
			want:  "pins.csv:2: practitioner: p01 at hinckley on wed 2018-06-06 breaks staff.absence: absences.csv: p01 is away (leave) on 2018-06-06"},
		{name: "case manager sick that slot", pins: "appointment,,LR002,2018-06-06,09:00,,hinckley,,,,",
			files: map[string]string{FileAbsences: "practitioner,from,to,slots,reason\np01,2018-06-06,2018-06-06,morning,sickness\n"},
			want:  "pins.csv:2: service_user: appointment of LR002 at hinckley on wed 2018-06-06 morning breaks staff.absence: absences.csv: p01 is away (sickness) on 2018-06-06"},
		{name: "person unavailable then", pins: "appointment,,LR001,2018-06-06,09:30,,hinckley,,,,",
			want: "pins.csv:2: appointment of LR001 at hinckley on wed 2018-06-06 morning breaks appointment.available: service_users.csv:2: available mon tue:morning"},
		{name: "appointment site closed", pins: "appointment,,LR002,2018-06-05,09:00,,hinckley,,,,",
			want: "pins.csv:2: site: appointment of LR002 at hinckley on tue 2018-06-05 morning breaks appointment.site-open: sites.csv:3: hinckley is open mon wed fri"},
		{name: "not the case manager", pins: "appointment,p02,LR002,2018-06-04,09:00,,hinckley,,,,",
			want: "pins.csv:2: practitioner: appointment of LR002 at hinckley on mon 2018-06-04 morning breaks appointment.case-manager: service_users.csv:3: the case manager is p01"},
		{name: "facilitator not trained", pins: "group,p01,,2018-06-04,,morning,womens,,womens_group,,",
			want: "pins.csv:2: practitioner: p01 in womens_group at womens on mon 2018-06-04 morning breaks session.skill: practitioners.csv:2: p01 has no skill womens_group (skills tsp)"},
		{name: "women-only eligibility", pins: "group,,LR007,2018-06-04,,morning,womens,,womens_group,,",
			want: "pins.csv:2: service_user: LR007 in womens_group at womens on mon 2018-06-04 morning breaks attendance.gender: interventions.csv:3: womens_group is for female only"},
		{name: "intervention not run at the site", pins: "group,,LR007,2018-06-05,,morning,oakham,,tsp,,",
			want: "pins.csv:2: site: LR007 in tsp at oakham on tue 2018-06-05 morning breaks session.site-allowed: interventions.csv:2: tsp runs at leicester hinckley only"},
		{name: "non-association in one session", pins: "group,,LR001,2018-06-04,,morning,leicester,,tsp,,\ngroup,,LR004,2018-06-04,,morning,leicester,,tsp,,",
			want: "pins.csv:3: service_user: LR004 in tsp at leicester on mon 2018-06-04 morning breaks attendance.non-association: non_associations.csv:2: the person must not meet the person of pins.csv:2, pinned to the same session"},
		{name: "two pins in one slot", pins: "appointment,,LR002,2018-06-04,09:00,,hinckley,,,,\nappointment,,LR002,2018-06-04,11:00,,hinckley,,,,",
			want: "pins.csv:3: appointment of LR002 at hinckley on mon 2018-06-04 morning breaks attendance.one-activity-a-slot: pins.csv:2: appointment of LR002 at hinckley on mon 2018-06-04 morning is pinned there at the same time"},
		{name: "one site a day", pins: "staff,p01,,2018-06-04,,,hinckley,,,,\nappointment,,LR002,2018-06-04,09:00,,leicester,,,,",
			want: "pins.csv:3: site: appointment of LR002 at leicester on mon 2018-06-04 morning breaks staff.one-site-a-day: pins.csv:2: p01 is pinned to hinckley that day"},
		{name: "over a party's places", pins: "party,,LR004,2018-06-04,,,,,,allotments,\nparty,,LR009,2018-06-04,,,,,,allotments,",
			files: map[string]string{FileProjects: "id,name,site,days,places\nallotments,Allotments,hinckley,mon wed fri,1\n"},
			want:  "pins.csv:3: LR009 in the allotments work party on mon 2018-06-04 breaks party.places: projects.csv:2: 2 people pinned to one party of allotments, places 1"},
		{name: "over a site's interview rooms", pins: "appointment,,LR002,2018-06-04,09:00,,hinckley,,,,\nappointment,,LR003,2018-06-04,09:00,,hinckley,,,,\nappointment,,LR001,2018-06-04,09:00,,hinckley,,,,",
			files: map[string]string{FileSettings: "key,value\nweek_start,2018-06-04\nappointment_minutes,120\n"},
			want:  "pins.csv:4: appointment of LR001 at hinckley on mon 2018-06-04 morning breaks appointment.interview-rooms: sites.csv:3: 3 appointments pinned to hinckley in one slot, room for 2"},
		{name: "supervisor without the skill", pins: "party,,,2018-06-04,,,,,,allotments,p01",
			want: "pins.csv:2: supervisor: p01 in the allotments work party on mon 2018-06-04 breaks party.skill: practitioners.csv:2: p01 has no skill unpaid_work"},
		{name: "beyond the travel limit", pins: "appointment,,LR002,2018-06-04,09:00,,leicester,,,,",
			files: map[string]string{FileSettings: "key,value\nweek_start,2018-06-04\nmax_travel_km,5\n"},
			want:  "pins.csv:2: site: appointment of LR002 at leicester on mon 2018-06-04 morning breaks appointment.travel: settings.csv: leicester is 19.4 km from home, beyond max_travel_km 5"},
		{name: "a women-only site", pins: "appointment,,LR002,2018-06-04,09:00,,womens,,,,",
			want: "pins.csv:2: site: appointment of LR002 at womens on mon 2018-06-04 morning breaks appointment.women-only: sites.csv:5: womens is for women only"},
		{name: "no appointment due", pins: "appointment,,LR004,2018-06-04,09:00,,hinckley,,,,",
			want: "pins.csv:2: service_user: appointment of LR004 at hinckley on mon 2018-06-04 morning breaks appointment.due: requirements.csv: no appointment is due for the person this week"},
		{name: "no session of the intervention due", pins: "group,,LR002,2018-06-04,,morning,leicester,,tsp,,",
			want: "pins.csv:2: service_user: LR002 in tsp at leicester on mon 2018-06-04 morning breaks attendance.requirement: requirements.csv: no session of tsp is due for the person this week"},
		{name: "no unpaid work due", pins: "party,,LR002,2018-06-04,,,,,,allotments,",
			want: "pins.csv:2: service_user: LR002 in the allotments work party on mon 2018-06-04 breaks party.requirement: requirements.csv: no unpaid work is due for the person this week"},
		{name: "a dated unavailability", pins: "appointment,,LR002,2018-06-04,09:00,,hinckley,,,,",
			files: map[string]string{FileUnavailability: "service_user,from,to\nLR002,2018-06-04,2018-06-04\n"},
			want:  "pins.csv:2: appointment of LR002 at hinckley on mon 2018-06-04 morning breaks appointment.available: unavailability.csv: the person cannot come on 2018-06-04 morning"},
		{name: "over a session's group size", pins: "group,,LR001,2018-06-04,,morning,leicester,,tsp,,\ngroup,,LR007,2018-06-04,,morning,leicester,,tsp,,",
			files: map[string]string{FileInterventions: "id,name,kind,session_hours,min_group,max_group,facilitators,skill,gender,min_age,max_age,sites\ntsp,TSP,programme,2.5,1,1,2,,any,,,leicester hinckley\nwomens_group,W,group,2,3,8,1,,female,18,,womens\nuw,CP,unpaid_work,7,2,6,0,unpaid_work,,,,\n"},
			want:  "pins.csv:3: LR007 in tsp at leicester on mon 2018-06-04 morning breaks session.group-size: interventions.csv:2: 2 people pinned to one session of tsp, max_group 1"},
		{name: "party on a day the project does not run", pins: "party,,LR004,2018-06-05,,,,,,allotments,",
			want: "pins.csv:2: date: LR004 in the allotments work party on tue 2018-06-05 breaks party.day: projects.csv:2: allotments runs mon wed fri"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadPinsCase(t, tc.pins+"\n", tc.files, true)
			got := problemsOf(err)
			if !slices.Contains(got, tc.want) {
				t.Errorf("got\n\t%s\nwant among them\n\t%s", strings.Join(got, "\n\t"), tc.want)
			}
		})
	}
}

// TestPinsHideValues: without --show-values a pin's message names the
// row and the rule, not the person.
func TestPinsHideValues(t *testing.T) {
	_, err := loadPinsCase(t, "appointment,,LR001,2018-06-06,09:30,,hinckley,,,,\n", nil, false)
	got := strings.Join(problemsOf(err), "\n")
	if strings.Contains(got, "LR001") || !strings.Contains(got, "appointment.available") {
		t.Errorf("got %q: want the rule and no service user id", got)
	}
}

func TestPinsParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, pins, want string }{
		{"unknown kind", "meeting,p01,,2018-06-04,,,hinckley,,,,", `pins.csv:2: kind: "meeting" is not a kind of pin (staff, appointment, group, party)`},
		{"column the kind does not use", "staff,p01,LR001,2018-06-04,,,hinckley,,,,", "pins.csv:2: service_user: a staff pin does not use service_user (it uses practitioner, date, site)"},
		{"missing site", "staff,p01,,2018-06-04,,,,,,,", "pins.csv:2: site: a staff pin needs site"},
		{"no time", "appointment,,LR002,2018-06-04,,,hinckley,,,,", "pins.csv:2: start: a appointment pin needs start or slot"},
		{"bad date", "staff,p01,,2018-13-04,,,hinckley,,,,", "pins.csv:2: date: "},
		{"bad time", "appointment,,LR002,2018-06-04,9h,,hinckley,,,,", "pins.csv:2: start: "},
		{"unknown site", "staff,p01,,2018-06-04,,,atlantis,,,,", `pins.csv:2: site: "atlantis" names no site in sites.csv`},
		{"outside the week", "staff,p01,,2018-06-14,,,hinckley,,,,", "pins.csv:2: date: 2018-06-14 is outside the planning week (2018-06-04 to 2018-06-10)"},
		{"time in no slot", "appointment,,LR002,2018-06-04,13:00,,hinckley,,,,", "pins.csv:2: start: 13:00 is in no slot of the settings"},
		{"bad session id", "group,p05,,,,,,tsp-nowhere,,,", `pins.csv:2: session: "tsp-nowhere" is not a session id`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadPinsCase(t, tc.pins+"\n", nil, true)
			got := problemsOf(err)
			if !slices.ContainsFunc(got, func(m string) bool { return strings.HasPrefix(m, tc.want) }) {
				t.Errorf("got\n\t%s\nwant one starting\n\t%s", strings.Join(got, "\n\t"), tc.want)
			}
		})
	}
}

// FuzzPins loads the valid folder with pins.csv from the fuzz input: never
// a panic, and a region or an error.
func FuzzPins(f *testing.F) {
	f.Add([]byte(pinsHeader + "staff,p01,,2018-06-04,,,hinckley,,,,\n"))
	f.Add([]byte(pinsHeader + "group,p05,,,,,,tsp-leicester-2018-06-04-afternoon-1,,,\n"))
	f.Add([]byte(pinsHeader + "appointment,,LR002,2018-06-04,10:15,,hinckley,,,,\nappointment,,LR002,2018-06-04,10:15,,hinckley,,,,\n"))
	f.Add([]byte(pinsHeader + "party,,LR004,2018-06-06,,,,,,allotments,p06\n"))
	f.Add([]byte("kind\n\n"))
	f.Add([]byte("kind,session\ngroup,--2018-06-04--1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := validWith(t, FilePins, data)
		r, err := Load(m)
		if (r == nil) == (err == nil) {
			t.Fatalf("Load = %v, %v: want exactly one nil", r, err)
		}
	})
}

// TestPinDuplicate: a pin written twice is one error naming both rows,
// not a pin in conflict with itself; across files (a pins.csv pin a
// re-plan also keeps as past) the repeat is the same decision, kept once.
func TestPinDuplicate(t *testing.T) {
	for _, tc := range []struct{ name, pins, want string }{
		{"an appointment", "appointment,,LR002,2018-06-04,09:00,,hinckley,,,,\nappointment,,LR002,2018-06-04,09:00,,hinckley,,,,",
			"pins.csv:3: the same pin as pins.csv:2"},
		{"a staff day", "staff,p01,,2018-06-04,,,hinckley,,,,\nstaff,p01,,2018-06-04,,,hinckley,,,,",
			"pins.csv:3: the same pin as pins.csv:2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadPinsCase(t, tc.pins+"\n", nil, true)
			got := problemsOf(err)
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("got\n\t%s\nwant only\n\t%s", strings.Join(got, "\n\t"), tc.want)
			}
		})
	}
	r, err := loadPinsCase(t, "appointment,,LR002,2018-06-04,09:00,,hinckley,,,,\n", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	again := r.Pins.List[0]
	again.File, again.Line, again.Start, again.Slot, again.Practitioner = "rota x/appointments.csv", 5, "", "morning", "p01"
	if err := r.SetPins(append(slices.Clone(r.Pins.List), again), Moment{}, true); err != nil {
		t.Fatalf("the same pin from the past of a rota: %v", err)
	}
	if len(r.Pins.List) != 1 {
		t.Errorf("%d pins, want the one", len(r.Pins.List))
	}
}
