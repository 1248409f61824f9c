package coin

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/probation/rota/solver/mip"
)

// hard is a 3,000-binary generalised assignment (20 machines, 150 jobs,
// type D costs) that Cbc 2.10.8 does not close in seconds: about 5% gap
// after 1 s here.
func hard() *mip.Problem { return assignment(20, 150, 7, 0.8, false) }

func TestTimeLimit(t *testing.T) {
	skipWithoutSolver(t)
	p := hard()
	if got, want := p.NumIntegers(), 3000; got != want {
		t.Fatalf("hard instance has %d binaries, want %d", got, want)
	}
	var mu sync.Mutex
	var progress []mip.Progress
	opt := mip.Options{TimeLimit: time.Second, Progress: func(pr mip.Progress) {
		mu.Lock()
		progress = append(progress, pr)
		mu.Unlock()
	}}
	begin := time.Now()
	r := mustSolve(t, SolveMIP, p, opt)
	wall := time.Since(begin)
	t.Logf("1 s limit: wall %v, status %v, objective %v, bound %.2f, gap %.2f%%, %d nodes, %d incumbents",
		wall, r.Status, r.Objective, r.Bound, 100*r.Gap, r.Nodes, len(progress))
	// The instance runs far longer without a limit; how far Cbc gets in
	// the second depends on the machine's load: with no incumbent yet the
	// answer is no solution, which is as correct.
	if wall > 5*time.Second {
		t.Errorf("solve with a 1 s limit took %v of wall time", wall)
	}
	if (r.Status != mip.Feasible && r.Status != mip.NoSolution) || r.Stop != mip.StopTimeLimit {
		t.Fatalf("status %v, stop %v, want feasible or no solution, time limit", r.Status, r.Stop)
	}
	if r.Status == mip.NoSolution {
		return
	}
	if !(r.Gap > 0 && r.Gap < 1) || r.Bound > r.Objective {
		t.Errorf("gap %v with objective %v and bound %v, want a proper gap below the objective", r.Gap, r.Objective, r.Bound)
	}

	// Progress: improving incumbents, delivered in order, the last being
	// the result; each bound below its incumbent (a minimisation).
	mu.Lock()
	defer mu.Unlock()
	if len(progress) == 0 {
		t.Fatal("no progress reported")
	}
	for k, pr := range progress {
		if pr.Bound > pr.Objective+1e-6 || pr.Elapsed <= 0 || pr.Elapsed > wall {
			t.Errorf("progress %d = %+v: bound above objective, or elapsed outside (0, %v]", k, pr, wall)
		}
		if k > 0 && (pr.Objective >= progress[k-1].Objective || pr.Elapsed < progress[k-1].Elapsed) {
			t.Errorf("progress %d = %+v does not improve on %+v", k, pr, progress[k-1])
		}
	}
	if last := progress[len(progress)-1]; !near(last.Objective, r.Objective) {
		t.Errorf("last incumbent reported %v, result %v", last.Objective, r.Objective)
	}
}

// TestCancel cancels solves at points the solver itself reports (no timer
// races the solve) and accepts every outcome that is correct there.
func TestCancel(t *testing.T) {
	skipWithoutSolver(t)
	p := hard()
	tests := []struct {
		name    string
		at      event // cancel when the solver reports it; 0: at the first incumbent forwarded to Progress
		threads int
		want    []mip.Status
	}{
		// Cbc may or may not find a solution in what is left of its root
		// node once it sees the cancel.
		{name: "during preprocessing", at: eventCbcStarted, threads: 1, want: []mip.Status{mip.NoSolution, mip.Feasible}},
		{name: "in the search", at: eventCbcNode, threads: 1, want: []mip.Status{mip.NoSolution, mip.Feasible}},
		{name: "with an incumbent", threads: 1, want: []mip.Status{mip.Feasible}},
		{name: "with an incumbent, 2 threads", threads: 2, want: []mip.Status{mip.Feasible}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var once sync.Once
			var at time.Time
			stop := func() {
				once.Do(func() {
					at = time.Now()
					cancel()
				})
			}
			opt := mip.Options{Threads: tt.threads, TimeLimit: time.Minute}
			if tt.at != 0 {
				onEvent(t, func(e event) {
					if e == tt.at {
						stop()
					}
				})
			} else {
				opt.Progress = func(mip.Progress) { stop() }
			}
			r, err := SolveMIP(ctx, p, opt)
			if err != nil {
				t.Fatal(err)
			}
			if at.IsZero() {
				t.Fatalf("the solve ended (%v, %v) before the point to cancel it", r.Status, r.Stop)
			}
			latency := time.Since(at)
			t.Logf("returned %v after the cancel: status %v, objective %v, gap %.2f%%", latency, r.Status, r.Objective, 100*r.Gap)
			checkResult(t, p, r)
			if r.Stop != mip.StopCancelled {
				t.Errorf("stop = %v, want cancelled", r.Stop)
			}
			if !slices.Contains(tt.want, r.Status) {
				t.Errorf("status = %v, want one of %v", r.Status, tt.want)
			}
			// A hang, not speed: the time limit is a minute.
			if latency > 20*time.Second {
				t.Errorf("returned %v after the cancel", latency)
			}
		})
	}
	t.Run("context deadline", func(t *testing.T) {
		// Whether the deadline passes before the solve starts, in it, or
		// after its first incumbent depends on the machine: each outcome
		// is checked for what it must be.
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		r, err := SolveMIP(ctx, p, mip.Options{TimeLimit: time.Minute})
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error %v, want one wrapping the deadline", err)
			}
			return
		}
		checkResult(t, p, r)
		if r.Stop != mip.StopCancelled || (r.Status != mip.Feasible && r.Status != mip.NoSolution) {
			t.Errorf("status %v, stop %v, want feasible or no solution, cancelled", r.Status, r.Stop)
		}
	})
	t.Run("while waiting for another solve", func(t *testing.T) {
		// The first solve holds the solver from its start event until the
		// second has ended.
		holding := make(chan struct{})
		release := make(chan struct{})
		var once sync.Once
		onEvent(t, func(e event) {
			if e == eventCbcStarted {
				once.Do(func() {
					close(holding)
					<-release
				})
			}
		})
		finished := make(chan struct{})
		go func() {
			defer close(finished)
			SolveMIP(context.Background(), mips[0].build(), mip.Options{})
		}()
		<-holding
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := SolveMIP(ctx, mips[0].build(), mip.Options{})
			errc <- err
		}()
		// The second solve is waiting or about to wait: either way the
		// cancel must end it with a context error, not a solve.
		cancel()
		err := <-errc
		close(release)
		<-finished
		if err == nil || !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want a context error", err)
		}
	})
}

func TestParametersTakeEffect(t *testing.T) {
	skipWithoutSolver(t)
	// Cbc ignores parameter names it does not know, so check that it
	// echoed each one, and where possible that it acted on it.
	p := hard()
	var log strings.Builder
	r := mustSolve(t, SolveMIP, p, mip.Options{TimeLimit: 700 * time.Millisecond, Threads: 2, Seed: 99, Gap: 0.5, Log: &log})
	for _, want := range []string{
		"Option for timeMode changed from cpu to elapsed",
		"threads was changed from 0 to 2",
		"ratioGap was changed from 0 to 0.5",
		"randomSeed was changed from 1234567 to 99",
		"randomCbcSeed was changed from -1 to 99",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	// The time limit never reaches Cbc: its heuristics and cut passes
	// read it, and the search would then depend on the clock.
	if strings.Contains(log.String(), "seconds was changed") {
		t.Errorf("Cbc was given a seconds limit:\n%s", log.String())
	}
	// A 50% gap is reached at once: optimal within the gap.
	if r.Status != mip.Optimal || r.Gap > 0.5 {
		t.Errorf("status %v gap %v with Options.Gap 0.5, want optimal within it", r.Status, r.Gap)
	}

	t.Run("threads", func(t *testing.T) {
		// With threads, Cbc's tree search reports how often it used each
		// worker thread; CPU time is too noisy on a shared machine. A node
		// limit, not a time limit, bounds the search, and which thread took
		// the nodes depends on the machine's load: the search as a whole
		// must have used them.
		var log strings.Builder
		mustSolve(t, SolveMIP, p, mip.Options{TimeLimit: time.Minute, Threads: 2, Log: &log, SolverArgs: []string{"-maxNodes", "400"}})
		used := regexp.MustCompile(`Thread (\d+) used (\d+) times`).FindAllStringSubmatch(log.String(), -1)
		if len(used) != 2 {
			t.Fatalf("log reports %d worker threads, want 2:\n%s", len(used), log.String())
		}
		total := 0
		for _, m := range used {
			n, _ := strconv.Atoi(m[2])
			total += n
		}
		if total == 0 {
			t.Errorf("the worker threads were never used:\n%s", log.String())
		}
	})
}

func TestLPTimeLimit(t *testing.T) {
	skipWithoutSolver(t)
	// The relaxation of a 16,000-column assignment takes Clp tens of
	// milliseconds; a 1 ns limit stops it at its first iteration.
	p := assignment(40, 400, 9, 0.8, false)
	r := mustSolve(t, SolveLP, p, mip.Options{TimeLimit: time.Nanosecond})
	if r.Status != mip.NoSolution || r.Stop != mip.StopTimeLimit {
		t.Errorf("status %v, stop %v, want no solution, time limit", r.Status, r.Stop)
	}
	r = mustSolve(t, SolveLP, p, mip.Options{})
	if r.Status != mip.Optimal {
		t.Errorf("status %v without a limit, want optimal", r.Status)
	}
}
