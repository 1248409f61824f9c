package worker

import (
	"context"
	"math"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/probation/rota/solver/coin"
	"github.com/probation/rota/solver/mip"
	"github.com/probation/rota/solver/mip/miptest"
)

func TestMain(m *testing.M) { RunTests(m) }

// assignment is a generalised assignment MIP (miptest.Assignment without
// overtime): m agents, n jobs; large ones are hard for Cbc.
func assignment(m, n int, seed uint64, tight float64) *mip.Problem {
	return miptest.Assignment(m, n, seed, tight, false)
}

// TestSameAsInProcess: the worker's answers are package coin's, LP and
// MIP, with a start and solver arguments carried over.
func TestSameAsInProcess(t *testing.T) {
	w := New(nil)
	defer w.Close()
	p := assignment(4, 15, 3, 1.2)
	tests := []struct {
		name string
		in   mip.SolveFunc
		out  mip.SolveFunc
		opt  mip.Options
	}{
		{"MIP", coin.SolveMIP, w.SolveMIP, mip.Options{Gap: 1e-6}},
		{"MIP with arguments", coin.SolveMIP, w.SolveMIP, mip.Options{SolverArgs: []string{"-cuts", "off"}, TimeLimit: time.Minute}},
		{"LP", coin.SolveLP, w.SolveLP, mip.Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := tt.in(context.Background(), p, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tt.out(context.Background(), p, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != want.Status || math.Abs(got.Objective-want.Objective) > 1e-6 || len(got.X) != len(want.X) {
				t.Fatalf("worker: %v %v (%d values); in process: %v %v (%d values)", got.Status, got.Objective, len(got.X), want.Status, want.Objective, len(want.X))
			}
			for j, v := range got.X {
				if math.Abs(v-want.X[j]) > 1e-6 {
					t.Fatalf("column %d: %v in the worker, %v in process", j, v, want.X[j])
				}
			}
			if len(got.Duals) != len(want.Duals) {
				t.Errorf("%d duals, want %d", len(got.Duals), len(want.Duals))
			}
		})
	}
}

// TestStart: a MIP start reaches the child (a node limit of 0 returns it).
func TestStart(t *testing.T) {
	w := New(nil)
	defer w.Close()
	p := assignment(4, 15, 3, 1.2)
	lp, err := coin.SolveMIP(context.Background(), p, mip.Options{Gap: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.SolveMIP(context.Background(), p, mip.Options{Start: lp.X, SolverArgs: []string{"-maxNodes", "0", "-cuts", "off", "-heuristicsOnOff", "off"}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Status.HasSolution() || got.Objective > lp.Objective+1e-6 {
		t.Errorf("from a start of %v: %v %v", lp.Objective, got.Status, got.Objective)
	}
}

// TestConcurrent: two workers solve at the same time and agree with one
// another.
func TestConcurrent(t *testing.T) {
	p := assignment(4, 16, 5, 1.1)
	var wg sync.WaitGroup
	res := make([]*mip.Result, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := New(nil)
			defer w.Close()
			res[i], errs[i] = w.SolveMIP(context.Background(), p, mip.Options{TimeLimit: time.Minute})
		}()
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
	}
	if res[0].Objective != res[1].Objective || res[0].Status != mip.Optimal {
		t.Errorf("objectives %v (%v) and %v (%v)", res[0].Objective, res[0].Status, res[1].Objective, res[1].Status)
	}
}

// TestCancel: a cancelled solve returns soon with the child's best
// solution, and the worker solves again afterwards.
func TestCancel(t *testing.T) {
	w := New(nil)
	defer w.Close()
	hard := assignment(20, 150, 7, 0.8)
	// Start the process first, so that the cancel lands in the search.
	if _, err := w.SolveLP(context.Background(), hard, mip.Options{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var at time.Time
	timer := time.AfterFunc(800*time.Millisecond, func() {
		at = time.Now()
		cancel()
	})
	defer timer.Stop()
	r, err := w.SolveMIP(ctx, hard, mip.Options{TimeLimit: 60 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if late := time.Since(at); late > 2*time.Second {
		t.Errorf("returned %v after the cancel", late)
	}
	if r.Stop == mip.StopNone && r.Status != mip.Optimal {
		t.Errorf("status %v, stop %v", r.Status, r.Stop)
	}
	if r.Status.HasSolution() {
		if err := hard.Check(r.X, 1e-6); err != nil {
			t.Error(err)
		}
	}
	small := assignment(3, 10, 1, 1.2)
	if r, err := w.SolveMIP(context.Background(), small, mip.Options{}); err != nil || r.Status != mip.Optimal {
		t.Fatalf("after a cancel: %v, %v", r, err)
	}
	if _, err := w.SolveMIP(ctx, small, mip.Options{}); err == nil {
		t.Error("a solve with a cancelled context ran")
	}
}

// TestDeadChild: a child that dies fails its solve with an error; the next
// solve starts another.
func TestDeadChild(t *testing.T) {
	w := New(nil)
	defer w.Close()
	small := assignment(3, 10, 1, 1.2)
	if _, err := w.SolveMIP(context.Background(), small, mip.Options{}); err != nil {
		t.Fatal(err)
	}
	w.mu.Lock()
	w.proc.cmd.Process.Kill()
	<-w.proc.exited
	w.mu.Unlock()
	if _, err := w.SolveMIP(context.Background(), small, mip.Options{}); err == nil {
		t.Fatal("a dead worker answered")
	}
	if r, err := w.SolveMIP(context.Background(), small, mip.Options{}); err != nil || r.Status != mip.Optimal {
		t.Fatalf("after a dead child: %v, %v", r, err)
	}
}

// TestSolverError: the child's errors come back as errors.
func TestSolverError(t *testing.T) {
	w := New(nil)
	defer w.Close()
	p := assignment(2, 3, 1, 1)
	if _, err := w.SolveMIP(context.Background(), p, mip.Options{Gap: -1}); err == nil {
		t.Error("a negative gap was accepted")
	}
	if _, err := w.SolveMIP(context.Background(), nil, mip.Options{}); err == nil {
		t.Error("a nil problem was accepted")
	}
}

// TestNoMain: a program that does not serve as a worker (here one that
// exits at once and one that never greets) fails Start with an error, and
// a process started as a worker does not start workers.
func TestNoMain(t *testing.T) {
	defer func(e func() (string, error), d time.Duration) { executable, greetTimeout = e, d }(executable, greetTimeout)
	greetTimeout = 300 * time.Millisecond
	for _, prog := range []string{"/bin/true", "/usr/bin/yes"} {
		if _, err := os.Stat(prog); err != nil {
			t.Logf("no %s", prog)
			continue
		}
		executable = func() (string, error) { return prog, nil }
		w := New(nil)
		if err := w.Start(); err == nil {
			t.Errorf("%s started as a worker", prog)
		} else {
			t.Logf("%s: %v", prog, err)
		}
		if _, err := w.SolveMIP(context.Background(), assignment(2, 3, 1, 1), mip.Options{}); err == nil {
			t.Errorf("%s solved", prog)
		}
		w.Close()
	}
	executable = os.Executable
	t.Setenv(Env, "1")
	if err := New(nil).Start(); err == nil {
		t.Error("a worker started a worker")
	}
}
