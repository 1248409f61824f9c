//go:build cgo

package coin

/*
#cgo pkg-config: cbc
#cgo CXXFLAGS: -std=c++17 -O2 -Wno-deprecated-declarations
#include "shim.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/probation/rota/solver/mip"
)

// sem serialises every call into Cbc and Clp: CbcSolver.cpp keeps static
// state and Cbc_solve is not safe to run concurrently even on separate
// models. A channel rather than a mutex so that waiting honours a context.
var sem = make(chan struct{}, 1)

// pollEvery is how often the watcher forwards queued incumbents and log
// output while a solve runs.
const pollEvery = 20 * time.Millisecond

// Available reports whether the COIN-OR solvers are linked in: true in a
// build with cgo.
func Available() bool { return true }

// SolveMIP solves p with Cbc's branch and cut; see the package comment. A
// problem without integer columns is solved with Clp, as SolveLP does.
func SolveMIP(ctx context.Context, p *mip.Problem, opt mip.Options) (*mip.Result, error) {
	if p != nil && p.NumIntegers() == 0 {
		return solve(ctx, p, opt, false)
	}
	return solve(ctx, p, opt, true)
}

// SolveLP solves the continuous relaxation of p (integrality is ignored) with
// Clp's simplex method and reports duals and reduced costs; see the package
// comment. Options.Threads, Gap, Start and Progress do not apply.
func SolveLP(ctx context.Context, p *mip.Problem, opt mip.Options) (*mip.Result, error) {
	return solve(ctx, p, opt, false)
}

func checkArgs(p *mip.Problem, opt mip.Options, isMIP bool) error {
	if p == nil {
		return errors.New("coin: nil problem")
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("coin: invalid problem: %w", err)
	}
	switch {
	case opt.TimeLimit < 0:
		return fmt.Errorf("coin: negative time limit %v", opt.TimeLimit)
	case math.IsNaN(opt.Gap) || opt.Gap < 0:
		return fmt.Errorf("coin: gap %v is not a non-negative number", opt.Gap)
	case opt.Threads < 0:
		return fmt.Errorf("coin: negative thread count %d", opt.Threads)
	case opt.Seed < math.MinInt32 || opt.Seed > math.MaxInt32:
		return fmt.Errorf("coin: seed %d does not fit in 32 bits", opt.Seed)
	}
	if isMIP && opt.Start != nil && len(opt.Start) != p.NumCols() {
		return fmt.Errorf("coin: MIP start has %d values for %d columns", len(opt.Start), p.NumCols())
	}
	for j, v := range opt.Start {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("coin: MIP start value %v for column %d", v, j)
		}
	}
	return nil
}

func solve(ctx context.Context, p *mip.Problem, opt mip.Options, isMIP bool) (*mip.Result, error) {
	if err := checkArgs(p, opt, isMIP); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("coin: not started: %w", err)
	}
	if r := trivial(p); r != nil {
		return r, nil
	}
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("coin: waiting for the solver: %w", ctx.Err())
	}
	defer func() { <-sem }()
	return run(ctx, p, opt, isMIP)
}

// trivial answers problems the solvers need not see: no columns (every row
// must then admit activity 0) or crossed bounds.
func trivial(p *mip.Problem) *mip.Result {
	infeasible := &mip.Result{Status: mip.Infeasible, Objective: math.NaN(), Gap: math.Inf(1)}
	if p.Sense == mip.Maximize {
		infeasible.Bound = math.Inf(-1)
	} else {
		infeasible.Bound = math.Inf(1)
	}
	if p.CrossedBounds() {
		return infeasible
	}
	if p.NumCols() > 0 {
		return nil
	}
	for _, r := range p.Rows() {
		if r.Lo > 0 || r.Hi < 0 {
			return infeasible
		}
	}
	return &mip.Result{
		Status:       mip.Optimal,
		Objective:    p.Offset,
		Bound:        p.Offset,
		X:            []float64{},
		RowActivity:  make([]float64, p.NumRows()),
		Duals:        make([]float64, p.NumRows()),
		ReducedCosts: []float64{},
	}
}

// run makes one solver call. The caller holds sem. Everything C stays in
// here: the control block is freed on return and the solver writes its
// answers straight into Go slices.
func run(ctx context.Context, p *mip.Problem, opt mip.Options, isMIP bool) (*mip.Result, error) {
	begin := time.Now()
	c := newCall(p, opt, isMIP)
	defer c.pin.Unpin()
	ctl := C.rota_ctl_new()
	if ctl == nil {
		return nil, errors.New("coin: out of memory")
	}
	defer C.rota_ctl_free(ctl)
	if eventHook.Load() != nil {
		C.rota_ctl_report_events(ctl)
	}
	logDone, err := c.startLog()
	if err != nil {
		return nil, err
	}
	rcode := c.solveWatched(ctx, ctl)
	if logDone != nil {
		<-logDone
	}
	foreignHandlers.Add(int64(c.res.foreign_handlers))
	if rcode != 0 {
		return nil, fmt.Errorf("coin: %s", C.GoString(&c.res.err[0]))
	}
	r := c.result()
	r.Elapsed = time.Since(begin)
	return r, nil
}

// call is one solver call: the problem and parameters in the shim's form,
// pinned for as long as the call lasts, and the Go slices it answers in.
type call struct {
	p     *mip.Problem
	opt   mip.Options
	isMIP bool
	sign  float64 // the solvers always minimise sign·cost

	pin  runtime.Pinner
	prob C.rota_problem
	par  C.rota_params
	res  C.rota_result

	x, duals, rc []float64
	timeHit      atomic.Bool // the watcher stopped the solve at its time limit
}

// newCall lays p out for the shim. The caller unpins c.pin when done.
func newCall(p *mip.Problem, opt mip.Options, isMIP bool) *call {
	c := &call{p: p, opt: opt, isMIP: isMIP, sign: 1}
	if p.Sense == mip.Maximize {
		c.sign = -1
	}
	n, m := p.NumCols(), p.NumRows()
	start, index, value := p.CSC()
	collb, colub, obj := make([]float64, n), make([]float64, n), make([]float64, n)
	isint := make([]byte, n)
	for j, col := range p.Cols() {
		collb[j], colub[j], obj[j] = coinInf(col.Lo), coinInf(col.Hi), c.sign*col.Cost
		if col.Integer && isMIP {
			isint[j] = 1
		}
	}
	rowlb, rowub := make([]float64, m), make([]float64, m)
	for i, r := range p.Rows() {
		rowlb[i], rowub[i] = coinInf(r.Lo), coinInf(r.Hi)
	}
	var names []byte
	if isMIP {
		names = []byte(strings.Join(append(p.ColNames(), p.RowNames()...), "\x00") + "\x00")
	}
	c.x, c.duals, c.rc = make([]float64, n), make([]float64, m), make([]float64, n)

	pin := &c.pin
	c.prob = C.rota_problem{
		ncols: C.int(n),
		nrows: C.int(m),
		start: iptr(pin, start),
		index: iptr(pin, index),
		value: dptr(pin, value),
		collb: dptr(pin, collb),
		colub: dptr(pin, colub),
		obj:   dptr(pin, obj),
		rowlb: dptr(pin, rowlb),
		rowub: dptr(pin, rowub),
		isint: (*C.char)(unsafe.Pointer(bptr(pin, isint))),
		names: (*C.char)(unsafe.Pointer(bptr(pin, names))),
	}
	if isMIP && opt.Start != nil {
		c.prob.mipstart = dptr(pin, opt.Start)
	}
	c.par = C.rota_params{
		time_limit:     C.double(opt.TimeLimit.Seconds()),
		gap:            C.double(opt.Gap),
		threads:        C.int(opt.Threads),
		seed:           C.int(opt.Seed),
		log_fd:         -1,
		max_iterations: C.int(min(opt.Iterations, math.MaxInt32)),
	}
	if isMIP && len(opt.SolverArgs) > 0 {
		var extra []byte
		for _, a := range opt.SolverArgs {
			extra = append(append(extra, a...), 0)
		}
		extra = append(extra, 0)
		c.par.extra = (*C.char)(unsafe.Pointer(bptr(pin, extra)))
	}
	c.res = C.rota_result{x: dptr(pin, c.x), duals: dptr(pin, c.duals), rc: dptr(pin, c.rc)}
	return c
}

// startLog routes the solver's log to opt.Log. The solver writes it to C's
// stdout, which the shim points at the write end of a pipe (and closes); a
// goroutine copies it to opt.Log and closes the channel returned when the
// pipe ends. Without a Log, the shim uses /dev/null and the channel is nil.
func (c *call) startLog() (chan struct{}, error) {
	if c.opt.Log == nil {
		return nil, nil
	}
	r, fd, err := logPipe()
	if err != nil {
		return nil, err
	}
	c.par.log_level, c.par.log_fd = 1, C.int(fd)
	done := make(chan struct{})
	go func() {
		defer close(done)
		copyLog(c.opt.Log, r)
	}()
	return done, nil
}

// solveWatched runs the solver on this goroutine's thread while a watcher
// forwards incumbents and raises the cancel flag when ctx ends or the time
// limit passes. The solvers themselves are given no time limit (Cbc's
// heuristics and cut passes read it, which would make a search depend on
// the clock): a limit stops a solve the way a cancel does, and c.timeHit
// records it. It returns the shim's return code.
func (c *call) solveWatched(ctx context.Context, ctl *C.rota_ctl) C.int {
	done := make(chan struct{})
	var wg sync.WaitGroup
	var limit <-chan time.Time
	if c.opt.TimeLimit > 0 {
		t := time.NewTimer(c.opt.TimeLimit)
		defer t.Stop()
		limit = t.C
	}
	wg.Go(func() {
		tick := time.NewTicker(pollEvery)
		defer tick.Stop()
		cancelled := ctx.Done()
		for {
			select {
			case <-done:
				return
			case <-cancelled:
				C.rota_ctl_cancel(ctl)
				cancelled, limit = nil, nil
			case <-limit:
				c.timeHit.Store(true)
				C.rota_ctl_cancel(ctl)
				cancelled, limit = nil, nil
			case <-tick.C:
				forward(ctl, c.p, c.opt, c.sign)
			}
		}
	})
	var rcode C.int
	if c.isMIP {
		rcode = C.rota_cbc_solve(&c.prob, &c.par, ctl, &c.res)
	} else {
		rcode = C.rota_clp_solve(&c.prob, &c.par, ctl, &c.res)
	}
	close(done)
	wg.Wait()
	forward(ctl, c.p, c.opt, c.sign)
	return rcode
}

// result reads the shim's answer into a mip.Result.
func (c *call) result() *mip.Result {
	res, p := &c.res, c.p
	r := &mip.Result{Nodes: int(res.nodes)}
	if c.isMIP {
		r.Status, r.Stop = mipStatus(res)
	} else {
		r.Status, r.Stop = lpStatus(res)
	}
	if r.Stop == mip.StopCancelled && c.timeHit.Load() {
		r.Stop = mip.StopTimeLimit
	}
	r.Objective, r.Bound, r.Gap = math.NaN(), math.NaN(), math.Inf(1)
	if c.isMIP {
		r.Bound = c.sign*goInf(float64(res.bound)) + p.Offset
	}
	switch {
	case r.Status.HasSolution() && res.has_solution != 0:
		c.solution(r)
	case r.Status.HasSolution():
		r.Status = mip.Unknown // the solver claimed a solution it did not give
	}
	if !c.isMIP && r.Status == mip.NoSolution && res.has_duals != 0 {
		// Stopped on a limit: the last duals still prove a bound.
		c.signDuals()
		r.Duals, r.ReducedCosts = c.duals, c.rc
		r.Bound = p.DualBound(c.duals)
	}
	switch r.Status {
	case mip.Infeasible: // the best bound on an empty set
		r.Bound = math.Inf(int(c.sign))
	case mip.Unbounded:
		r.Bound = math.Inf(-int(c.sign))
	}
	return r
}

// solution fills r's solution from the shim's answer: X rounded where
// integral, the objective and activities recomputed from it, and the gap,
// or for an LP the duals and reduced costs in the problem's sense.
func (c *call) solution(r *mip.Result) {
	p, x := c.p, c.x
	if c.isMIP {
		for j, col := range p.Cols() {
			if rx := math.Round(x[j]); col.Integer && math.Abs(x[j]-rx) <= 1e-6 {
				x[j] = rx
			}
		}
	}
	r.X = x
	r.RowActivity = p.Activity(x)
	r.Objective = p.Evaluate(x)
	if !c.isMIP {
		r.Bound, r.Gap = r.Objective, 0
		c.signDuals()
		r.Duals, r.ReducedCosts = c.duals, c.rc
		return
	}
	r.Gap = mip.RelGap(r.Objective, r.Bound)
	// A search that ran to its end proves the incumbent optimal, whatever
	// bound Cbc last recorded: secondary status completed, or relaxation
	// infeasible when the relaxation is no better than the incumbent (as
	// with a MIP start that is already optimal). One that stopped on the
	// gap keeps its bound.
	sec := int(c.res.secondary)
	if r.Status == mip.Optimal && (r.Gap < 1e-9 || sec == cbcCompleted || sec == cbcRelaxationInfeasible) {
		r.Bound, r.Gap = r.Objective, 0
	}
}

// signDuals puts the LP's duals and reduced costs in the problem's sense.
func (c *call) signDuals() {
	for i := range c.duals {
		c.duals[i] = c.sign*c.duals[i] + 0 // + 0 turns -0 into 0
	}
	for j := range c.rc {
		c.rc[j] = c.sign*c.rc[j] + 0
	}
}

// mipStatus maps CbcModel::status() and secondaryStatus() (see status.go)
// to a Status.
func mipStatus(res *C.rota_result) (mip.Status, mip.StopReason) {
	hasSol := res.has_solution != 0
	stopped := func() (mip.Status, mip.StopReason) {
		why := mip.StopTimeLimit
		switch int(res.secondary) {
		case cbcStoppedOnNodes, cbcStoppedOnSolutions, cbcStoppedOnIterations:
			why = mip.StopWorkLimit
		}
		if res.stopped_by_cancel != 0 {
			why = mip.StopCancelled
		}
		if hasSol {
			return mip.Feasible, why
		}
		return mip.NoSolution, why
	}
	switch int(res.status) {
	case cbcNotRun: // the driver settled the problem before branch and bound
		switch {
		case res.proven_infeasible != 0:
			return mip.Infeasible, mip.StopNone
		case res.continuous_unbounded != 0:
			return mip.Unbounded, mip.StopNone
		case hasSol && res.proven_optimal != 0:
			return mip.Optimal, mip.StopNone
		}
		return mip.Unknown, mip.StopNone
	case cbcFinished: // stopped on the gap counts as optimal within the gap
		switch {
		case res.continuous_unbounded != 0 || int(res.secondary) == cbcRelaxationUnbounded:
			return mip.Unbounded, mip.StopNone
		case hasSol:
			return mip.Optimal, mip.StopNone
		}
		return mip.Infeasible, mip.StopNone
	case cbcStopped, cbcUserEvent: // a limit (or the time zeroed by a cancel); the event handler
		return stopped()
	case cbcAbandoned:
		return mip.Abandoned, mip.StopNone
	}
	return mip.Unknown, mip.StopNone
}

// lpStatus maps ClpSimplex::problemStatus() (see status.go) to a Status.
func lpStatus(res *C.rota_result) (mip.Status, mip.StopReason) {
	switch int(res.status) {
	case clpOptimal:
		return mip.Optimal, mip.StopNone
	case clpPrimalInfeasible:
		return mip.Infeasible, mip.StopNone
	case clpDualInfeasible:
		return mip.Unbounded, mip.StopNone
	case clpStoppedOnLimit, clpStoppedByEvent:
		switch {
		case res.stopped_by_time != 0:
			return mip.NoSolution, mip.StopTimeLimit
		case res.stopped_by_cancel != 0: // or the watcher's time limit: see result
			return mip.NoSolution, mip.StopCancelled
		case int(res.status) == clpStoppedOnLimit: // the iteration limit
			return mip.NoSolution, mip.StopWorkLimit
		}
		return mip.NoSolution, mip.StopNone
	case clpStoppedOnErrors:
		return mip.Abandoned, mip.StopNone
	}
	return mip.Unknown, mip.StopNone
}

// forward hands queued incumbents to opt.Progress. It runs on one goroutine
// at a time.
func forward(ctl *C.rota_ctl, p *mip.Problem, opt mip.Options, sign float64) {
	if opt.Progress != nil {
		var buf [64]C.rota_progress
		for {
			k := int(C.rota_ctl_take_progress(ctl, &buf[0], C.int(len(buf))))
			for _, e := range buf[:k] {
				opt.Progress(mip.Progress{
					Objective: sign*goInf(float64(e.obj)) + p.Offset,
					Bound:     sign*goInf(float64(e.bound)) + p.Offset,
					Elapsed:   time.Duration(float64(e.secs) * float64(time.Second)),
				})
			}
			if k < len(buf) {
				break
			}
		}
	}
}

// logPipe returns the read end of a new pipe as a file, and the write end
// as a descriptor for the shim to own.
func logPipe() (*os.File, int, error) {
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		return nil, -1, fmt.Errorf("coin: log pipe: %w", err)
	}
	if err := syscall.SetNonblock(fds[0], true); err != nil {
		syscall.Close(fds[0])
		syscall.Close(fds[1])
		return nil, -1, fmt.Errorf("coin: log pipe: %w", err)
	}
	return os.NewFile(uintptr(fds[0]), "coin-log"), fds[1], nil
}

// copyLog copies the solver's output to w until the shim closes the pipe.
// It keeps draining the pipe after a write error, so a failing log cannot
// block the solver; the error itself is dropped.
func copyLog(w io.Writer, r *os.File) {
	defer r.Close()
	buf := make([]byte, 32<<10)
	var werr error
	for {
		n, err := r.Read(buf)
		if n > 0 && werr == nil {
			_, werr = w.Write(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// coinInf maps ±Inf to ±DBL_MAX, which COIN-OR treats as infinite.
func coinInf(v float64) float64 {
	switch {
	case math.IsInf(v, 1):
		return math.MaxFloat64
	case math.IsInf(v, -1):
		return -math.MaxFloat64
	}
	return v
}

// goInf maps COIN-OR's large values (|v| ≥ 1e30) back to ±Inf.
func goInf(v float64) float64 {
	switch {
	case v >= 1e30:
		return math.Inf(1)
	case v <= -1e30:
		return math.Inf(-1)
	}
	return v
}

// dptr, iptr and bptr return a pinned pointer to the first element of s, or
// nil for an empty slice (so &s[0] never panics).
func dptr(pin *runtime.Pinner, s []float64) *C.double {
	if len(s) == 0 {
		return nil
	}
	pin.Pin(&s[0])
	return (*C.double)(unsafe.Pointer(&s[0]))
}

func iptr(pin *runtime.Pinner, s []int32) *C.int {
	if len(s) == 0 {
		return nil
	}
	pin.Pin(&s[0])
	return (*C.int)(unsafe.Pointer(&s[0]))
}

func bptr(pin *runtime.Pinner, s []byte) *byte {
	if len(s) == 0 {
		return nil
	}
	pin.Pin(&s[0])
	return &s[0]
}

// The column starts are CoinBigIndex, an int in this build, and are passed
// as []int32: this fails to compile if C.int is not four bytes.
var _ = [1]int{}[unsafe.Sizeof(C.int(0))-4]
