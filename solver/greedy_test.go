package solver

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/fixtures/synth"
	"github.com/probation/rota/solver/mip"
)

// startRegions are the regions the start tests build. testdata/greedy-start
// (457 cases, found among about 500 varied small regions) has a person with
// two unpaid_work requirements, whom the greedy once put in one work party
// twice (rows uwday_ and slot_ at 2), which stopped the solve.
func startRegions(t *testing.T) []struct {
	name string
	fsys fs.FS
} {
	t.Helper()
	gen, err := synth.Generate(synth.Options{Cases: 80, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return []struct {
		name string
		fsys fs.FS
	}{
		{"greedy-start", os.DirFS("testdata/greedy-start")},
		{"stockton", fixtures.Stockton},
		{"synth-80", gen.FS()},
	}
}

// TestStartsMeetEveryRow: the greedy start, and the plan with no
// activities, meet every row of every part's model.
func TestStartsMeetEveryRow(t *testing.T) {
	for _, reg := range startRegions(t) {
		for i, b := range builtParts(t, loadRegion(t, reg.fsys)) {
			for _, st := range []struct {
				name string
				plan func() []float64
			}{
				{"greedy", b.greedy},
				{"no activities", b.emptyStart},
			} {
				if err := b.p.Check(st.plan(), 1e-6); err != nil {
					t.Errorf("%s, part %d: the %s start breaks the model: %v", reg.name, i, st.name, err)
				}
			}
		}
	}
}

// TestBrokenStartDropped: a start that breaks a row is logged and dropped,
// and a valid one offered after it is kept.
func TestBrokenStartDropped(t *testing.T) {
	b := builtParts(t, loadRegion(t, fixtures.Stockton))[0]
	var log bytes.Buffer
	b.log = &log
	broken := func() []float64 {
		x := b.greedy()
		for j := range x {
			if b.p.Col(j).Integer {
				x[j] = 2 // above every binary's bound
				break
			}
		}
		return x
	}
	s := newPartSearch(context.Background(), b, nil, mip.Options{})
	if err := s.tryStart(" broken", broken); err == nil || s.best != nil {
		t.Fatalf("a broken start was kept (err %v)", err)
	}
	if got := log.String(); !strings.Contains(got, "greedy start broken dropped: it breaks the model") {
		t.Errorf("log %q: want the dropped start named", got)
	}
	s.tryStart(" with no activities", b.emptyStart)
	if s.best == nil {
		t.Fatal("the plan with no activities was not kept")
	}
	s.tryStart("", b.greedy)
	if got, want := s.bestObj, b.p.Evaluate(b.greedy()); got != want {
		t.Errorf("objective kept %g, want the greedy's %g (the better)", got, want)
	}
}
