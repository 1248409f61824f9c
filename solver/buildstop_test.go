package solver

import (
	"errors"
	"testing"

	"github.com/probation/rota/fixtures/synth"
)

// TestBuildStops: building a part's model stops between two families'
// steps once b.stop reports a cancel, so a cancelled lane does not keep a
// processor busy for the seconds a large part takes to build.
func TestBuildStops(t *testing.T) {
	files, err := synth.Generate(synth.Options{Cases: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	r := loadRegion(t, files.FS())
	pt := Parts(r)[0]
	full := newBuilder(r, pt.Pracs, pt.Users)
	if err := full.build(); err != nil {
		t.Fatal(err)
	}
	b := newBuilder(r, pt.Pracs, pt.Users)
	calls := 0
	b.stop = func() bool { calls++; return calls > len(b.families())+1 } // during the columns
	if err := b.build(); !errors.Is(err, errBuildStopped) {
		t.Fatalf("build with a cancel: %v, want errBuildStopped", err)
	}
	if b.p.NumRows() != 0 || b.p.NumCols() == 0 || b.p.NumCols() >= full.p.NumCols() {
		t.Errorf("stopped build has %d rows and %d of %d columns: want it stopped among the columns",
			b.p.NumRows(), b.p.NumCols(), full.p.NumCols())
	}
}
