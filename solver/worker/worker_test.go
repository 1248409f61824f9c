package worker

import (
	"context"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
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

// onLog is a worker's log that calls fire once, when the log first holds
// want: a test acts on what the solver in the child reports, not on a
// timer.
type onLog struct {
	want string
	fire func()

	mu   sync.Mutex
	seen []byte
	done bool
}

func (l *onLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.seen = append(l.seen, b...)
		if strings.Contains(string(l.seen), l.want) {
			l.done = true
			l.fire()
		}
		if len(l.seen) > len(l.want) {
			l.seen = l.seen[len(l.seen)-len(l.want):]
		}
	}
	return len(b), nil
}

// found is the line Cbc logs when its heuristics find the first incumbent
// of assignment(20, 150, 7, 0.8), which it does not solve in a minute.
const found = "Solution found of"

// TestCancel: a solve cancelled once the child has an incumbent returns it,
// and the worker solves again afterwards.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var at time.Time
	w := New(&onLog{want: found, fire: func() {
		at = time.Now()
		cancel()
	}})
	defer w.Close()
	hard := assignment(20, 150, 7, 0.8)
	r, err := w.SolveMIP(ctx, hard, mip.Options{TimeLimit: time.Minute, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if at.IsZero() {
		t.Fatalf("the solve ended (%v, %v) without an incumbent logged", r.Status, r.Stop)
	}
	t.Logf("returned %v after the cancel: %v, %v", time.Since(at), r.Status, r.Stop)
	if r.Status != mip.Feasible || r.Stop != mip.StopCancelled {
		t.Errorf("status %v, stop %v, want feasible, cancelled", r.Status, r.Stop)
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

// TestTerminalSignals: Ctrl-C, a hangup or a SIGTERM reach the whole process
// group, the child too. The child stops its solve and answers with its best
// solution, as for a cancel, instead of dying.
func TestTerminalSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			var pid atomic.Int64
			w := New(&onLog{want: found, fire: func() { syscall.Kill(int(pid.Load()), sig) }})
			defer w.Close()
			if err := w.Start(); err != nil {
				t.Fatal(err)
			}
			pid.Store(int64(w.proc.cmd.Process.Pid))
			hard := assignment(20, 150, 7, 0.8)
			r, err := w.SolveMIP(context.Background(), hard, mip.Options{TimeLimit: time.Minute, Log: io.Discard})
			if err != nil {
				t.Fatalf("%v to the child: %v", sig, err)
			}
			if r.Status != mip.Feasible || r.Stop != mip.StopCancelled {
				t.Errorf("status %v, stop %v, want feasible, cancelled", r.Status, r.Stop)
			}
		})
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
