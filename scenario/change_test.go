package scenario

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/probation/rota/model"
)

func days(t *testing.T, s string) model.Weekdays {
	t.Helper()
	var w model.Weekdays
	if err := w.UnmarshalText([]byte(s)); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestParse(t *testing.T) {
	tests := []struct {
		spec string
		want Change
		str  string // canonical form; "" = spec
	}{
		{spec: "close:hinckley", want: Change{Kind: Close, ID: "hinckley"}},
		{spec: " CLOSE:hinckley ", want: Change{Kind: Close, ID: "hinckley"}, str: "close:hinckley"},
		{spec: "close:hinckley:fri", want: Change{Kind: Close, ID: "hinckley", Days: days(t, "fri")}},
		{spec: "close:hinckley:mon,fri", want: Change{Kind: Close, ID: "hinckley", Days: days(t, "mon fri")}},
		{spec: "close:hinckley:friday mon", want: Change{Kind: Close, ID: "hinckley", Days: days(t, "mon fri")}, str: "close:hinckley:mon,fri"},
		{spec: "close:hinckley:from=2018-06-06", want: Change{Kind: Close, ID: "hinckley", From: model.MustDate("2018-06-06")}},
		{
			spec: "open:hub:name=Women's hub, Thornaby,town=Thornaby,lat=54.54,lon=-1.29,days=mon wed,group_rooms=1,seats=12,interview_rooms=2,women_only=true,step_free=yes,hosts=womens foundations",
			want: Change{Kind: Open, ID: "hub", Set: []Field{
				{"name", "Women's hub, Thornaby"}, {"town", "Thornaby"}, {"lat", "54.54"}, {"lon", "-1.29"},
				{"open_days", "mon wed"}, {"group_rooms", "1"}, {"seats_per_room", "12"}, {"interview_rooms", "2"},
				{"women_only", "true"}, {"step_free", "true"},
			}, Hosts: []string{"womens", "foundations"}},
			str: "open:hub:name=Women's hub, Thornaby,town=Thornaby,lat=54.54,lon=-1.29,days=mon wed,group_rooms=1,seats=12,interview_rooms=2,women_only=true,step_free=true,hosts=womens foundations",
		},
		{
			spec: "open:far:lat=55,lon=-1,open_days=mon,wed,hosts=tsp,ete",
			want: Change{Kind: Open, ID: "far", Set: []Field{{"lat", "55"}, {"lon", "-1"}, {"open_days", "mon wed"}}, Hosts: []string{"tsp", "ete"}},
			str:  "open:far:lat=55,lon=-1,days=mon wed,hosts=tsp ete",
		},
		{spec: "site:hinckley:days=mon,wed", want: Change{Kind: Site, ID: "hinckley", Set: []Field{{"open_days", "mon wed"}}}, str: "site:hinckley:days=mon wed"},
		{spec: "site:hinckley:interview_rooms=1", want: Change{Kind: Site, ID: "hinckley", Set: []Field{{"interview_rooms", "1"}}}},
		{spec: "site:hinckley:name=Atkins: upper floor", want: Change{Kind: Site, ID: "hinckley", Set: []Field{{"name", "Atkins: upper floor"}}}},
		{spec: "out:p017", want: Change{Kind: Out, IDs: []string{"p017"}}},
		{spec: "out:p017, p018", want: Change{Kind: Out, IDs: []string{"p017", "p018"}}, str: "out:p017,p018"},
		{spec: "out:p017:wed", want: Change{Kind: Out, IDs: []string{"p017"}, Days: days(t, "wed")}},
		{spec: "out:p017,p018:Wednesday thu", want: Change{Kind: Out, IDs: []string{"p017", "p018"}, Days: days(t, "wed thu")}, str: "out:p017,p018:wed,thu"},
		{spec: "hours:p017=37", want: Change{Kind: Hours, ID: "p017", Value: 37}},
		{spec: "hours:p017=22.5", want: Change{Kind: Hours, ID: "p017", Value: 22.5}},
		{spec: "target:cases=50", want: Change{Kind: Target, ID: "cases", Value: 50}},
		{spec: "target:Capacity=95", want: Change{Kind: Target, ID: "capacity", Value: 95}, str: "target:capacity=95"},
		{spec: "travel:15", want: Change{Kind: Travel, Value: 15}},
		{spec: "travel:7.5km", want: Change{Kind: Travel, Value: 7.5}, str: "travel:7.5"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := Parse(tt.spec)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse = %#v\nwant   %#v", got, tt.want)
			}
			want := tt.str
			if want == "" {
				want = tt.spec
			}
			if s := got.String(); s != want {
				t.Errorf("String = %q, want %q", s, want)
			}
			again, err := Parse(got.String())
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("Parse(String()) = %#v, %v; want %#v", again, err, got)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		spec string
		msg  string // in the error, after the spec
	}{
		{"", "empty change"},
		{"shut:hinckley", `"shut" is not a kind of change`},
		{"close", "give the site id"},
		{"close:", "give the site id"},
		{"close:hinck ley", "is not a site id"},
		{"close:hinckley:tues", `"tues" is not a weekday`},
		{"close:hinckley:", "give at least one weekday"},
		{"close:hinckley:from=2018-13-01", "from:"},
		{"close:hinckley:until=2018-06-06", "want from=YYYY-MM-DD"},
		{"open:hub", "give the new site's key=value pairs"},
		{"open:hub:lat=54,lon=-1", "a new site needs days"},
		{"open:hub:lon=-1,days=mon", "a new site needs lat"},
		{"open:hub:lat=91,lon=-1,days=mon", "lat: 91 is out of range (-90 to 90)"},
		{"open:hub:lat=NaN,lon=-1,days=mon", `lat: "NaN" is not a number`},
		{"open:hub:lat=54,lon=-1,days=mon,group_rooms=1", "seats: give the seats per group room"},
		{"open:hub:lat=54,lon=-1,days=mon,colour=red", `"colour" is not a site key`},
		{"open:hub:lat=54,lon=-1,days=funday", `days: "funday" is not a weekday`},
		{"open:hub:lat=54,lat=55,lon=-1,days=mon", "lat is given twice"},
		{"open:hub:lat=54,lon=-1,days=mon,women_only=perhaps", `women_only: "perhaps" is not true or false`},
		{"open:hub:lat=54,lon=-1,days=mon,hosts=", "hosts: give at least one intervention"},
		{"open:hub:lat=54,lon=-1,days=mon,name=", "name: missing value"},
		{"site:hinckley", "give at least one key=value pair"},
		{"site:hinckley:mon", `"mon": want key=value`},
		{"site:hinckley:interview_rooms=-1", `interview_rooms: "-1" is not a whole number`},
		{"site:hinckley:days=", "days: give at least one weekday"},
		{"out:", "give the practitioners"},
		{"out:p1,p1", "p1 is given twice"},
		{"out:p/1", "is not a practitioner id"},
		{"out:p1:someday", "someday"},
		{"hours:p017", "want hours:PRACTITIONER=HOURS"},
		{"hours:p017=0", "hours: 0 is out of range (more than 0 up to 48)"},
		{"hours:p017=50", "out of range"},
		{"hours:=37", "give the practitioner id"},
		{"target:staff=3", "want target:cases=N"},
		{"target:cases=-1", "cases: -1 is out of range (more than 0)"},
		{"travel:far", `travel limit: "far" is not a number`},
		{"travel:0", "out of range"},
		{"travel:Inf", "is not a number"},
		{"close:a\nclose:b", "a change is one line"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, err := Parse(tt.spec)
			if err == nil {
				t.Fatalf("Parse(%q) = nil error, want %q", tt.spec, tt.msg)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			want := "scenario: " + strings.TrimSpace(tt.spec) + ": "
			if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q, want it to start %q and contain %q", err, want, tt.msg)
			}
		})
	}
}

func TestParseFile(t *testing.T) {
	src := "\ufeff# close Hardwick and see\nclose:hardwick   # the hub\n\n  travel:6\nout:p04\n"
	got, err := ParseFile("what-if.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var specs []string
	for _, c := range got {
		specs = append(specs, c.String())
	}
	if want := []string{"close:hardwick", "travel:6", "out:p04"}; !reflect.DeepEqual(specs, want) {
		t.Errorf("ParseFile = %q, want %q", specs, want)
	}

	_, err = ParseFile("bad.txt", []byte("close:hardwick\nclose:hardwick:tues\ntravel:far # no\n"))
	if err == nil {
		t.Fatal("ParseFile of bad lines: nil error")
	}
	for _, want := range []string{
		`scenario: bad.txt:2: close:hardwick:tues: "tues" is not a weekday`,
		`scenario: bad.txt:3: travel:far: travel limit: "far" is not a number`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error\n%s\nlacks %q", err, want)
		}
	}
}

// FuzzParse checks that Parse never panics, that what it accepts has a
// canonical form it reads back as the same change, and that errors name
// the change.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"close:hinckley", "close:hinckley:mon,fri", "close:hinckley:from=2018-06-06",
		"open:hub:name=Hub, north,town=Stockton,lat=54.5,lon=-1.3,days=mon wed,group_rooms=1,seats=12,hosts=womens",
		"site:hinckley:days=mon,wed", "site:x:interview_rooms=1,step_free=no", "out:p1,p2",
		"hours:p017=37", "target:cases=50", "target:capacity=95", "travel:15", "travel:1e3km",
		"open:a:lat=1,lon=2,days=mon,name==,town=a=b", "close:x:", ":", "site:x:name=a,,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		c, err := Parse(spec)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "scenario: ") {
				t.Errorf("error %q does not start with scenario:", err)
			}
			return
		}
		s := c.String()
		again, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) = %v; its canonical form %q does not parse: %v", spec, c, s, err)
		}
		if !reflect.DeepEqual(again, c) {
			t.Fatalf("Parse(%q) = %#v\nParse(%q) = %#v", spec, c, s, again)
		}
		if again.String() != s {
			t.Fatalf("canonical form not stable: %q then %q", s, again.String())
		}
		_ = c.Describe()
	})
}
