package caseload

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/probation/rota/solver/mip"
)

// teamModel is the MIP of one team (see the package comment).
type teamModel struct {
	t       *team
	in      *instance
	classes []class
	target  float64 // T
	bal     float64 // T', the team's balance point
	pen     float64 // move penalty

	p       *mip.Problem
	x       [][]int // column of class k's count to its j-th destination
	colM    int
	colO    []int // by local practitioner; -1 without available points
	colU    []int
	colMv   int // -1 when no class has a current case manager
	keptAll int // Σ n_k over classes with a current case manager
	capTeam int // < 0 none
	capPrac int // ≤ 0 none
}

// newTeamModel builds the model of team t over classes. capTeam < 0 and
// capPrac ≤ 0 mean no cap. Its steps: the columns, then the rows of each
// family (supply, capacity with the deviations and the largest capacity,
// balance moves, moves per practitioner).
func newTeamModel(in *instance, t *team, classes []class, pen float64, capTeam, capPrac int) *teamModel {
	m := &teamModel{t: t, in: in, classes: classes, target: in.r.Settings.TargetCapacity, pen: pen,
		p: &mip.Problem{Name: "caseload-" + t.id}, colMv: -1, capTeam: capTeam, capPrac: capPrac}
	m.bal = m.balancePoint()
	m.addColumns()
	m.addSupply()
	m.addCapacity()
	m.addMoves()
	if capPrac > 0 && m.colMv >= 0 {
		m.addPractitionerCaps()
	}
	return m
}

// balancePoint is T', the team's mean capacity: all its points (fixed
// included) ÷ the available points of its case managers × 100.
func (m *teamModel) balancePoint() float64 {
	t, in := m.t, m.in
	var pts, av float64
	for l, p := range t.pracs {
		if in.avail[p] > 0 {
			av += in.avail[p]
			pts += t.fixed[l]
		}
	}
	for _, c := range m.classes {
		pts += c.points * float64(len(c.cases))
	}
	return 100 * pts / av
}

// addColumns adds x (counts per class and destination), M, the over and
// under deviations of each case manager with available points, and the
// balance moves when some class has a current case manager.
func (m *teamModel) addColumns() {
	t, in, p := m.t, m.in, m.p
	m.x = make([][]int, len(m.classes))
	for k, c := range m.classes {
		n := float64(len(c.cases))
		m.x[k] = make([]int, len(c.dest))
		for j, l := range c.dest {
			m.x[k][j] = p.AddCol(mip.Col{Name: fmt.Sprintf("x_%d_%s", k, in.r.Practitioners[t.pracs[l]].ID), Hi: n, Integer: true})
		}
		if c.inc >= 0 {
			m.keptAll += len(c.cases)
		}
	}
	m.colM = p.AddCol(mip.Col{Name: "M", Hi: math.Inf(1)})
	m.colO = make([]int, len(t.pracs))
	m.colU = make([]int, len(t.pracs))
	for l, pr := range t.pracs {
		m.colO[l], m.colU[l] = -1, -1
		if in.avail[pr] > 0 {
			id := in.r.Practitioners[pr].ID
			m.colO[l] = p.AddCol(mip.Col{Name: "over_" + id, Hi: math.Inf(1)})
			m.colU[l] = p.AddCol(mip.Col{Name: "under_" + id, Hi: math.Inf(1)})
		}
	}
	if m.keptAll > 0 {
		hi := math.Inf(1)
		if m.capTeam >= 0 {
			hi = float64(m.capTeam)
		}
		m.colMv = p.AddCol(mip.Col{Name: "moves", Hi: hi, Integer: true})
	}
}

// addSupply: every case of a class goes somewhere, Σ_j x_kj = n_k.
func (m *teamModel) addSupply() {
	for k, c := range m.classes {
		n := float64(len(c.cases))
		val := make([]float64, len(c.dest))
		for j := range val {
			val[j] = 1
		}
		m.p.AddRow(mip.Row{Name: fmt.Sprintf("supply_%d", k), Lo: n, Hi: n}, m.x[k], val)
	}
}

// addCapacity: each case manager's capacity minus T' is over − under, and
// over − under − M ≤ T − T'.
func (m *teamModel) addCapacity() {
	t, in, p := m.t, m.in, m.p
	idx := make([][]int, len(t.pracs))
	val := make([][]float64, len(t.pracs))
	for k, c := range m.classes {
		for j, l := range c.dest {
			idx[l] = append(idx[l], m.x[k][j])
			val[l] = append(val[l], 100*c.points/in.avail[t.pracs[l]])
		}
	}
	for l, pr := range t.pracs {
		if m.colO[l] < 0 {
			continue
		}
		id := in.r.Practitioners[pr].ID
		rhs := m.bal - 100*t.fixed[l]/in.avail[pr]
		p.AddRow(mip.Row{Name: "capacity_" + id, Lo: rhs, Hi: rhs},
			append(idx[l], m.colO[l], m.colU[l]), append(val[l], -1, 1))
		p.AddRow(mip.Row{Name: "max_" + id, Lo: math.Inf(-1), Hi: m.target - m.bal},
			[]int{m.colO[l], m.colU[l], m.colM}, []float64{1, -1, -1})
	}
}

// addMoves: moves + Σ_k x_k,current = Σ_k n_k over classes with a current
// case manager.
func (m *teamModel) addMoves() {
	if m.colMv < 0 {
		return
	}
	ids, vals := []int{m.colMv}, []float64{1}
	for k, c := range m.classes {
		if c.inc >= 0 {
			ids = append(ids, m.x[k][m.incJ(k)])
			vals = append(vals, 1)
		}
	}
	kept := float64(m.keptAll)
	m.p.AddRow(mip.Row{Name: "moves", Lo: kept, Hi: kept}, ids, vals)
}

// addPractitionerCaps: each case manager's balance moves out (n_k − x
// kept) and in are at most capPrac.
func (m *teamModel) addPractitionerCaps() {
	for l, pr := range m.t.pracs {
		var ids []int
		var vals []float64
		rhs := float64(m.capPrac)
		for k, c := range m.classes {
			if c.inc < 0 {
				continue
			}
			for j, d := range c.dest {
				switch {
				case c.inc == l && d == l: // kept: out = n_k − x
					ids = append(ids, m.x[k][j])
					vals = append(vals, -1)
					rhs -= float64(len(c.cases))
				case c.inc != l && d == l: // in
					ids = append(ids, m.x[k][j])
					vals = append(vals, 1)
				}
			}
		}
		if len(ids) > 0 {
			m.p.AddRow(mip.Row{Name: "cap_" + m.in.r.Practitioners[pr].ID, Lo: math.Inf(-1), Hi: rhs}, ids, vals)
		}
	}
}

// incJ is the position of class k's current case manager among its
// destinations.
func (m *teamModel) incJ(k int) int {
	for j, l := range m.classes[k].dest {
		if l == m.classes[k].inc {
			return j
		}
	}
	panic("caseload: current case manager is not a destination") // newInstance keeps only those who may hold
}

// start is a feasible solution: every case kept where it may be, the
// others given one by one, largest first, to whoever may take them at the
// lowest capacity after taking them.
func (m *teamModel) start() []float64 {
	t, in := m.t, m.in
	x := make([]float64, m.p.NumCols())
	load := make([]float64, len(t.pracs))
	copy(load, t.fixed)
	for k, c := range m.classes {
		if c.inc >= 0 {
			x[m.x[k][m.incJ(k)]] = float64(len(c.cases))
			load[c.inc] += c.points * float64(len(c.cases))
		}
	}
	for k, c := range m.classes {
		if c.inc >= 0 {
			continue
		}
		for range c.cases {
			best, bj := math.Inf(1), -1
			for j, l := range c.dest {
				if v := (load[l] + c.points) / in.avail[t.pracs[l]]; v < best {
					best, bj = v, j
				}
			}
			x[m.x[k][bj]]++
			load[c.dest[bj]] += c.points
		}
	}
	m.complete(x)
	return x
}

// complete sets M, the deviations and the moves from the counts in x.
func (m *teamModel) complete(x []float64) {
	load := m.loads(x)
	worst := 0.0
	for l, pr := range m.t.pracs {
		if m.colO[l] < 0 {
			continue
		}
		c := 100 * load[l] / m.in.avail[pr]
		x[m.colO[l]], x[m.colU[l]] = math.Max(0, c-m.bal), math.Max(0, m.bal-c)
		worst = math.Max(worst, c-m.target)
	}
	x[m.colM] = worst
	if m.colMv >= 0 {
		x[m.colMv] = float64(m.moves(x))
	}
}

func (m *teamModel) loads(x []float64) []float64 {
	load := make([]float64, len(m.t.pracs))
	copy(load, m.t.fixed)
	for k, c := range m.classes {
		for j, l := range c.dest {
			load[l] += c.points * math.Round(x[m.x[k][j]])
		}
	}
	return load
}

func (m *teamModel) moves(x []float64) int {
	n := 0
	for k, c := range m.classes {
		if c.inc >= 0 {
			n += len(c.cases) - int(math.Round(x[m.x[k][m.incJ(k)]]))
		}
	}
	return n
}

// stageNodes is the branch-and-bound node limit of one stage.
const stageNodes = 50

// noCuts are the further Cbc arguments of stages 1 (the largest capacity)
// and 3 (moves): no cut passes. Cbc's cuts took most of each stage's time
// (at 25,000 generated cases, one lane: 29.4 s with cuts in every stage,
// 15.7 s without them in stages 1 and 3, 10.1 s without any) and changed
// little there: the same largest capacity (364.1%), standard deviation
// 41.60 → 41.64, and 2,825 → 2,840 balance moves. Stage 2 (deviation and
// the move penalty) keeps them: without them it made 3,066 moves.
var noCuts = []string{"-cuts", "off"}

// stage is one solve: the costs and bounds already set, it returns the
// solution (start when the solver finds none better) and whether it is
// within the gap asked for. args are further Cbc arguments.
func (m *teamModel) stage(ctx context.Context, opt Options, start []float64, startObj, absGap float64, args ...string) ([]float64, bool, error) {
	if startObj <= absGap {
		return start, true, nil // the start is within the gap of any bound ≥ 0
	}
	// A node limit, not the clock, ends a stage that does not reach its
	// gap, so the same input gives the same allocation on any machine; the
	// time limit is a safety net.
	mo := mip.Options{TimeLimit: opt.timeLimit(), Gap: absGap / startObj, Start: start,
		SolverArgs: append([]string{"-maxNodes", strconv.Itoa(stageNodes)}, args...)}
	res, err := opt.solve()(ctx, m.p, mo)
	if err != nil {
		return nil, false, err
	}
	if opt.Log != nil {
		fmt.Fprintf(opt.Log, "caseload: %s: start %.2f, Cbc %s %.2f (bound %.2f) in %.2fs\n",
			m.p.Name, startObj, res.Status, res.Objective, res.Bound, res.Elapsed.Seconds())
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	if !res.Status.HasSolution() {
		if res.Status == mip.Infeasible || res.Status == mip.Unbounded {
			return nil, false, fmt.Errorf("stage solve %s", res.Status)
		}
		return start, false, nil
	}
	x := res.X
	if err := m.integral(x); err != nil {
		return nil, false, err
	}
	m.complete(x)
	if m.p.Evaluate(x) > m.p.Evaluate(start)+1e-9 {
		return start, res.Status == mip.Optimal, nil
	}
	return x, res.Status == mip.Optimal, nil
}

// integral rounds the counts and checks that each class is given out
// whole.
func (m *teamModel) integral(x []float64) error {
	for k, c := range m.classes {
		sum := 0
		for _, col := range m.x[k] {
			x[col] = math.Round(x[col])
			if x[col] < 0 {
				return fmt.Errorf("class %d: negative count", k)
			}
			sum += int(x[col])
		}
		if sum != len(c.cases) {
			return fmt.Errorf("class %d: %d of %d cases given out", k, sum, len(c.cases))
		}
	}
	return nil
}

// solveLex runs the stages of the package comment and returns the counts
// and whether every stage ended within its tolerance. Each stage's MIP
// starts from a local search (see search) from the previous stage's
// solution.
func (m *teamModel) solveLex(ctx context.Context, opt Options) ([]float64, bool, error) {
	tol := opt.tolerance()
	p := m.p
	active := 0
	for _, c := range m.colO {
		if c >= 0 {
			active++
		}
	}
	tol2 := tol * float64(max(1, active))

	// Stage 1: the largest capacity above the target.
	s := newSearch(m, m.start())
	s.minimiseMax()
	x := s.vector()
	p.SetCost(m.colM, 1)
	x, ok1, err := m.stage(ctx, opt, x, x[m.colM], tol, noCuts...)
	if err != nil {
		return nil, false, err
	}
	p.SetCost(m.colM, 0)
	mcap := x[m.colM] + tol
	p.SetColBounds(m.colM, 0, mcap)

	// Stage 2: total deviation, and the move penalty.
	for l := range m.colO {
		if m.colO[l] >= 0 {
			p.SetCost(m.colO[l], 1)
			p.SetCost(m.colU[l], 1)
		}
	}
	if m.colMv >= 0 {
		p.SetCost(m.colMv, m.pen)
	}
	s = newSearch(m, x)
	s.minimiseDeviation(mcap, m.pen)
	x = s.vector()
	x, ok2, err := m.stage(ctx, opt, x, p.Evaluate(x), tol2)
	if err != nil {
		return nil, false, err
	}
	if m.colMv < 0 || x[m.colMv] == 0 {
		return x, ok1 && ok2, nil
	}

	// Stage 3: moves, with stage 2's objective held within tol2 of its
	// value.
	z2 := p.Evaluate(x)
	var ids []int
	var vals []float64
	for j, c := range p.Cols() {
		if c.Cost != 0 {
			ids = append(ids, j)
			vals = append(vals, c.Cost)
			p.SetCost(j, 0)
		}
	}
	p.AddRow(mip.Row{Name: "stage2", Lo: math.Inf(-1), Hi: z2 + tol2}, ids, vals)
	p.SetCost(m.colMv, 1)
	x, ok3, err := m.stage(ctx, opt, x, x[m.colMv], 0.99, noCuts...)
	if err != nil {
		return nil, false, err
	}
	return x, ok1 && ok2 && ok3, nil
}

// balance solves team t and writes its case managers into after. capTeam
// < 0 means no team cap on balance moves.
func (t *team) balance(ctx context.Context, in *instance, opt Options, capTeam int, after []int) error {
	began := time.Now()
	t.moves, t.required, t.allocs, t.unplaced, t.status = 0, 0, 0, 0, "optimal"
	for _, c := range t.classes {
		for _, u := range c.cases {
			switch in.kind[u] {
			case kindRequired:
				t.required++
			case kindUnalloc:
				t.allocs++
			}
		}
	}
	defer func() { t.seconds = time.Since(began).Seconds() }()
	if len(t.classes) == 0 {
		t.countUnplaced(in)
		return nil
	}
	m := newTeamModel(in, t, t.classes, in.r.Settings.MovePenalty, capTeam, in.r.Settings.MaxMovesPerPractice)
	x, ok, err := m.solveLex(ctx, opt)
	if err != nil {
		return err
	}
	if !ok {
		t.status = "feasible"
	}
	m.deal(x, after)
	t.moves = m.moves(x)
	t.countUnplaced(in)
	if opt.Log != nil {
		fmt.Fprintf(opt.Log, "caseload: team %s: %d classes, %d columns, %d moves, %d required, %d allocations, %s in %.2fs\n",
			t.id, len(t.classes), m.p.NumCols(), t.moves, t.required, t.allocs, t.status, time.Since(began).Seconds())
	}
	return nil
}

func (t *team) countUnplaced(in *instance) {
	t.unplaced = 0
	for u, su := range in.r.ServiceUsers {
		if in.kind[u] == kindUnplacedOK && su.Team == t.id {
			t.unplaced++
		}
	}
}

// deal gives each class's counts to its cases in file order, the current
// case manager keeping the first ones.
func (m *teamModel) deal(x []float64, after []int) {
	for k, c := range m.classes {
		next := 0
		give := func(j int) {
			for range int(math.Round(x[m.x[k][j]])) {
				after[c.cases[next]] = m.t.pracs[c.dest[j]]
				next++
			}
		}
		if c.inc >= 0 {
			give(m.incJ(k))
		}
		for j, l := range c.dest {
			if l != c.inc {
				give(j)
			}
		}
	}
}

// fromScratch re-allocates the team's placeable cases ignoring who holds
// them (classes by points and PO-only flag, no move penalty) and counts
// the changes of case manager among cases that had one.
func (t *team) fromScratch(ctx context.Context, in *instance, opt Options) error {
	t.scratch = 0
	type key struct {
		points float64
		poOnly bool
	}
	at := map[key]int{}
	var classes []class
	for _, c := range t.classes {
		k := key{c.points, c.poOnly}
		i, ok := at[k]
		if !ok {
			i = len(classes)
			at[k] = i
			classes = append(classes, class{inc: -1, points: c.points, poOnly: c.poOnly, dest: c.dest})
		}
		classes[i].cases = append(classes[i].cases, c.cases...)
	}
	if len(classes) == 0 {
		return nil
	}
	for i := range classes {
		slices.Sort(classes[i].cases)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	m := newTeamModel(in, t, classes, 0, -1, 0)
	srch := newSearch(m, m.start())
	srch.minimiseMax()
	x := srch.vector()
	srch = newSearch(m, x)
	srch.minimiseDeviation(x[m.colM]+opt.tolerance(), 0)
	x = srch.vector()
	after := make([]int, len(in.before))
	m.deal(x, after)
	for _, c := range classes {
		for _, u := range c.cases {
			if in.before[u] >= 0 && after[u] != in.before[u] {
				t.scratch++
			}
		}
	}
	return nil
}
