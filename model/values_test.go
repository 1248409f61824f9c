package model

import (
	"testing"
)

func TestWeekdaysText(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{"short names", "mon wed fri", "mon wed fri", false},
		{"semicolons and full names", "Monday;TUESDAY; sun", "mon tue sun", false},
		{"order and repeats", "fri mon fri", "mon fri", false},
		{"empty", "", "", false},
		{"unknown", "mon funday", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w Weekdays
			err := w.UnmarshalText([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("UnmarshalText(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			got, _ := w.MarshalText()
			if string(got) != tt.want {
				t.Errorf("MarshalText() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWeekday(t *testing.T) {
	tests := []struct {
		name string
		date string
		want Weekday
	}{
		{"monday", "2018-06-04", Mon},
		{"sunday", "2018-06-10", Sun},
		{"saturday", "2018-06-09", Sat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WeekdayOf(MustDate(tt.date).Time); got != tt.want {
				t.Errorf("WeekdayOf(%s) = %s, want %s", tt.date, got, tt.want)
			}
		})
	}
	if got, want := Weekdays(0).With(Tue).Has(Tue), true; got != want {
		t.Errorf("Has(Tue) = %v, want %v", got, want)
	}
	if got, want := MonToFri.Len(), 5; got != want {
		t.Errorf("MonToFri.Len() = %d, want %d", got, want)
	}
}

func TestListText(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantLen        int
	}{
		{"spaces", "tsp bbr", "tsp bbr", 2},
		{"semicolons", "tsp;bbr; resolve", "tsp bbr resolve", 3},
		{"empty", "  ", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			if err := l.UnmarshalText([]byte(tt.in)); err != nil {
				t.Fatal(err)
			}
			if got := l.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := len(l); got != tt.wantLen {
				t.Errorf("len = %d, want %d", got, tt.wantLen)
			}
		})
	}
}

func TestDateText(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{"iso", "2018-06-04", "2018-06-04", false},
		{"spaces", " 2018-06-04 ", "2018-06-04", false},
		{"empty is zero", "", "", false},
		{"month 13", "2018-13-04", "", true},
		{"no leading zeros", "2018-6-4", "", true},
		{"british", "04/06/2018", "", true},
		{"feb 30", "2018-02-30", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d Date
			err := d.UnmarshalText([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("UnmarshalText(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			got, _ := d.MarshalText()
			if string(got) != tt.want {
				t.Errorf("MarshalText() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTier(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		wantLetter byte
		wantDigit  int
		wantErr    bool
	}{
		{"B2", "B2", 'B', 2, false},
		{"lower case", "a3", 'A', 3, false},
		{"D0", "D0", 'D', 0, false},
		{"letter E", "E1", 0, -1, true},
		{"digit 4", "A4", 0, -1, true},
		{"too long", "A33", 0, -1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tier Tier
			err := tier.UnmarshalText([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("UnmarshalText(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got := tier.Letter(); got != tt.wantLetter {
				t.Errorf("Letter() = %q, want %q", got, tt.wantLetter)
			}
			if got := tier.Digit(); got != tt.wantDigit {
				t.Errorf("Digit() = %d, want %d", got, tt.wantDigit)
			}
		})
	}
	if got, want := len(Tiers()), 16; got != want {
		t.Errorf("len(Tiers()) = %d, want %d", got, want)
	}
}

func TestSlotSet(t *testing.T) {
	slots := DefaultSettings().Slots
	tests := []struct {
		name       string
		in         string
		day        Weekday
		slot       int
		want       bool
		wantString string
		wantErr    bool
	}{
		{"empty is all", "", Sun, 2, true, "", false},
		{"whole day", "mon", Mon, 1, true, "mon", false},
		{"whole day, other day", "mon", Tue, 1, false, "mon", false},
		{"named slot", "Tue:Morning", Tue, 0, true, "tue:morning", false},
		{"named slot, other slot", "tue:morning", Tue, 1, false, "tue:morning", false},
		{"mixed", "mon; wed:evening", Wed, 2, true, "mon wed:evening", false},
		{"unknown slot", "tue:night", Tue, 0, false, "", true},
		{"unknown day", "someday", Mon, 0, false, "", true},
		{"no slot name", "tue:", Tue, 0, false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s SlotSet
			err := s.UnmarshalText([]byte(tt.in))
			if err == nil {
				err = s.resolve(slots)
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got := s.Has(tt.day, tt.slot); got != tt.want {
				t.Errorf("Has(%s, %d) = %v, want %v", tt.day, tt.slot, got, tt.want)
			}
			if got := s.String(); got != tt.wantString {
				t.Errorf("String() = %q, want %q", got, tt.wantString)
			}
		})
	}
}

func TestPattern(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		day      Weekday
		wantSite string
		wantOK   bool
		wantErr  bool
	}{
		{"two days", "tue:oakham thu:melton", Thu, "melton", true, false},
		{"day not in pattern", "tue:oakham", Wed, "", false, false},
		{"semicolons", "tue:oakham;fri:leicester", Fri, "leicester", true, false},
		{"no site", "tue", Tue, "", false, true},
		{"day twice", "tue:a tue:b", Tue, "", false, true},
		{"bad day", "xyz:a", Tue, "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Pattern
			err := p.UnmarshalText([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("UnmarshalText(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			site, ok := p.Site(tt.day)
			if site != tt.wantSite || ok != tt.wantOK {
				t.Errorf("Site(%s) = %q, %v, want %q, %v", tt.day, site, ok, tt.wantSite, tt.wantOK)
			}
		})
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		in      string
		want    bool
		wantErr bool
	}{
		{"true", true, false}, {"TRUE", true, false}, {"yes", true, false}, {"Y", true, false}, {"1", true, false},
		{"false", false, false}, {"No", false, false}, {"n", false, false}, {"0", false, false}, {"", false, false},
		{"maybe", false, true}, {"2", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseBool(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseBool(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseBool(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSlotsSetting(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr bool
	}{
		{"default", "morning:09:00-12:30 afternoon:13:30-17:00 evening:17:30-20:00", "morning:09:00-12:30 afternoon:13:30-17:00 evening:17:30-20:00", false},
		{"one", "day:08:00-18:00", "day:08:00-18:00", false},
		{"overlap", "a:09:00-12:00 b:11:00-13:00", "", true},
		{"backwards", "a:12:00-09:00", "", true},
		{"twice", "a:09:00-10:00 a:11:00-12:00", "", true},
		{"bad clock", "a:9-10", "", true},
		{"none", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slots, err := parseSlots(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseSlots(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			var parts []string
			for _, s := range slots {
				parts = append(parts, s.String())
			}
			if got := List(parts).String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDefaultSettingsComplete checks that every key has a default that
// the file format can restate, and that the points tables are full.
func TestDefaultSettingsComplete(t *testing.T) {
	s := DefaultSettings()
	// The source (wmt-db seed) gives 0 for the X0 cells of the custody,
	// licence and T2A tables; every other cell is positive.
	for _, table := range []map[Tier]float64{s.Points[Community], s.Points[Licence], s.Points[Custody], s.Young} {
		for _, tier := range Tiers() {
			if _, ok := table[tier]; !ok || (table[tier] <= 0 && tier.Digit() != 0) {
				t.Errorf("no points for %s", tier)
			}
		}
	}
	if got, want := len(SettingKeys()), 4+6+4+1+4+2+1+5*16+11+6+
		1+1+1+1+4+1+2+1+3; got != want { // induction_minutes, non_association_appointments, max_late_days, contact_share(.grade), weight.staff_km, weight.previous_*, unpaid_work_urgency_cap, weight.group_*
		t.Errorf("len(SettingKeys()) = %d, want %d", got, want)
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"week start", s.WeekStart.String(), "2018-06-04"},
		{"community A3", s.Points[Community]["A3"], 206.0},
		{"licence B2", s.Points[Licence]["B2"], 132.0},
		{"t2a D1", s.Young["D1"], 13.0},
		{"custody A3", s.Points[Custody]["A3"], 75.0},
		{"target measure", s.TargetMeasure, TargetByCapacity},
		{"nominal", s.NominalPoints, 2176.0},
		{"pattern change penalty", s.PatternChangePenalty, -1.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}
