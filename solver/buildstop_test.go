package solver

import (
	"errors"
	"github.com/probation/rota/fixtures/synth"
	"testing"
)

// TestBuildStops: building a part's model stops between two families'
// steps once b.stop reports a cancel, so a cancelled lane does not keep a
// processor busy for the seconds a large part takes to build.
func TestBuildStops(t *testing.T) {
	full, pt := builtGeneratedPart(t, 300, 3)
	b := newBuilder(full.r, pt.Pracs, pt.Users)
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

// builtGeneratedPart builds the first part of a region generated with
// cases and seed (rota generate), and returns its builder and the part.
func builtGeneratedPart(t *testing.T, cases int, seed int64) (*builder, Part) {
	t.Helper()
	files, err := synth.Generate(synth.Options{Cases: cases, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	r := loadRegion(t, files.FS())
	pt := Parts(r)[0]
	b := newBuilder(r, pt.Pracs, pt.Users)
	if err := b.build(); err != nil {
		t.Fatal(err)
	}
	return b, pt
}
