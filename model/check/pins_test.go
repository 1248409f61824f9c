package check

import (
	"testing"

	"github.com/probation/rota/model"
)

// pinAppointment adds a pins.csv pinning u1's appointment at city on date, slot.
func pinAppointment(date, slot string) func(t *testing.T, f files) {
	return func(t *testing.T, f files) {
		f[model.FilePins] = "kind,service_user,date,slot,site\nappointment,u1," + date + "," + slot + ",city\n"
	}
}

// TestPinsKept: pins the fixture's rota keeps raise nothing; each one it
// does not is reported at the pin's line.
func TestPinsKept(t *testing.T) {
	for _, tc := range []struct {
		name, pins string
		want       []string
	}{
		{name: "kept", pins: "kind,practitioner,service_user,date,slot,site\n" +
			"appointment,,u1," + mon + ",afternoon,city\n" +
			"appointment,p1,u2," + mon + ",afternoon,city\n" +
			"staff,p1,," + mon + ",,city\n"},
		{name: "another slot, another site, another case manager", pins: "kind,practitioner,service_user,date,slot,site\n" +
			"appointment,,u1," + mon + ",morning,city\n" +
			"staff,p1,," + tue + ",,hub\n",
			want: []string{
				"pins.kept: pins.csv:2: appointment pin: u1 at city on 2018-06-04 morning is not in the rota",
				"pins.kept: pins.csv:3: staff pin: p1 at hub on 2018-06-05 is not in the rota",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := load(t, func(t *testing.T, f files) { f[model.FilePins] = tc.pins })
			p := baseline()
			derive(r, p)
			summarize(r, p)
			var got []string
			for _, v := range Pins(r, p) {
				got = append(got, v.String())
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("got %q, want %q", got[i], tc.want[i])
				}
			}
		})
	}
}
