package solver

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/mip"
	"github.com/probation/rota/solver/worker"
)

// Options control a solve. The zero value plans with no time limit, the
// default gap, one thread and silence.
type Options struct {
	TimeLimit time.Duration // wall-clock limit for the whole week; 0 = none
	Gap       float64       // relative gap to stop at; 0 = 0.005
	Threads   int           // solver threads; 0 = 1
	Seed      int           // solver random seed; 0 = the solver's default
	Log       io.Writer     // solver log; nil = silent
	// Progress is called on each improved solution of the whole week:
	// objective and bound summed over the parts planned so far.
	Progress func(mip.Progress)
	// Solve runs one MIP; nil = COIN-OR Cbc (solver/coin).
	Solve mip.SolveFunc
	// Workers is how many parts (see Parts) are planned at once; 0 or 1
	// plans them one after another. Beyond the first, each runs its
	// solves in a solver worker process (package worker), so the program
	// must call worker.Main first thing. It applies only when Solve is
	// nil. The plan of a part does not depend on it, except through the
	// time each part is given.
	Workers int
	// Baseline, if not nil, is a rota to stay close to: each departure
	// from it costs ChangePenalty (see baseline.go). Scenarios use it so
	// that the differences they show are the ones their change forces.
	Baseline      *plan.Plan
	ChangePenalty float64
	// Previous, if not nil, is last week's rota: each person's regular
	// appointment keeps its weekday, slot and site, and each practitioner
	// their site on each weekday, where the rules allow; a change costs
	// the settings' weight.previous_* and counts in the objective's
	// continuity term (constraint_continuity.go).
	Previous *plan.Plan
	// WarmStart, if not nil, is a previous rota of the region (last
	// week's, for a sequence of weeks): its practitioners' sites by
	// weekday guide one more greedy start (warmSites), which the search
	// keeps when it is the best start. It changes where the search
	// begins, never what a plan may be.
	WarmStart *plan.Plan
}

// Result is a planned week.
type Result struct {
	Plan   *plan.Plan
	Status mip.Status     // Optimal when every part was solved within the gap
	Stop   mip.StopReason // why the solve stopped early, if it did
	// Objective, Bound and Gap are for the whole week (the sum over its
	// independent parts); Gap = (Objective − Bound) ÷ |Objective|.
	Objective, Bound, Gap float64
	Terms                 plan.Terms
	Parts                 int // independent parts solved
	Rows, Cols, Integers  int // model size, summed over parts
	Elapsed               time.Duration
}

// Solve plans the week of region r. An over-constrained week is still a
// plan: what cannot be met is left unmet, priced, and explained in
// unmet.csv. Cancelling ctx stops the solve and returns the best plan found
// so far with Stop set to StopCancelled, within about stopGrace: the parts
// not planned yet, or still being built or started, are planned empty,
// everything in them unmet (with a context already done, the whole plan is
// empty, at once).
//
// It plans the parallel runs (planLanes), solves each part in its lane
// (weekRun.solvePart), and combines the parts' plans into the week
// (weekRun.combine).
func Solve(ctx context.Context, r *model.Region, opt Options) (*Result, error) {
	if ctx.Err() != nil {
		// Cancelled before it began: the empty week, without splitting
		// the region (seconds at 25,000 cases on a loaded machine).
		return newWeekRun(r, opt, nil).combine(ctx, nil, nil)
	}
	w := newWeekRun(r, opt, Parts(r))
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w.cancel = cancel
	var wg sync.WaitGroup
	for l := range w.lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.runLane(ctx, l)
		}()
	}
	waitLanes(parent, &wg)
	// Lanes left running after a cancel write only results and sols, under
	// mu: combine reads copies.
	w.mu.Lock()
	err := w.firstErr
	results, sols := slices.Clone(w.results), slices.Clone(w.sols)
	w.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return w.combine(parent, results, sols)
}

// stopGrace is how long a cancelled Solve waits for lanes still in a step
// they cannot leave at once (building a part's model, the greedy start):
// their parts are then planned empty, and the lanes finish in the
// background, their results unused.
const stopGrace = 300 * time.Millisecond

// waitLanes waits for the lanes, or once ctx is done for stopGrace at most.
func waitLanes(ctx context.Context, wg *sync.WaitGroup) {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		select {
		case <-done:
		case <-time.After(stopGrace):
		}
	}
}

// weekRun is one Solve: the parts, the lanes that plan them, and what each
// part gave.
type weekRun struct {
	r        *model.Region
	opt      Options
	start    time.Time
	solve    mip.SolveFunc
	parts    []Part
	bl, prev *reference // the baseline and last week's rota, if any (baseline.go)
	lanes    [][]int    // parts of each lane, in the order planned
	laneSize []int      // people in each lane
	res      *Result

	mu        sync.Mutex // guards res, the progress sums and the first error
	partObj   []float64
	partBound []float64
	results   []*mip.Result
	sols      []partSolution
	firstErr  error
	cancel    context.CancelFunc
}

func newWeekRun(r *model.Region, opt Options, parts []Part) *weekRun {
	if opt.Gap == 0 {
		opt.Gap = 0.005
	}
	w := &weekRun{r: r, opt: opt, start: time.Now(), solve: opt.Solve, parts: parts}
	if w.solve == nil {
		w.solve = defaultSolve
	}
	if opt.Baseline != nil {
		w.bl = newBaseline(opt.Baseline, opt.ChangePenalty)
	}
	if opt.Previous != nil {
		w.prev = newPrevious(opt.Previous, r.Settings.Weights)
	}
	n := len(w.parts)
	w.res = &Result{Status: mip.Optimal, Parts: n}
	w.partObj, w.partBound = make([]float64, n), make([]float64, n)
	w.results, w.sols = make([]*mip.Result, n), make([]partSolution, n)
	nLanes := 1
	if opt.Solve == nil && opt.Workers > 1 {
		// As many lanes as workers asked for, parts, and lanes that fit
		// in free memory (memLanes).
		nLanes = memLanes(w.parts, min(opt.Workers, n), memAvailable())
	}
	w.lanes, w.laneSize = planLanes(w.parts, nLanes)
	return w
}

// planLanes shares the parts among n lanes. Each lane plans its parts one
// after another; lane 0 in this process, the others through solver worker
// processes. Parts go to lanes largest first, each to the lane with the
// fewest people so far, so a part's lane, and its share of the time,
// depend on the input alone.
func planLanes(parts []Part, n int) (lanes [][]int, size []int) {
	lanes, size = make([][]int, n), make([]int, n)
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	if n > 1 {
		slices.SortStableFunc(order, func(a, b int) int { return parts[b].size() - parts[a].size() })
	}
	for _, i := range order {
		l := 0
		for k := range n {
			if size[k] < size[l] {
				l = k
			}
		}
		lanes[l] = append(lanes[l], i)
		size[l] += parts[i].size()
	}
	return lanes, size
}

// fail records the first error and stops every lane.
func (w *weekRun) fail(err error) {
	w.mu.Lock()
	if w.firstErr == nil {
		w.firstErr = err
	}
	w.mu.Unlock()
	w.cancel()
}

// progress reports part i's progress, summed over the parts, to
// Options.Progress.
func (w *weekRun) progress(i int, p mip.Progress) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partObj[i], w.partBound[i] = p.Objective, p.Bound
	var obj, bound float64
	for k := range w.parts {
		obj += w.partObj[k]
		bound += w.partBound[k]
	}
	w.opt.Progress(mip.Progress{Objective: obj, Bound: bound, Elapsed: time.Since(w.start)})
}

// runLane plans lane l's parts in turn: in this process for lane 0,
// through a solver worker process for the others.
func (w *weekRun) runLane(ctx context.Context, l int) {
	solveMIP, solveRelax := w.solve, solveLP
	if ctx.Err() != nil {
		return
	}
	if l > 0 {
		wk := worker.New(w.opt.Log)
		defer wk.Close()
		if err := wk.Start(); err != nil {
			w.fail(fmt.Errorf("solver: %w", err))
			return
		}
		solveMIP, solveRelax = wk.SolveMIP, wk.SolveLP
	}
	left := w.laneSize[l]
	for _, i := range w.lanes[l] {
		if ctx.Err() != nil {
			return // the parts not reached are planned empty: everything unmet
		}
		if err := w.solvePart(ctx, i, left, solveMIP, solveRelax); err != nil {
			w.fail(err)
			return
		}
		left -= w.parts[i].size()
	}
}

// solvePart builds and plans part i, with left people still to plan in
// its lane (its share of the time is by size).
func (w *weekRun) solvePart(ctx context.Context, i, left int, solveMIP, solveRelax mip.SolveFunc) error {
	opt, pt := w.opt, w.parts[i]
	b := newBuilder(w.r, pt.Pracs, pt.Users)
	b.log, b.lp, b.logPrefix = opt.Log, solveRelax, pt.Name+": "
	tb := time.Now()
	b.stop = func() bool { return ctx.Err() != nil }
	err := b.build()
	if ctx.Err() != nil {
		// Cancelled while building (build stops between families' steps,
		// so the lane no longer holds a processor from the rota's
		// writing): this part is planned empty.
		return nil
	}
	if err != nil {
		return err
	}
	b.logf("rota: %d people, built in %.1fs", pt.size(), time.Since(tb).Seconds())
	b.applyReference(w.bl)
	b.applyReference(w.prev)
	b.warm = b.warmSites(opt.WarmStart)
	b.onPlan = func(x []float64, obj, bound float64) {
		// The best plan so far, for a cancel that does not wait for the
		// part's search to end (stopGrace); replaced by the final one.
		w.mu.Lock()
		w.results[i] = &mip.Result{Status: mip.Feasible, X: x, Objective: obj, Bound: bound}
		w.sols[i] = partSolution{b: b, x: x}
		w.mu.Unlock()
	}
	w.mu.Lock()
	w.res.Rows += b.p.NumRows()
	w.res.Cols += b.p.NumCols()
	w.res.Integers += b.p.NumIntegers()
	w.mu.Unlock()
	mo := mip.Options{Gap: opt.Gap, Threads: opt.Threads, Seed: opt.Seed, Log: opt.Log, SolverArgs: cbcArgs}
	if opt.TimeLimit > 0 {
		// Share what is left of the lane's time by size.
		remaining := opt.TimeLimit - time.Since(w.start)
		share := time.Duration(float64(remaining) * float64(pt.size()) / float64(max(1, left)))
		mo.TimeLimit = max(share, time.Second)
	}
	if opt.Progress != nil {
		mo.Progress = func(p mip.Progress) { w.progress(i, p) }
	}
	mr, err := b.solve(ctx, solveMIP, mo)
	if err != nil {
		return err
	}
	if !mr.Status.HasSolution() {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("solver: the weekly model of %s has no solution (%s); this is a bug: every requirement may be left unmet", pt.Name, mr.Status)
	}
	// The plan is read from the options alone: let the part's matrix go
	// before the next part is built (at 25,000 cases each holds about 1 M
	// rows).
	b.p, b.rowFamily, b.dueRowOf = nil, nil, nil
	w.mu.Lock()
	w.results[i], w.sols[i] = mr, partSolution{b: b, x: mr.X}
	w.mu.Unlock()
	return nil
}

// combine makes the week's result from the parts planned (results and
// sols, by part; nil where a part was not planned): the rota files, the
// objective recomputed from them, the bound summed, and unmet.csv. A part
// not planned, after a cancel, has everything in it unmet.
func (w *weekRun) combine(parent context.Context, results []*mip.Result, partSols []partSolution) (*Result, error) {
	r, res := w.r, w.res
	var doneBound float64
	var sols []partSolution
	for i, mr := range results {
		if mr == nil {
			continue
		}
		if mr.Status != mip.Optimal {
			res.Status = mip.Feasible
		}
		if mr.Stop != mip.StopNone {
			res.Stop = mr.Stop
		}
		doneBound += mr.Bound
		sols = append(sols, partSols[i])
	}
	if parent.Err() != nil {
		res.Status, res.Stop = mip.Feasible, mip.StopCancelled
	}
	t := time.Now()
	res.Plan = extract(r, sols)
	if err := timetable(r, res.Plan); err != nil {
		return nil, fmt.Errorf("solver: %w", err)
	}
	res.Terms = planTerms(r, res.Plan, planned(r, res.Plan))
	var cont *plan.Continuity
	if w.opt.Previous != nil {
		cont = continuityOf(r, res.Plan, w.opt.Previous)
		res.Plan.Regular = carryRegular(r, res.Plan, w.opt.Previous)
		res.Terms.Continuity = continuityTerm(r.Settings.Weights, cont)
	}
	res.Objective = res.Terms.Sum()
	res.Bound = math.Min(doneBound, res.Objective)
	res.Gap = mip.RelGap(res.Objective, res.Bound)
	res.Elapsed = time.Since(w.start)
	td := time.Now()
	diagnose(r, sols, res)
	res.Plan.Summary = summarise(r, res, w.opt)
	res.Plan.Summary.Continuity = cont
	if w.opt.Log != nil {
		fmt.Fprintf(w.opt.Log, "rota: the week's plan made in %.1fs (unmet reasons %.1fs)\n", time.Since(t).Seconds(), time.Since(td).Seconds())
	}
	return res, nil
}

type partSolution struct {
	b *builder
	x []float64
}

func (ps partSolution) val(col int) float64 {
	if col < 0 {
		return 1
	}
	return ps.x[col]
}

func (ps partSolution) on(col int) bool { return ps.val(col) > 0.5 }

// solve plans one part, in named stages (partSearch): the class
// relaxation's LP gives a bound at any size and the case managers' sites
// for the greedy start (classBound); the greedy starts (greedyStarts). On a
// part small enough, the part's own LP gives a tighter bound (the model's
// rounded hours rows make it tight) and a guide: the columns on which it
// agrees with the greedy plan are fixed and the rest solved as a small MIP
// from that plan (the RINS idea; lpAndRINS). The plan is then improved by
// fix-and-optimise (improve); if it is still further than the gap from
// the bound, Cbc searches the whole part from it (wholePart). Every plan
// offered is checked against every row first: a start Cbc would reject is
// dropped and logged here, never passed on, and never stops the solve.
//
// Each step ends at its gap or at a node limit, never at a time, so the
// same input gives the same plan on any machine; the time limit is a
// safety net that, when it cuts in, returns the best plan found so far.
func (b *builder) solve(ctx context.Context, solve mip.SolveFunc, mo mip.Options) (*mip.Result, error) {
	if b.p.NumCols() == 0 {
		return &mip.Result{Status: mip.Optimal}, nil
	}
	s := newPartSearch(ctx, b, solve, mo)
	prefer := s.classBound()
	if ctx.Err() != nil {
		// Cancelled before any plan: the part is planned empty (Solve),
		// and its greedy start (seconds at 10,000 people) would only take
		// the processor from the rest of the week's plan and its writing.
		return &mip.Result{Status: mip.NoSolution, Stop: mip.StopCancelled}, nil
	}
	b.stop = func() bool { return ctx.Err() != nil }
	if err := s.greedyStarts(prefer); err != nil {
		return nil, err
	}
	if s.best == nil {
		return &mip.Result{Status: mip.NoSolution, Stop: mip.StopCancelled}, nil
	}
	s.report(s.best, s.bestObj)
	s.lpAndRINS()
	if !s.done() && ctx.Err() == nil { // listing the neighbourhoods takes seconds on a large part
		s.best = b.improve(ctx, solve, s.sub, s.best, s.rinsRan, s.done, s.report)
		s.bestObj = b.p.Evaluate(s.best)
	}
	s.rinsAgain()
	res := &mip.Result{Status: mip.Feasible, X: s.best, Objective: s.bestObj, Bound: s.bound}
	if err := s.wholePart(res); err != nil {
		return nil, err
	}
	return s.finish(res), nil
}

// partSearch is the state of one part's search: the best plan so far, its
// objective, the bound, and the deadline.
type partSearch struct {
	ctx      context.Context
	b        *builder
	solve    mip.SolveFunc
	mo       mip.Options
	t0       time.Time
	deadline time.Time
	timedOut bool
	bound    float64 // every cost is ≥ 0
	best     []float64
	bestObj  float64
	rinsRan  bool      // the plan came through RINS (lpAndRINS)
	lpX      []float64 // the part's LP solution, when it was solved
}

func newPartSearch(ctx context.Context, b *builder, solve mip.SolveFunc, mo mip.Options) *partSearch {
	s := &partSearch{ctx: ctx, b: b, solve: solve, mo: mo, t0: time.Now(), bestObj: math.Inf(1)}
	if mo.TimeLimit > 0 {
		// Cbc checks its clock between cut passes and nodes, so a step can
		// run a little past its limit: keep a margin.
		s.deadline = s.t0.Add(mo.TimeLimit * 9 / 10)
	}
	return s
}

// sub returns the options of one step with a node limit, or false when
// the deadline has passed or the solve is cancelled.
func (s *partSearch) sub(nodes int) (mip.Options, bool) {
	o := s.mo
	o.Start, o.Progress = nil, nil
	o.SolverArgs = append(slices.Clone(s.mo.SolverArgs), "-maxNodes", strconv.Itoa(nodes))
	if !s.deadline.IsZero() {
		o.TimeLimit = time.Until(s.deadline)
		if o.TimeLimit < 100*time.Millisecond {
			s.timedOut = true
			return o, false
		}
	}
	return o, s.ctx.Err() == nil
}

// done reports whether the best plan is within the gap of the bound.
func (s *partSearch) done() bool { return mip.RelGap(s.bestObj, s.bound) <= s.mo.Gap }

// report records an improved plan x of objective obj, tells Progress,
// and hands it to the builder's onPlan (the week keeps it, so that a
// cancel that comes before the part's search ends still has it).
func (s *partSearch) report(x []float64, obj float64) {
	s.best, s.bestObj = x, obj
	if s.b.onPlan != nil {
		s.b.onPlan(x, obj, s.bound)
	}
	if s.mo.Progress != nil {
		s.mo.Progress(mip.Progress{Objective: obj, Bound: s.bound, Elapsed: time.Since(s.t0)})
	}
}

// classBound solves the class relaxation's LP: a bound in well under a
// second where the weekly model's own LP would take minutes, and the case
// managers' sites for the greedy start (it keeps every staff column).
//
// On a part too large for the plain greedy start to run beside the
// relaxation's (plainGreedyMaxCols), the plain one is made first, before
// the LP (firstPlan): the part has a plan, which a cancel or the time
// limit writes, from the first seconds of its search.
func (s *partSearch) classBound() map[pdKey]siteIx {
	b := s.b
	s.firstPlan()
	o, ok := s.sub(0)
	if !ok {
		return nil
	}
	t := time.Now()
	rl := b.relax()
	// Half the part's time at most: when the time limit cuts in, the
	// greedy start and the search still get the rest (at 25,000 cases an
	// LP given all of it left its area planned empty).
	lp, err := b.lp(s.ctx, rl.p, mip.Options{TimeLimit: o.TimeLimit / 2, Log: s.mo.Log, Iterations: classIterations(rl.p)})
	if err != nil {
		return nil
	}
	if lp.Status == mip.Optimal {
		s.bound = lp.Objective
		b.logf("rota: class relaxation (%d rows, %d columns): bound %.1f in %.1fs", rl.p.NumRows(), rl.p.NumCols(), lp.Objective, time.Since(t).Seconds())
		s.keepBound()
		return b.staff.relaxedSites(rl, lp.X)
	}
	// Stopped on its iteration limit (or the deadline): the last duals
	// still prove a bound (mip.Problem.DualBound), less a margin for
	// rounding. On 25,000 generated cases the largest area's LP (266,699
	// rows) proved 204,460 after 5,000 iterations, 238,053 after 20,000
	// and 251,914 after 50,000, against its optimum 251,915. An
	// unfinished LP gives no sites: the plain greedy start is made.
	if lb := lp.Bound - 1e-7*math.Abs(lp.Bound); !math.IsNaN(lb) && lb > s.bound {
		s.bound = lb
	}
	b.logf("rota: class relaxation (%d rows, %d columns): stopped (%s), bound %.1f from its duals in %.1fs", rl.p.NumRows(), rl.p.NumCols(), lp.Stop, s.bound, time.Since(t).Seconds())
	s.timedOut = s.timedOut || lp.Stop == mip.StopTimeLimit
	s.keepBound()
	return nil
}

// keepBound hands the first plan (firstPlan), if any, to the week again
// with the bound the relaxation just proved, so that a cancel or the time
// limit before the next plan keeps the bound too (at 25,000 cases a Ctrl-C
// during the greedy start after the LP wrote the gap as 100%).
func (s *partSearch) keepBound() {
	if s.best != nil {
		s.report(s.best, s.bestObj)
	}
}

// firstPlanMinCols: a part of more columns gets its first plan before the
// class relaxation's LP (firstPlan). It is plainGreedyMaxCols, above which
// greedyStarts would not make the plain start again; a variable for tests.
var firstPlanMinCols = plainGreedyMaxCols

// firstPlan makes the plain greedy start of a part of more than
// firstPlanMinCols columns and reports it (so the week keeps it). On
// 25,000 generated cases this is 1.4–2.0 s at 9,000–10,000 people, where
// the relaxation's LP and the greedy start it guides took 8–18 s more on
// a loaded machine, and a time limit or Ctrl-C in between left the area
// with nothing planned. greedyStarts then skips the plain start (it has a
// plan), and keeps the better of the two.
func (s *partSearch) firstPlan() {
	b := s.b
	if b.p.NumCols() <= firstPlanMinCols || s.best != nil || s.ctx.Err() != nil {
		return
	}
	b.stop = func() bool { return s.ctx.Err() != nil }
	if s.tryStart("", b.greedy) == nil && s.best != nil {
		s.report(s.best, s.bestObj)
	}
}

// classIterations is the class relaxation's simplex iteration limit: a
// limit of work, so that the bound and the greedy start it guides are the
// same on any machine. Within it the LP is solved, and its sites guide the
// greedy start; beyond it the bound comes from the last duals.
func classIterations(p *mip.Problem) int {
	return max(classIterMin, p.NumRows()/classRowsPerIter)
}

// greedyStarts makes the greedy starts: with the relaxation's sites, and
// (on parts small enough for it to be cheap, without the relaxation, or
// when the first was dropped) the plain one; the better is kept. On 5,000
// generated cases the first started at 114,101 and the second at 134,435,
// against a bound of 106,646. A start that breaks a row is dropped and
// logged (tryStart), and the plan with no activities is the last resort:
// a heuristic never stops a solve.
func (s *partSearch) greedyStarts(prefer map[pdKey]siteIx) error {
	b := s.b
	if prefer != nil {
		s.tryStart(" with the relaxation's sites", func() []float64 { return b.greedyWith(prefer) })
	}
	if b.warm != nil {
		s.tryStart(" with the previous rota's sites", func() []float64 { return b.greedyWith(b.warm) })
	}
	if s.best == nil || b.p.NumCols() <= plainGreedyMaxCols {
		s.tryStart("", b.greedy)
	}
	if s.best == nil && s.ctx.Err() != nil {
		return nil // cancelled during the greedy starts: the part is planned empty (builder.solve)
	}
	if s.best == nil {
		if err := s.tryStart(" with no activities", b.emptyStart); err != nil {
			return fmt.Errorf("solver: the model admits no plan, not even one with no activities (a bug): %w", err)
		}
	}
	return nil
}

// tryStart makes a start with plan and keeps it when it meets every row
// and is better than the best so far. A start that breaks a row is
// dropped, the broken rows logged and returned.
func (s *partSearch) tryStart(name string, plan func() []float64) error {
	b := s.b
	if s.ctx.Err() != nil {
		return s.ctx.Err()
	}
	t := time.Now()
	x := plan()
	if x == nil {
		return s.ctx.Err() // the greedy start stopped on a cancel
	}
	if err := b.p.Check(x, 1e-6); err != nil {
		b.logf("rota: greedy start%s dropped: it breaks the model: %v", name, err)
		return err
	}
	v := b.p.Evaluate(x)
	b.logf("rota: %d rows, %d columns (%d integer); greedy start%s %.1f in %.1fs", b.p.NumRows(), b.p.NumCols(), b.p.NumIntegers(), name, v, time.Since(t).Seconds())
	if s.best == nil || v < s.bestObj {
		s.best, s.bestObj = x, v
	}
	return nil
}

// lpAndRINS solves, on a part of at most lpMaxRows rows, the part's own LP
// by Clp for a tighter bound, then RINS from it.
func (s *partSearch) lpAndRINS() {
	b := s.b
	o, ok := s.sub(0)
	if !ok || b.p.NumRows() > lpMaxRows || s.done() {
		return
	}
	lp, err := b.lp(s.ctx, b.p, mip.Options{TimeLimit: o.TimeLimit, Log: s.mo.Log})
	if err != nil || lp.Status != mip.Optimal {
		return
	}
	s.bound = math.Max(s.bound, lp.Objective)
	b.logf("rota: LP bound %.1f in %.1fs", lp.Objective, lp.Elapsed.Seconds())
	s.lpX = lp.X
	if s.done() {
		return
	}
	if x, ok := b.rins(s.ctx, s.solve, s.sub, lp.X, s.best); ok {
		s.rinsRan = true
		if v := b.p.Evaluate(x); v < s.bestObj {
			s.report(x, v)
		}
	}
}

// rinsAgain repeats RINS from the part's LP and the improved plan while
// the part is short of its gap: the plan now agrees with the LP on other
// columns, so the sub-MIP is another one. Each gain is followed by the
// neighbourhoods again; at most rinsRepeats times. Today's allocation of
// the embedded sample at a gap of 0.01%: the neighbourhoods' 51,735.9,
// RINS again 51,731.8 (its sub-MIP's optimum in 0.3 s), the neighbourhoods
// 51,731.3, a third RINS nothing (HiGHS's optimum: 51,665.7).
func (s *partSearch) rinsAgain() {
	b := s.b
	for range rinsRepeats {
		if s.lpX == nil || s.done() || s.ctx.Err() != nil {
			return
		}
		x, ok := b.rins(s.ctx, s.solve, s.sub, s.lpX, s.best)
		if !ok {
			return
		}
		v := b.p.Evaluate(x)
		if v >= s.bestObj-1e-6 {
			return
		}
		s.report(x, v)
		s.best = b.improve(s.ctx, s.solve, s.sub, s.best, true, s.done, s.report)
		s.bestObj = b.p.Evaluate(s.best)
	}
}

// wholePart runs Cbc on the whole part from the best plan, when it is
// still further than the gap from the bound and the part is small
// (finalMaxCols); it updates res with a better plan or bound.
func (s *partSearch) wholePart(res *mip.Result) error {
	b := s.b
	if s.done() || b.p.NumCols() > finalMaxCols {
		return nil
	}
	o, ok := s.sub(finalNodes)
	if !ok {
		return nil
	}
	o.Start = s.best
	o.Progress = s.mo.Progress
	mr, err := s.solve(s.ctx, b.p, o)
	if err == nil {
		b.logf("rota: whole part: %s (stop: %s), %.1f, bound %.1f in %.1fs", mr.Status, mr.Stop, mr.Objective, mr.Bound, mr.Elapsed.Seconds())
	}
	switch {
	case err != nil && s.ctx.Err() == nil:
		return fmt.Errorf("solver: %w", err)
	case err == nil:
		if mr.Status.HasSolution() && mr.Objective < s.bestObj-1e-9 && b.p.Check(mr.X, 1e-6) == nil {
			res.X, res.Objective = mr.X, mr.Objective
		}
		if !math.IsNaN(mr.Bound) && !math.IsInf(mr.Bound, 0) {
			res.Bound = math.Max(res.Bound, math.Min(mr.Bound, res.Objective))
		}
		if mr.Stop == mip.StopTimeLimit {
			s.timedOut = true
		}
	}
	return nil
}

// finish sets the part's status, stop reason and gap.
func (s *partSearch) finish(res *mip.Result) *mip.Result {
	if !s.deadline.IsZero() && !time.Now().Before(s.deadline) {
		// A step ran into the deadline: its result, and so the plan,
		// depends on the clock; say so.
		s.timedOut = true
	}
	switch {
	case s.ctx.Err() != nil:
		res.Stop = mip.StopCancelled
	case s.timedOut:
		res.Stop = mip.StopTimeLimit
	}
	if mip.RelGap(res.Objective, res.Bound) <= s.mo.Gap {
		res.Status = mip.Optimal
	}
	res.Gap = mip.RelGap(res.Objective, res.Bound)
	return res
}

// Node limits of the searches (see builder.solve): they end a search that
// does not reach its gap in a way that does not depend on the clock.
// searchArgs are further Cbc arguments for the RINS sub-MIP and the tight
// neighbourhoods. Cbc's own heuristics ran mini-MIPs every few nodes there:
// on the embedded sample the RINS sub-MIP took 23.4 s with them and 5.8 s
// without, reaching the same plan (its nodes find it).
var searchArgs = []string{"-cuts", "off", "-heuristicsOnOff", "off"}

// rinsPreprocess turns Cbc's preprocessing on for a RINS sub-MIP of at
// most rinsPreprocessMaxInts integer columns. Off for the whole part
// (cbcArgs), it pays here: on the embedded sample (1,793 integer columns)
// it took the sub-MIP from 3.7 s and a plan of 47,416.9 at the node limit
// to 0.6 s and its optimum, 46,926.1, and the part's search from 13.1 s to
// 3.6 s (gap 0.52% → 0.42%); with the root's cuts as well, 1.3 s and the
// same plan. It is not used in the neighbourhoods (on the sample 2.6 s
// with it, 2.3 s without, the same plan). Its time grows with the
// sub-MIP (on the whole sample part, 20,159 columns, it ran 60 s before the
// search began), and a step must stay short for a cancel to land within
// 2 s, hence the limit.
var rinsPreprocess = []string{"-preprocess", "on"}

const (
	// classIterMin and classRowsPerIter set classIterations (see there):
	// 66,674 iterations on the largest area of 25,000 generated cases,
	// whose LP is solved in about 50,000 (a sixth of the rows stopped
	// the next largest 4 short of its optimum 201,650 and lost its sites).
	classIterMin     = 20000
	classRowsPerIter = 4
	rinsNodes        = 200
	rinsRepeats      = 3
	// rinsPreprocessMaxInts: see rinsPreprocess.
	rinsPreprocessMaxInts = 10000
	hoodNodes             = 100
	finalNodes            = 1000
	// finalMaxCols: a larger part skips the search on the whole part. On
	// the embedded sample (35,730 columns) Cbc spent 197 s at the root
	// from the improved plan without bettering it or its bound.
	finalMaxCols = 20000
	// lpMaxRows: a larger part skips the weekly model's own LP (and RINS,
	// which needs it) and keeps the class relaxation's bound. The LP took
	// 11.8 s at 70,000 rows (2,000 generated cases) and did not finish in
	// 30 s at 347,000 (5,000 cases).
	lpMaxRows = 150000
	// plainGreedyMaxCols: a larger part that has the relaxation's sites
	// skips the plain greedy start (6.9 s on a 986,000-column part).
	plainGreedyMaxCols = 100000
)

// rins fixes every integer column on which the LP solution lp and the plan
// x agree and solves the MIP left over the others, from x (the RINS idea:
// where the relaxation and a good plan agree, the optimum mostly does too).
// The restriction contains x, so the result is never worse.
func (b *builder) rins(ctx context.Context, solve mip.SolveFunc, sub func(int) (mip.Options, bool), lp, x []float64) ([]float64, bool) {
	o, ok := sub(rinsNodes)
	if !ok {
		return nil, false
	}
	o.SolverArgs = append(o.SolverArgs, searchArgs...)
	n := b.p.NumCols()
	free := make([]bool, n)
	for j := range n {
		free[j] = !b.p.Col(j).Integer || math.Abs(lp[j]-x[j]) > 1e-6
	}
	restricted, cols := b.p.Restrict(free, x)
	if restricted.NumIntegers() <= rinsPreprocessMaxInts {
		o.SolverArgs = append(o.SolverArgs, rinsPreprocess...)
	}
	o.Start = make([]float64, len(cols))
	for k, j := range cols {
		o.Start[k] = x[j]
	}
	res, err := solve(ctx, restricted, o)
	if err == nil {
		b.logf("rota: RINS: %d columns (%d integer), %s, %.1f, bound %.1f in %.1fs",
			restricted.NumCols(), restricted.NumIntegers(), res.Status, res.Objective, res.Bound, res.Elapsed.Seconds())
	}
	if err != nil || !res.Status.HasSolution() {
		return nil, false
	}
	y := mip.Expand(x, res.X, cols)
	if b.p.Check(y, 1e-6) != nil {
		return nil, false
	}
	return y, true
}

// Part is a set of practitioners and service users planned on its own: no
// site, person or non-association links it to another part, so the parts'
// optimal plans together are an optimal plan of the week.
type Part struct {
	Name  string
	Areas []string
	Pracs []int
	Users []int
}

func (p Part) size() int { return len(p.Users) + len(p.Pracs) }

// Parts splits the region into independent parts: areas (teams.csv) joined
// when they could share a site (a site not reserved to an area, within
// reach of a person of each, or a practitioner's base or usual site), a
// case manager, or two people who must not meet and could (a site both
// reach and may use). A region whose sites are each reserved to an area
// (sites.csv area) splits into its areas.
func Parts(r *model.Region) []Part {
	a := &areaJoin{r: r, idx: make(map[string]int)}
	for _, t := range r.Teams {
		a.area(t.ID)
	}
	a.uf = newUnionFind(len(a.names))
	a.siteArea = make([]int, len(r.Sites))
	for i := range a.siteArea {
		a.siteArea[i] = -1
	}
	a.joinStaff()
	a.joinUsers()
	a.joinApart()
	a.joinGroups() // constraint_groups.go
	// Projects' and interventions' sites tie areas only through people, above.
	return a.parts()
}

// areaJoin joins the areas that share something, for Parts.
type areaJoin struct {
	r        *model.Region
	idx      map[string]int
	names    []string
	uf       unionFind
	siteArea []int // the first area to use each site, or -1
}

// area is the index of team's area, made on first use.
func (a *areaJoin) area(team string) int {
	name := a.r.AreaOfTeam(team)
	i, ok := a.idx[name]
	if !ok {
		i = len(a.names)
		a.idx[name] = i
		a.names = append(a.names, name)
	}
	return i
}

// useSite records that area i uses site k, joining it to the site's
// first user; a site reserved to an area ties no areas together.
func (a *areaJoin) useSite(i, k int) {
	if k < 0 || a.r.Sites[k].Area != "" {
		return
	}
	if a.siteArea[k] < 0 {
		a.siteArea[k] = i
		return
	}
	a.uf.union(a.siteArea[k], i)
}

// joinStaff: practitioners use their base and usual sites.
func (a *areaJoin) joinStaff() {
	r := a.r
	for p := range r.Practitioners {
		pr := &r.Practitioners[p]
		i := a.area(pr.Team)
		k, _ := r.SiteIndex(pr.BaseSite)
		a.useSite(i, k)
		for _, d := range pr.Pattern.Days().Days() {
			id, _ := pr.Pattern.Site(d)
			k, _ := r.SiteIndex(id)
			a.useSite(i, k)
		}
	}
}

// joinUsers: people use every site within the travel limit, and join
// their case manager's area.
func (a *areaJoin) joinUsers() {
	r := a.r
	for u := range r.ServiceUsers {
		su := &r.ServiceUsers[u]
		i := a.area(su.Team)
		for k := range r.Sites {
			if withinTravel(r, u, k) {
				a.useSite(i, k)
			}
		}
		if cm, ok := r.PractitionerIndex(su.CaseManager); ok {
			a.uf.union(i, a.area(r.Practitioners[cm].Team))
		}
	}
}

// joinApart: a non-association ties two areas only where the two could
// meet: at a site both can reach and may use.
func (a *areaJoin) joinApart() {
	r := a.r
	for _, na := range r.NonAssociations {
		u, ok1 := r.ServiceUserIndex(na.A)
		v, ok2 := r.ServiceUserIndex(na.B)
		if !ok1 || !ok2 {
			continue
		}
		au, av := a.area(r.ServiceUsers[u].Team), a.area(r.ServiceUsers[v].Team)
		for k := range r.Sites {
			if r.SiteServes(k, a.names[au]) && r.SiteServes(k, a.names[av]) &&
				withinTravel(r, u, k) && withinTravel(r, v, k) {
				a.uf.union(au, av)
				break
			}
		}
	}
}

// parts lists the joined areas' parts with their people, in input order.
func (a *areaJoin) parts() []Part {
	r := a.r
	byRoot := make(map[int]int)
	var parts []Part
	partOf := func(i int) *Part {
		root := a.uf.find(i)
		k, ok := byRoot[root]
		if !ok {
			k = len(parts)
			byRoot[root] = k
			parts = append(parts, Part{})
		}
		return &parts[k]
	}
	for i, name := range a.names {
		pt := partOf(i)
		pt.Areas = append(pt.Areas, name)
	}
	for p := range r.Practitioners {
		pt := partOf(a.area(r.Practitioners[p].Team))
		pt.Pracs = append(pt.Pracs, p)
	}
	for u := range r.ServiceUsers {
		pt := partOf(a.area(r.ServiceUsers[u].Team))
		pt.Users = append(pt.Users, u)
	}
	for i := range parts {
		slices.Sort(parts[i].Areas)
		parts[i].Name = fmt.Sprintf("area %s", parts[i].Areas[0])
		if len(parts[i].Areas) > 1 {
			parts[i].Name = fmt.Sprintf("areas %v", parts[i].Areas)
		}
	}
	return parts
}

type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra < rb {
		u[rb] = ra
	} else if rb < ra {
		u[ra] = rb
	}
}

// Model builds the exact MIP of the whole week as one problem (every part
// together), for export and for peer solvers.
func Model(r *model.Region) (*mip.Problem, error) {
	var pracs, users []int
	for p := range r.Practitioners {
		pracs = append(pracs, p)
	}
	for u := range r.ServiceUsers {
		users = append(users, u)
	}
	b := newBuilder(r, pracs, users)
	if err := b.build(); err != nil {
		return nil, err
	}
	return b.p, nil
}
