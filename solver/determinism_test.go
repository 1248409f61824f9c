package solver_test

import (
	"bytes"
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/probation/rota/fixtures"
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

// TestCancelKeepsFirstPlan: a cancel at the solver's first improved plan
// (Options.Progress, the solver's own event) writes a plan at least that
// good, never a week planned empty: each part's best plan is kept as the
// search finds it, whether or not its lane returns within stopGrace.
func TestCancelKeepsFirstPlan(t *testing.T) {
	needCbc(t)
	r := load(t, fixtures.Stockton)
	if n := len(solver.Parts(r)); n != 1 {
		t.Fatalf("Stockton has %d parts, want 1 (Progress sums the parts planned so far)", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var first *mip.Progress
	opt := solver.Options{Seed: 1, Progress: func(p mip.Progress) {
		if first == nil {
			first = &p
			cancel()
		}
	}}
	res, err := solver.Solve(ctx, r, opt)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if first == nil {
		t.Fatal("no progress reported")
	}
	verify(t, r, res)
	if res.Stop != mip.StopCancelled {
		t.Errorf("Stop = %v, want cancelled", res.Stop)
	}
	if res.Objective > first.Objective+1e-6*math.Max(1, math.Abs(first.Objective)) {
		t.Errorf("objective %.3f after a cancel at the first plan (%.3f): that plan was lost", res.Objective, first.Objective)
	}
	if len(res.Plan.Appointments)+len(res.Plan.Attendance) == 0 {
		t.Error("nothing planned after a cancel at the first plan")
	}
}
