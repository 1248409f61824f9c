package check

import (
	"math"
	"strings"
	"testing"
)

// TestTravelNotFinite: a travel_km of NaN or Inf is never the distance
// from home (NaN used to pass every comparison).
func TestTravelNotFinite(t *testing.T) {
	for _, km := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		r, p := fixture(t)
		if len(p.Appointments) == 0 {
			t.Fatal("the fixture has no appointments")
		}
		p.Appointments[0].TravelKm = km
		rep := Check(r, p)
		found := false
		for _, v := range rep.Violations {
			found = found || v.Rule == "file.mismatch" && strings.Contains(v.String(), "travel_km")
		}
		if !found {
			t.Errorf("travel_km %g: no file.mismatch violation in %v", km, rep.Violations)
		}
	}
}
