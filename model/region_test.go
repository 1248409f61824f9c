package model

import (
	"math"
	"slices"
	"testing"
	"testing/fstest"
)

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want                   float64
	}{
		{"same point", 52.6, -1.1, 52.6, -1.1, 0},
		// One degree of latitude is R·π/180.
		{"one degree north", 52, -1, 53, -1, 6371.0088 * math.Pi / 180},
		// A quarter of the equator.
		{"quarter equator", 0, 0, 0, 90, 6371.0088 * math.Pi / 2},
		{"antipodes", 0, 0, 0, 180, 6371.0088 * math.Pi},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DistanceKm(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
			if math.Abs(got-tt.want) > 1e-6 {
				t.Errorf("DistanceKm = %.9f, want %.9f", got, tt.want)
			}
		})
	}
}

func TestLookups(t *testing.T) {
	r := loadValid(t)
	tests := []struct {
		name   string
		lookup func(string) (int, bool)
		id     string
		want   int
		wantOK bool
	}{
		{"site", r.SiteIndex, "oakham", 2, true},
		{"team", r.TeamIndex, "east", 1, true},
		{"practitioner", r.PractitionerIndex, "p05", 4, true},
		{"service user", r.ServiceUserIndex, "LR012", 11, true},
		{"intervention", r.InterventionIndex, "uw", 2, true},
		{"project", r.ProjectIndex, "allotments", 0, true},
		{"unknown", r.SiteIndex, "melton", 0, false},
		{"case-sensitive", r.ServiceUserIndex, "lr001", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.lookup(tt.id)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("lookup(%q) = %d, %v, want %d, %v", tt.id, got, ok, tt.want, tt.wantOK)
			}
		})
	}
	var zero Region
	if _, ok := zero.SiteIndex("x"); ok {
		t.Error("zero Region found a site")
	}
}

func TestCasesOf(t *testing.T) {
	r := loadValid(t)
	tests := []struct {
		name string
		p    int
		want []int
	}{
		{"p01", 0, []int{0, 1}},
		{"p03", 2, []int{5, 6, 9}},
		{"facilitator", 4, nil},
		{"out of range", 99, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.CasesOf(tt.p)
			if len(got) != len(tt.want) {
				t.Fatalf("CasesOf(%d) = %v, want %v", tt.p, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("CasesOf(%d) = %v, want %v", tt.p, got, tt.want)
				}
			}
		})
	}
}

func TestDaysAndOpenOn(t *testing.T) {
	fsys := readFolder(t, "testdata/valid", func(b []byte) []byte { return b })
	fsys["settings.csv"] = &fstest.MapFile{Data: []byte("key,value\nweek_start,2018-08-27\nbank_holidays,2018-08-27\n")}
	r, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	days := r.Days()
	if got, want := len(days), 7; got != want {
		t.Fatalf("len(Days()) = %d, want %d", got, want)
	}
	leicester, _ := r.SiteIndex("leicester")
	oakham, _ := r.SiteIndex("oakham")
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"monday date", days[Mon].Date.String(), "2018-08-27"},
		{"sunday date", days[Sun].Date.String(), "2018-09-02"},
		{"monday holiday", days[Mon].Holiday, true},
		{"tuesday not holiday", days[Tue].Holiday, false},
		{"open weekday", r.OpenOn(leicester, Tue), true},
		{"closed on bank holiday", r.OpenOn(leicester, Mon), false},
		{"not an open day", r.OpenOn(oakham, Wed), false},
		{"open day", r.OpenOn(oakham, Tue), true},
		{"bad site", r.OpenOn(-1, Tue), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestWorkload(t *testing.T) {
	r := loadValid(t)
	u := func(id string) int { i, _ := r.ServiceUserIndex(id); return i }
	p := func(id string) int { i, _ := r.PractitionerIndex(id); return i }
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"community B2", r.Points(u("LR001")), 115},
		{"licence C1", r.Points(u("LR002")), 52},
		{"19 is not a table of its own: community D1", r.Points(u("LR003")), 29},
		{"18 is not a table of its own: community C2", r.Points(u("LR005")), 63},
		{"licence A3", r.Points(u("LR006")), 219},
		{"over 24 is not young: community B3", r.Points(u("LR010")), 146}, // LR010 is 29
		{"full time, no reduction", r.AvailablePoints(p("p01")), 2176},
		{"part time with reduction", r.AvailablePoints(p("p02")), 2176 * (30.0 / 37) * ((30 - 7.5) / 30)},
		{"part time", r.AvailablePoints(p("p04")), 2176 * 22.5 / 37},
		{"FTE", r.FTE(p("p04")), 22.5 / 37},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > 1e-9 {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestEligible(t *testing.T) {
	r := loadValid(t)
	u := func(id string) int { i, _ := r.ServiceUserIndex(id); return i }
	i := func(id string) int { x, _ := r.InterventionIndex(id); return x }
	tests := []struct {
		name string
		u, i int
		want bool
	}{
		{"any gender", u("LR001"), i("tsp"), true},
		{"woman to women's group", u("LR003"), i("womens_group"), true},
		{"man to women's group", u("LR001"), i("womens_group"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Eligible(tt.u, tt.i); got != tt.want {
				t.Errorf("Eligible = %v, want %v", got, tt.want)
			}
		})
	}
	// Age band: a copy with an 18–24 band.
	r.Interventions[0].MinAge, r.Interventions[0].MaxAge = 18, 24
	if got, want := r.Eligible(u("LR003"), 0), true; got != want { // 19
		t.Errorf("age 19 in 18–24: got %v, want %v", got, want)
	}
	if got, want := r.Eligible(u("LR001"), 0), false; got != want { // 27
		t.Errorf("age 27 in 18–24: got %v, want %v", got, want)
	}
}

func TestUserSiteKm(t *testing.T) {
	r := loadValid(t)
	u, _ := r.ServiceUserIndex("LR002") // placed at Hinckley's site
	s, _ := r.SiteIndex("hinckley")
	if got := r.UserSiteKm(u, s); got != 0 {
		t.Errorf("UserSiteKm(home town's site) = %v, want 0", got)
	}
	l, _ := r.SiteIndex("leicester")
	if got := r.UserSiteKm(u, l); got < 15 || got > 25 {
		t.Errorf("UserSiteKm(Hinckley → Leicester) = %.1f km, want about 20", got)
	}
}

func TestWithCaseManagers(t *testing.T) {
	r, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	u := r.ServiceUsers[0]
	var other string
	for _, p := range r.Practitioners {
		if p.Grade.HoldsCases() && p.ID != u.CaseManager {
			other = p.ID
			break
		}
	}
	out := r.WithCaseManagers(map[string]string{u.ID: other})
	if got, want := out.ServiceUsers[0].CaseManager, other; got != want {
		t.Errorf("case manager: got %q, want %q", got, want)
	}
	if got, want := r.ServiceUsers[0].CaseManager, u.CaseManager; got != want {
		t.Errorf("the original changed: got %q, want %q", got, want)
	}
	p, _ := out.PractitionerIndex(other)
	if !slices.Contains(out.CasesOf(p), 0) {
		t.Errorf("CasesOf(%s) = %v, want it to hold service user 0", other, out.CasesOf(p))
	}
}

func TestCasePoints(t *testing.T) {
	s := DefaultSettings()
	tests := []struct {
		name string
		u    ServiceUser
		want float64
	}{
		{"community A3", ServiceUser{CaseType: Community, Tier: "A3"}, 206},
		{"licence A2 (wmt-db seed)", ServiceUser{CaseType: Licence, Tier: "A2"}, 175},
		{"licence B1", ServiceUser{CaseType: Licence, Tier: "B1"}, 119},
		{"custody A3", ServiceUser{CaseType: Custody, Tier: "A3"}, 75},
		{"custody D1", ServiceUser{CaseType: Custody, Tier: "D1"}, 13},
		{"custody D0 weighs nothing in the source", ServiceUser{CaseType: Custody, Tier: "D0"}, 0},
		{"t2a flag takes the T2A table", ServiceUser{CaseType: Community, Tier: "A3", Flags: List{FlagT2A}}, 75},
		{"MAPPA adds no points", ServiceUser{CaseType: Community, Tier: "B2", MAPPA: 3}, 115},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.CasePoints(tt.u); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAppointmentsFor(t *testing.T) {
	s := DefaultSettings() // week of Monday 2018-06-04 to Sunday 2018-06-10
	last := func(d string) Date { return MustDate(d) }
	tests := []struct {
		name string
		u    ServiceUser
		want int
	}{
		{"A weekly, last seen a week ago", ServiceUser{Tier: "A2", CaseType: Community, LastContact: last("2018-05-29")}, 1},
		{"B fortnightly, seen last week: not due", ServiceUser{Tier: "B2", CaseType: Community, LastContact: last("2018-05-30")}, 0},
		{"B fortnightly, seen two weeks ago: due", ServiceUser{Tier: "B2", CaseType: Licence, LastContact: last("2018-05-24")}, 1},
		{"C monthly, seen three weeks ago: not due", ServiceUser{Tier: "C1", CaseType: Community, LastContact: last("2018-05-17")}, 0},
		{"C monthly, due on the Sunday", ServiceUser{Tier: "C1", CaseType: Community, LastContact: last("2018-05-13")}, 1},
		{"D monthly, no last contact: due", ServiceUser{Tier: "D0", CaseType: Community}, 1},
		{"high RoSH is weekly whatever the tier", ServiceUser{Tier: "C2", RoSH: RoSHHigh, CaseType: Community, LastContact: last("2018-05-31")}, 1},
		{"very high RoSH is weekly", ServiceUser{Tier: "D1", RoSH: RoSHVeryHigh, CaseType: Licence, LastContact: last("2018-05-31")}, 1},
		{"medium RoSH keeps the tier's frequency", ServiceUser{Tier: "C2", RoSH: RoSHMedium, CaseType: Community, LastContact: last("2018-05-31")}, 0},
		{"IOM twice a week", ServiceUser{Tier: "C3", IOM: true, CaseType: Community, LastContact: last("2018-06-01")}, 2},
		{"custody: none", ServiceUser{Tier: "A3", RoSH: RoSHVeryHigh, CaseType: Custody}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.AppointmentsFor(tt.u); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}
