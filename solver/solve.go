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
func Solve(ctx context.Context, r *model.Region, opt Options) (*Result, error) {
	start := time.Now()
	if opt.Gap == 0 {
		opt.Gap = 0.005
	}
	solve := opt.Solve
	if solve == nil {
		solve = defaultSolve
	}
	parts := Parts(r)
	var bl *baseline
	if opt.Baseline != nil {
		bl = newBaseline(opt.Baseline, opt.ChangePenalty)
	}
	res := &Result{Status: mip.Optimal, Parts: len(parts)}

	// Lanes: each plans its parts one after another; lane 0 in this
	// process, the others through solver worker processes. Parts go to
	// lanes largest first, each to the lane with the fewest people so far,
	// so a part's lane, and its share of the time, depend on the input
	// alone.
	nLanes := 1
	if opt.Solve == nil && opt.Workers > 1 {
		nLanes = min(opt.Workers, len(parts))
	}
	lanes := make([][]int, nLanes)
	laneSize := make([]int, nLanes)
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	if nLanes > 1 {
		slices.SortStableFunc(order, func(a, b int) int { return parts[b].size() - parts[a].size() })
	}
	for _, i := range order {
		l := 0
		for k := range nLanes {
			if laneSize[k] < laneSize[l] {
				l = k
			}
		}
		lanes[l] = append(lanes[l], i)
		laneSize[l] += parts[i].size()
	}

	var mu sync.Mutex // guards res, the progress sums and the first error
	partObj := make([]float64, len(parts))
	partBound := make([]float64, len(parts))
	progress := func(i int, p mip.Progress) {
		mu.Lock()
		defer mu.Unlock()
		partObj[i], partBound[i] = p.Objective, p.Bound
		var obj, bound float64
		for k := range parts {
			obj += partObj[k]
			bound += partBound[k]
		}
		opt.Progress(mip.Progress{Objective: obj, Bound: bound, Elapsed: time.Since(start)})
	}
	results := make([]*mip.Result, len(parts))
	sols := make([]partSolution, len(parts))
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var firstErr error
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	runLane := func(l int) {
		solveMIP, solveRelax := solve, solveLP
		if ctx.Err() != nil {
			return
		}
		if l > 0 {
			w := worker.New(opt.Log)
			defer w.Close()
			if err := w.Start(); err != nil {
				fail(fmt.Errorf("solver: %w", err))
				return
			}
			solveMIP, solveRelax = w.SolveMIP, w.SolveLP
		}
		left := laneSize[l]
		for _, i := range lanes[l] {
			if ctx.Err() != nil {
				return // the parts not reached are planned empty: everything unmet
			}
			pt := parts[i]
			b := newBuilder(r, pt.Pracs, pt.Users)
			b.log, b.lp, b.logPrefix = opt.Log, solveRelax, pt.Name+": "
			tb := time.Now()
			if err := b.build(); err != nil {
				fail(err)
				return
			}
			if ctx.Err() != nil {
				return // cancelled while building: this part is planned empty
			}
			b.logf("rota: %d people, built in %.1fs", pt.size(), time.Since(tb).Seconds())
			b.applyBaseline(bl)
			mu.Lock()
			res.Rows += b.p.NumRows()
			res.Cols += b.p.NumCols()
			res.Integers += b.p.NumIntegers()
			mu.Unlock()
			mo := mip.Options{Gap: opt.Gap, Threads: opt.Threads, Seed: opt.Seed, Log: opt.Log, SolverArgs: cbcArgs}
			if opt.TimeLimit > 0 {
				// Share what is left of the lane's time by size.
				remaining := opt.TimeLimit - time.Since(start)
				share := time.Duration(float64(remaining) * float64(pt.size()) / float64(max(1, left)))
				mo.TimeLimit = max(share, time.Second)
			}
			left -= pt.size()
			if opt.Progress != nil {
				mo.Progress = func(p mip.Progress) { progress(i, p) }
			}
			mr, err := b.solve(ctx, solveMIP, mo)
			if err != nil {
				fail(err)
				return
			}
			if !mr.Status.HasSolution() {
				if ctx.Err() != nil {
					return
				}
				fail(fmt.Errorf("solver: the weekly model of %s has no solution (%s); this is a bug: every requirement may be left unmet", pt.Name, mr.Status))
				return
			}
			// The plan is read from the options alone: let the part's
			// matrix go before the next part is built (at 25,000 cases
			// each holds about 1 M rows).
			b.p, b.rowFamily, b.dueRowOf = nil, nil, nil
			mu.Lock()
			results[i], sols[i] = mr, partSolution{b: b, x: mr.X}
			mu.Unlock()
		}
	}
	var wg sync.WaitGroup
	for l := range nLanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runLane(l)
		}()
	}
	waitLanes(parent, &wg)
	// Lanes left running after a cancel write only results and sols, under
	// mu: read copies.
	mu.Lock()
	partResults, partSols := slices.Clone(results), slices.Clone(sols)
	err := firstErr
	mu.Unlock()
	if err != nil {
		return nil, err
	}
	cancelled := parent.Err() != nil
	var doneObj, doneBound float64
	solved := partSols[:0:0]
	for i, mr := range partResults {
		if mr == nil {
			continue
		}
		if mr.Status != mip.Optimal {
			res.Status = mip.Feasible
		}
		if mr.Stop != mip.StopNone {
			res.Stop = mr.Stop
		}
		doneObj += mr.Objective
		doneBound += mr.Bound
		solved = append(solved, partSols[i])
	}
	if cancelled {
		res.Status, res.Stop = mip.Feasible, mip.StopCancelled
	}
	res.Plan = extract(r, solved)
	res.Terms = planTerms(r, res.Plan, planned(r, res.Plan))
	res.Objective = res.Terms.Sum()
	res.Bound = math.Min(doneBound, res.Objective)
	res.Gap = mip.RelGap(res.Objective, res.Bound)
	res.Elapsed = time.Since(start)
	diagnose(r, solved, res)
	res.Plan.Summary = summarise(r, res, opt)
	return res, nil
}

// stopGrace is how long a cancelled Solve waits for lanes still in a step
// they cannot leave at once (building a part's model, the greedy start):
// their parts are then planned empty, and the lanes finish in the
// background, their results unused.
const stopGrace = time.Second

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

// solve plans one part. The class relaxation's LP gives a bound at any size
// and the case managers' sites for the greedy start. On a part small
// enough, the part's own LP gives a tighter bound (the model's rounded
// hours rows make it tight) and a guide: the columns on which it agrees
// with the greedy plan are fixed and the rest solved as a small MIP from
// that plan (the RINS idea). The plan is then improved by
// fix-and-optimise; if it is still further than the gap from the bound,
// Cbc searches the whole part from it. Every plan offered is checked
// against every row first, so a start Cbc would reject is a bug caught
// here.
//
// Each step ends at its gap or at a node limit, never at a time, so the
// same input gives the same plan on any machine; the time limit is a
// safety net that, when it cuts in, returns the best plan found so far.
func (b *builder) solve(ctx context.Context, solve mip.SolveFunc, mo mip.Options) (*mip.Result, error) {
	if b.p.NumCols() == 0 {
		return &mip.Result{Status: mip.Optimal}, nil
	}
	t0 := time.Now()
	var deadline time.Time
	if mo.TimeLimit > 0 {
		// Cbc checks its clock between cut passes and nodes, so a step can
		// run a little past its limit: keep a margin.
		deadline = t0.Add(mo.TimeLimit * 9 / 10)
	}
	timedOut := false
	sub := func(nodes int) (mip.Options, bool) {
		o := mo
		o.Start, o.Progress = nil, nil
		o.SolverArgs = append(slices.Clone(mo.SolverArgs), "-maxNodes", strconv.Itoa(nodes))
		if !deadline.IsZero() {
			o.TimeLimit = time.Until(deadline)
			if o.TimeLimit < 100*time.Millisecond {
				timedOut = true
				return o, false
			}
		}
		return o, ctx.Err() == nil
	}

	// The class relaxation's LP: a bound in well under a second where the
	// weekly model's own LP would take minutes, and the case managers'
	// sites for the greedy start (it keeps every staff column).
	bound := 0.0 // every cost is ≥ 0
	var prefer map[pdKey]int
	if o, ok := sub(0); ok {
		t := time.Now()
		rl := b.relax()
		if lp, err := b.lp(ctx, rl.p, mip.Options{TimeLimit: o.TimeLimit, Log: mo.Log}); err == nil && lp.Status == mip.Optimal {
			bound = lp.Objective
			prefer = b.relaxedSites(rl, lp.X)
			b.logf("rota: class relaxation (%d rows, %d columns): bound %.1f in %.1fs", rl.p.NumRows(), rl.p.NumCols(), lp.Objective, time.Since(t).Seconds())
		}
	}
	// Greedy starts: with the relaxation's sites, and (on parts small
	// enough for it to be cheap, or without the relaxation) the plain one;
	// the better is kept. On 5,000 generated cases the first started at
	// 114,101 and the second at 134,435, against a bound of 106,646.
	var best []float64
	bestObj := math.Inf(1)
	try := func(name string, prefer map[pdKey]int) error {
		t := time.Now()
		x := b.greedyWith(prefer)
		if err := b.p.Check(x, 1e-6); err != nil {
			return fmt.Errorf("solver: the greedy start breaks the model: %w", err)
		}
		v := b.p.Evaluate(x)
		b.logf("rota: %d rows, %d columns (%d integer); greedy start%s %.1f in %.1fs", b.p.NumRows(), b.p.NumCols(), b.p.NumIntegers(), name, v, time.Since(t).Seconds())
		if v < bestObj {
			best, bestObj = x, v
		}
		return nil
	}
	if prefer != nil {
		if err := try(" with the relaxation's sites", prefer); err != nil {
			return nil, err
		}
	}
	if prefer == nil || b.p.NumCols() <= plainGreedyMaxCols {
		if err := try("", nil); err != nil {
			return nil, err
		}
	}
	done := func() bool { return mip.RelGap(bestObj, bound) <= mo.Gap }
	report := func(obj float64) {
		bestObj = obj
		if mo.Progress != nil {
			mo.Progress(mip.Progress{Objective: obj, Bound: bound, Elapsed: time.Since(t0)})
		}
	}
	report(bestObj)
	if o, ok := sub(0); ok && b.p.NumRows() <= lpMaxRows && !done() {
		if lp, err := b.lp(ctx, b.p, mip.Options{TimeLimit: o.TimeLimit, Log: mo.Log}); err == nil && lp.Status == mip.Optimal {
			bound = math.Max(bound, lp.Objective)
			b.logf("rota: LP bound %.1f in %.1fs", lp.Objective, lp.Elapsed.Seconds())
			if !done() {
				if x, ok := b.rins(ctx, solve, sub, lp.X, best); ok {
					if v := b.p.Evaluate(x); v < bestObj {
						best = x
						report(v)
					}
				}
			}
		}
	}
	if !done() && ctx.Err() == nil { // listing the neighbourhoods takes seconds on a large part
		best = b.improve(ctx, solve, sub, best, done, report)
		bestObj = b.p.Evaluate(best)
	}
	res := &mip.Result{Status: mip.Feasible, X: best, Objective: bestObj, Bound: bound}
	if !done() && b.p.NumCols() <= finalMaxCols {
		if o, ok := sub(finalNodes); ok {
			o.Start = best
			o.Progress = mo.Progress
			mr, err := solve(ctx, b.p, o)
			if err == nil {
				b.logf("rota: whole part: %s (stop: %s), %.1f, bound %.1f in %.1fs", mr.Status, mr.Stop, mr.Objective, mr.Bound, mr.Elapsed.Seconds())
			}
			switch {
			case err != nil && ctx.Err() == nil:
				return nil, fmt.Errorf("solver: %w", err)
			case err == nil:
				if mr.Status.HasSolution() && mr.Objective < bestObj-1e-9 && b.p.Check(mr.X, 1e-6) == nil {
					res.X, res.Objective = mr.X, mr.Objective
				}
				if !math.IsNaN(mr.Bound) && !math.IsInf(mr.Bound, 0) {
					res.Bound = math.Max(res.Bound, math.Min(mr.Bound, res.Objective))
				}
				if mr.Stop == mip.StopTimeLimit {
					timedOut = true
				}
			}
		}
	}
	switch {
	case ctx.Err() != nil:
		res.Stop = mip.StopCancelled
	case timedOut:
		res.Stop = mip.StopTimeLimit
	}
	if mip.RelGap(res.Objective, res.Bound) <= mo.Gap {
		res.Status = mip.Optimal
	}
	res.Gap = mip.RelGap(res.Objective, res.Bound)
	return res, nil
}

// Node limits of the searches (see builder.solve): they end a search that
// does not reach its gap in a way that does not depend on the clock.
// rinsArgs are further Cbc arguments for the RINS sub-MIP. Cbc's own
// heuristics ran mini-MIPs every few nodes there: on the embedded sample
// the sub-MIP took 23.4 s with them and 5.8 s without, reaching the same
// plan (its nodes find it).
var rinsArgs = []string{"-cuts", "off", "-heuristicsOnOff", "off"}

const (
	rinsNodes  = 200
	hoodNodes  = 100
	finalNodes = 1000
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
	o.SolverArgs = append(o.SolverArgs, rinsArgs...)
	n := b.p.NumCols()
	free := make([]bool, n)
	for j := range n {
		free[j] = !b.p.Col(j).Integer || math.Abs(lp[j]-x[j]) > 1e-6
	}
	restricted, cols := b.p.Restrict(free, x)
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
	areaIdx := make(map[string]int)
	var areas []string
	area := func(team string) int {
		a := r.AreaOfTeam(team)
		i, ok := areaIdx[a]
		if !ok {
			i = len(areas)
			areaIdx[a] = i
			areas = append(areas, a)
		}
		return i
	}
	for _, t := range r.Teams {
		area(t.ID)
	}
	uf := newUnionFind(len(areas))
	siteArea := make([]int, len(r.Sites))
	for i := range siteArea {
		siteArea[i] = -1
	}
	useSite := func(a, k int) {
		if k < 0 || r.Sites[k].Area != "" {
			return // a site reserved to an area ties no areas together
		}
		if siteArea[k] < 0 {
			siteArea[k] = a
			return
		}
		uf.union(siteArea[k], a)
	}
	for p := range r.Practitioners {
		pr := &r.Practitioners[p]
		a := area(pr.Team)
		k, _ := r.SiteIndex(pr.BaseSite)
		useSite(a, k)
		for _, d := range pr.Pattern.Days().Days() {
			id, _ := pr.Pattern.Site(d)
			k, _ := r.SiteIndex(id)
			useSite(a, k)
		}
	}
	for u := range r.ServiceUsers {
		su := &r.ServiceUsers[u]
		a := area(su.Team)
		for k := range r.Sites {
			if r.UserSiteKm(u, k) <= r.Settings.MaxTravelKm {
				useSite(a, k)
			}
		}
		if cm, ok := r.PractitionerIndex(su.CaseManager); ok {
			uf.union(a, area(r.Practitioners[cm].Team))
		}
	}
	// A non-association ties two areas only where the two could meet: at a
	// site both can reach and may use.
	for _, na := range r.NonAssociations {
		u, ok1 := r.ServiceUserIndex(na.A)
		v, ok2 := r.ServiceUserIndex(na.B)
		if !ok1 || !ok2 {
			continue
		}
		au, av := area(r.ServiceUsers[u].Team), area(r.ServiceUsers[v].Team)
		for k := range r.Sites {
			if r.SiteServes(k, areas[au]) && r.SiteServes(k, areas[av]) &&
				r.UserSiteKm(u, k) <= r.Settings.MaxTravelKm && r.UserSiteKm(v, k) <= r.Settings.MaxTravelKm {
				uf.union(au, av)
				break
			}
		}
	}
	// Projects' and interventions' sites tie areas only through people, above.
	byRoot := make(map[int]int)
	var parts []Part
	partOf := func(a int) *Part {
		root := uf.find(a)
		i, ok := byRoot[root]
		if !ok {
			i = len(parts)
			byRoot[root] = i
			parts = append(parts, Part{})
		}
		return &parts[i]
	}
	for a, name := range areas {
		pt := partOf(a)
		pt.Areas = append(pt.Areas, name)
	}
	for p := range r.Practitioners {
		pt := partOf(area(r.Practitioners[p].Team))
		pt.Pracs = append(pt.Pracs, p)
	}
	for u := range r.ServiceUsers {
		pt := partOf(area(r.ServiceUsers[u].Team))
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
