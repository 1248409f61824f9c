// Package worker runs Cbc and Clp solves in a child process, so that
// several can run at once.
//
// The COIN-OR solvers keep static state: one solve at a time per process
// (package coin serialises its calls). A Worker is one child process, this
// same executable started again with the environment variable Env set,
// which serves one solve at a time over a pair of pipes. A program that
// uses workers must call Main first thing in main (and a test binary in
// TestMain): in a worker process Main serves and exits; elsewhere it
// returns at once.
//
// A Worker starts its process on its first solve (or Start) and keeps it
// for the next. The child greets the parent as soon as Main runs; a
// program that does not call Main is stopped after a few seconds without
// a greeting, and a process started as a worker never starts workers of
// its own, so a program that forgets Main fails loudly instead of
// starting copies of itself. Options.Progress is not called (incumbents stay in the child);
// Options.Log receives the child's log when the Worker was made with one.
// Cancelling a solve's context interrupts the child, which returns its best
// solution as a cancelled solve does in package coin; the process is then
// replaced on the next solve. A child that dies makes that solve fail with
// an error and is replaced on the next.
package worker

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"github.com/probation/rota/solver/coin"
	"github.com/probation/rota/solver/mip"
)

// Env is the environment variable that makes a process a worker.
const Env = "ROTA_SOLVER_WORKER"

// request is one solve, parent to child.
type request struct {
	LP         bool
	Problem    *mip.Problem
	TimeLimit  time.Duration
	Gap        float64
	Threads    int
	Seed       int
	Log        bool
	Start      []float64
	SolverArgs []string
	Iterations int
}

// hello is the child's greeting, sent once Main runs.
type hello struct{ Pid int }

// response is a solve's answer, child to parent: Err is set when the solve
// returned an error (Result is then nil).
type response struct {
	Result *mip.Result
	Err    string
}

// Worker is a solver worker process (see the package comment). Its methods
// are safe for concurrent use; solves on one Worker run one at a time.
type Worker struct {
	log io.Writer

	mu   sync.Mutex
	proc *process
}

// New returns a Worker whose process starts on the first solve. log, if
// not nil, receives the child's standard output and error (the solvers'
// logs when a solve asks for one).
func New(log io.Writer) *Worker { return &Worker{log: log} }

// SolveMIP is coin.SolveMIP in the worker process.
func (w *Worker) SolveMIP(ctx context.Context, p *mip.Problem, opt mip.Options) (*mip.Result, error) {
	return w.solve(ctx, p, opt, false)
}

// SolveLP is coin.SolveLP in the worker process.
func (w *Worker) SolveLP(ctx context.Context, p *mip.Problem, opt mip.Options) (*mip.Result, error) {
	return w.solve(ctx, p, opt, true)
}

// Start starts the worker process if it is not running, and returns once
// it has greeted: an error here means no solve could run (see the package
// comment).
func (w *Worker) Start() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.startLocked()
}

// startLocked is Start with w.mu held.
func (w *Worker) startLocked() error {
	if w.proc != nil {
		return nil
	}
	pr, err := start(w.log)
	if err != nil {
		return err
	}
	w.proc = pr
	return nil
}

// Close stops the worker process, if it runs. A later solve starts another.
func (w *Worker) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.proc == nil {
		return nil
	}
	err := w.proc.stop()
	w.proc = nil
	return err
}

func (w *Worker) solve(ctx context.Context, p *mip.Problem, opt mip.Options, lp bool) (*mip.Result, error) {
	if p == nil {
		return nil, errors.New("worker: nil problem")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("worker: not started: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.startLocked(); err != nil {
		return nil, err
	}
	req := request{LP: lp, Problem: p, TimeLimit: opt.TimeLimit, Gap: opt.Gap, Threads: opt.Threads, Seed: opt.Seed, Iterations: opt.Iterations,
		Log: opt.Log != nil && w.log != nil, Start: opt.Start, SolverArgs: opt.SolverArgs}
	res, interrupted, err := w.proc.call(ctx, &req)
	if err != nil || interrupted {
		// A process that failed, or that was interrupted (a late signal
		// could cut short its next solve), is not used again. It is let go
		// in the background: an interrupted solve returns at once.
		go w.proc.stop()
		w.proc = nil
	}
	return res, err
}

// process is a running worker process.
type process struct {
	cmd    *exec.Cmd
	enc    *gob.Encoder
	dec    *gob.Decoder
	reqW   *os.File // parent's end of the request pipe
	resR   *os.File // parent's end of the response pipe
	exited chan struct{}
	err    error // the process's exit error, set before exited is closed
}

// executable is the program a worker runs: this one.
var executable = os.Executable

// greetTimeout is how long a new child has to greet.
var greetTimeout = 10 * time.Second

func start(log io.Writer) (*process, error) {
	if os.Getenv(Env) != "" {
		return nil, fmt.Errorf("worker: this process was started as a solver worker (%s is set) but did not call worker.Main", Env)
	}
	exe, err := executable()
	if err != nil {
		return nil, fmt.Errorf("worker: finding this program: %w", err)
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("worker: %w", err)
	}
	resR, resW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, fmt.Errorf("worker: %w", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), Env+"=1")
	cmd.ExtraFiles = []*os.File{reqR, resW} // fd 3 and 4 in the child
	if log != nil {
		cmd.Stdout, cmd.Stderr = log, log
	}
	setParentDeathSignal(cmd)
	err = cmd.Start()
	reqR.Close()
	resW.Close()
	if err != nil {
		reqW.Close()
		resR.Close()
		return nil, fmt.Errorf("worker: starting %s: %w", exe, err)
	}
	pr := &process{cmd: cmd, enc: gob.NewEncoder(reqW), dec: gob.NewDecoder(resR), reqW: reqW, resR: resR, exited: make(chan struct{})}
	go func() {
		pr.err = cmd.Wait()
		close(pr.exited)
	}()
	greeted := make(chan error, 1)
	go func() {
		var h hello
		greeted <- pr.dec.Decode(&h)
	}()
	select {
	case err = <-greeted:
	case <-time.After(greetTimeout):
		err = fmt.Errorf("no greeting in %v", greetTimeout)
	}
	if err != nil {
		pr.cmd.Process.Kill()
		pr.stop()
		return nil, fmt.Errorf("worker: %s did not start as a solver worker (does it call worker.Main first thing?): %v", exe, err)
	}
	return pr, nil
}

// interruptGrace is how long an interrupted child has to return its best
// solution before it is killed.
const interruptGrace = 5 * time.Second

// call sends req and waits for the answer. On ctx's cancellation the child
// is interrupted (interrupted is then true) and its answer still read.
func (pr *process) call(ctx context.Context, req *request) (res *mip.Result, interrupted bool, err error) {
	type answer struct {
		resp response
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		var a answer
		if a.err = pr.enc.Encode(req); a.err == nil {
			a.err = pr.dec.Decode(&a.resp)
		}
		got <- a
	}()
	var a answer
	select {
	case a = <-got:
	case <-ctx.Done():
		interrupted = true
		pr.cmd.Process.Signal(os.Interrupt)
		select {
		case a = <-got:
		case <-time.After(interruptGrace):
			pr.cmd.Process.Kill()
			a = <-got
		}
	}
	if a.err != nil {
		// The pipe broke: say why the process went, if it did.
		select {
		case <-pr.exited:
			return nil, interrupted, fmt.Errorf("worker: the solver process ended: %v", pr.err)
		case <-time.After(time.Second):
		}
		return nil, interrupted, fmt.Errorf("worker: %w", a.err)
	}
	if a.resp.Err != "" {
		return nil, interrupted, errors.New(a.resp.Err)
	}
	if a.resp.Result == nil {
		return nil, interrupted, errors.New("worker: an empty answer")
	}
	return a.resp.Result, interrupted, nil
}

// stop ends the process: closing its request pipe ends it between solves;
// it is killed if it has not gone within a second.
func (pr *process) stop() error {
	pr.reqW.Close()
	select {
	case <-pr.exited:
	case <-time.After(time.Second):
		pr.cmd.Process.Kill()
		<-pr.exited
	}
	pr.resR.Close()
	return nil
}

// Main makes this process a worker when Env is set: it serves solves on
// file descriptors 3 (requests) and 4 (answers) until the first is closed,
// then exits. Without Env it returns at once.
func Main() {
	if os.Getenv(Env) == "" {
		return
	}
	in, out := os.NewFile(3, "requests"), os.NewFile(4, "answers")
	if err := serve(in, out); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// RunTests is the body of TestMain in a test binary whose tests start
// workers: started as a worker, the binary serves; otherwise it runs the
// tests and exits.
//
//	func TestMain(m *testing.M) { worker.RunTests(m) }
func RunTests(m interface{ Run() int }) {
	Main()
	os.Exit(m.Run())
}

// serve answers requests from in on out until in ends. SIGINT (the
// parent's cancel) cancels the solve running, and so do the signals a
// terminal sends its whole process group, the child included: Ctrl-C
// (SIGINT), a hangup (SIGHUP) and SIGTERM. The parent, which receives them
// too, decides what happens next; the child answers with its best solution
// instead of dying.
func serve(in io.Reader, out io.Writer) error {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	dec, enc := gob.NewDecoder(in), gob.NewEncoder(out)
	if err := enc.Encode(hello{Pid: os.Getpid()}); err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("reading a request: %w", err)
		}
		// An interrupt that came between solves was meant for an earlier one.
		select {
		case <-sig:
		default:
		}
		ctx, cancel := context.WithCancel(context.Background())
		stop := make(chan struct{})
		go func() {
			select {
			case <-sig:
				cancel()
			case <-stop:
			}
		}()
		opt := mip.Options{TimeLimit: req.TimeLimit, Gap: req.Gap, Threads: req.Threads, Seed: req.Seed,
			Start: req.Start, SolverArgs: req.SolverArgs, Iterations: req.Iterations}
		if req.Log {
			opt.Log = os.Stderr
		}
		solve := coin.SolveMIP
		if req.LP {
			solve = coin.SolveLP
		}
		res, err := solve(ctx, req.Problem, opt)
		close(stop)
		cancel()
		resp := response{Result: res}
		if err != nil {
			resp = response{Err: err.Error()}
		}
		if err := enc.Encode(&resp); err != nil {
			return fmt.Errorf("writing an answer: %w", err)
		}
		// Between solves the process holds nothing: give its memory
		// back, as it sits beside the planning process.
		debug.FreeOSMemory()
	}
}
