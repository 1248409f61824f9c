package solver_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/probation/rota/fixtures/synth"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/mip"
)

// hog keeps the other cores busy from the solver's first improved plan
// (Options.Progress, the solver's own event) until stop: no sleeps, no
// timers, so the load lands inside the search whatever the machine's speed.
type hog struct {
	once    sync.Once
	stop    atomic.Bool
	wg      sync.WaitGroup
	started atomic.Bool
}

func (h *hog) progress(mip.Progress) {
	h.once.Do(func() {
		h.started.Store(true)
		for range max(1, runtime.NumCPU()) {
			h.wg.Go(func() {
				x := 1.0
				for !h.stop.Load() {
					for range 1000 {
						x = x*1.0000001 + 1e-9
					}
				}
				_ = x
			})
		}
	})
}

func (h *hog) end() {
	h.stop.Store(true)
	h.wg.Wait()
}

// planBytes solves r and returns every file of the written rota, the
// solve's seconds in summary.json aside.
func planBytes(t *testing.T, fsys fs.FS, opt solver.Options) map[string][]byte {
	t.Helper()
	r := load(t, fsys)
	res, err := solver.Solve(context.Background(), r, opt)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if res.Stop != mip.StopNone {
		t.Fatalf("the solve stopped (%s): the time limit is meant to be generous", res.Stop)
	}
	verify(t, r, res)
	res.Plan.Summary.Seconds = 0 // how long the solve took: the one figure that may differ
	dir := t.TempDir()
	if err := res.Plan.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]byte)
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[filepath.Base(path)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSamePlanUnderLoad: the same input and seed give the same rota, byte
// for byte, whether the machine is idle or its cores are busy, with a
// generous time limit: every step of the search ends on a limit of work
// (gap, nodes, iterations), never on the clock, with the parts planned in
// two lanes (a worker process) as rota solve does.
func TestSamePlanUnderLoad(t *testing.T) {
	needCbc(t)
	gen, err := synth.Generate(synth.Options{Cases: 400, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	opt := solver.Options{TimeLimit: 10 * time.Minute, Seed: 1, Workers: 2}
	quiet := planBytes(t, gen.FS(), opt)

	h := &hog{}
	opt.Progress = h.progress
	loaded := planBytes(t, gen.FS(), opt)
	h.end()
	if !h.started.Load() {
		t.Fatal("the solver reported no progress: the load never started")
	}
	if len(quiet) != len(loaded) {
		t.Fatalf("%d files idle, %d under load", len(quiet), len(loaded))
	}
	for name, want := range quiet {
		if got := loaded[name]; !bytes.Equal(got, want) {
			t.Errorf("%s differs under load (%d bytes against %d)", name, len(got), len(want))
		}
	}
}
