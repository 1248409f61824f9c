package coin

import (
	"context"
	"regexp"
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
	if wall > 2*time.Second {
		t.Errorf("solve with a 1 s limit took %v of wall time, want < 2 s", wall)
	}
	if r.Status != mip.Feasible || r.Stop != mip.StopTimeLimit {
		t.Fatalf("status %v, stop %v, want feasible, time limit", r.Status, r.Stop)
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

func TestCancel(t *testing.T) {
	skipWithoutSolver(t)
	p := hard()
	tests := []struct {
		name    string
		after   time.Duration
		threads int
		want    mip.Status
	}{
		{name: "during preprocessing", after: 2 * time.Millisecond, threads: 1, want: mip.NoSolution},
		{name: "with an incumbent", after: 400 * time.Millisecond, threads: 1, want: mip.Feasible},
		{name: "with an incumbent, 2 threads", after: 400 * time.Millisecond, threads: 2, want: mip.Feasible},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var at time.Time
			timer := time.AfterFunc(tt.after, func() {
				at = time.Now()
				cancel()
			})
			defer timer.Stop()
			r, err := SolveMIP(ctx, p, mip.Options{Threads: tt.threads, TimeLimit: 30 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			latency := time.Since(at)
			t.Logf("cancelled after %v: returned %v later, status %v, objective %v, gap %.2f%%", tt.after, latency, r.Status, r.Objective, 100*r.Gap)
			checkResult(t, p, r)
			if latency > time.Second {
				t.Errorf("returned %v after the cancel, want < 1 s", latency)
			}
			if r.Stop != mip.StopCancelled {
				t.Errorf("stop = %v, want cancelled", r.Stop)
			}
			if tt.want == mip.Feasible && r.Status != mip.Feasible {
				t.Errorf("status = %v, want feasible (the incumbent)", r.Status)
			}
			if tt.want == mip.NoSolution && r.Status.HasSolution() && r.Status != mip.Feasible {
				t.Errorf("status = %v, want no solution or feasible", r.Status)
			}
		})
	}
	t.Run("context deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		begin := time.Now()
		r, err := SolveMIP(ctx, p, mip.Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, p, r)
		if wall := time.Since(begin); wall > time.Second || r.Stop != mip.StopCancelled || r.Status != mip.Feasible {
			t.Errorf("after %v: status %v, stop %v, want feasible and cancelled within 1 s", wall, r.Status, r.Stop)
		}
	})
	t.Run("while waiting for another solve", func(t *testing.T) {
		release := make(chan struct{})
		started := make(chan struct{})
		finished := make(chan struct{})
		go func() {
			defer close(finished)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go func() { <-release; cancel() }()
			close(started)
			SolveMIP(ctx, p, mip.Options{})
		}()
		defer func() { <-finished }()
		<-started
		time.Sleep(50 * time.Millisecond) // let the first solve take the semaphore
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		begin := time.Now()
		_, err := SolveMIP(ctx, mips[0].build(), mip.Options{})
		close(release)
		if err == nil || !strings.Contains(err.Error(), "waiting for the solver") || time.Since(begin) > time.Second {
			t.Errorf("error = %v after %v, want a prompt context error while waiting", err, time.Since(begin))
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
		"seconds was changed from 1e+100 to 0.7",
		"threads was changed from 0 to 2",
		"ratioGap was changed from 0 to 0.5",
		"randomSeed was changed from 1234567 to 99",
		"randomCbcSeed was changed from -1 to 99",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	// A 50% gap is reached at once: optimal within the gap.
	if r.Status != mip.Optimal || r.Gap > 0.5 {
		t.Errorf("status %v gap %v with Options.Gap 0.5, want optimal within it", r.Status, r.Gap)
	}

	t.Run("threads", func(t *testing.T) {
		// With threads, Cbc's tree search reports how often it used each
		// worker thread; CPU time is too noisy on a shared machine.
		var log strings.Builder
		mustSolve(t, SolveMIP, p, mip.Options{TimeLimit: 1500 * time.Millisecond, Threads: 2, Log: &log})
		used := regexp.MustCompile(`Thread (\d+) used (\d+) times`).FindAllStringSubmatch(log.String(), -1)
		if len(used) != 2 {
			t.Fatalf("log reports %d worker threads, want 2:\n%s", len(used), log.String())
		}
		for _, m := range used {
			if n, _ := strconv.Atoi(m[2]); n == 0 {
				t.Errorf("thread %s was never used", m[1])
			}
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
