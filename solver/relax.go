package solver

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/solver/mip"
)

// The class relaxation: a much smaller problem whose optimum is a lower
// bound on the weekly model's (SCALE-NOTES' aggregation into classes of
// interchangeable people, written so that the bound stays a true bound).
//
// Columns of one person-level family that differ only in who they are for
// are merged into one class column holding their sum:
//
//	a[q,d,s,k]  → A[m,d,s,k]   appointments of case manager m's cases
//	x[q,o]      → X[C,o]       attendances of requirement class C (its kind and intervention)
//	v[q,j,d]    → V[C,j,d]     work-party places of class C (the person's gender)
//	e_q         → E[C,cost]    unmet amounts of one class and one price
//
// Staff, session, party and supervision columns are kept as they are.
//
// Every row of the weekly model is mapped in two steps, each of which keeps
// every feasible point feasible:
//  1. rows of one family are summed: the due rows of one class (all of a
//     case manager's cases), the one-a-day rows of one case manager and
//     day, and rows that differ only in whose column they hold (x ≤ r for
//     each attendee of a class becomes Σ x ≤ n·r). A sum of valid rows is
//     valid.
//  2. in each summed row, the coefficients c_j of a class's members are
//     replaced by one coefficient γ. With every column ≥ 0, an upper
//     limit Σ c_j x_j ≤ hi stays valid with γ = min_j c_j (absent members
//     count 0), or with γ = max_j c_j and hi raised by Σ (γ − c_j)·Hi_j
//     (using x_j ≤ Hi_j); a lower limit the other way round. A row whose
//     members are all present with one coefficient maps exactly.
//
// A class column's bounds are the sums of its members' and its cost the
// least of its members' costs (travel is priced at the nearest member), so
// any plan of the weekly model maps to a point of the relaxation that
// satisfies every row at no greater cost: the relaxation's optimum, and
// its LP bound, are lower bounds for the weekly model. TestRelaxationValid
// checks exactly that on every plan it solves. What is lost is who: a
// person's own availability and reach enter only as counts, the
// one-activity-a-slot and must-not-meet rows mostly vanish, and the
// longest journey is priced at the nearest member.
type relaxation struct {
	p   *mip.Problem
	col []int // column of the weekly model → column of the relaxation
}

// reqClass names requirement q's class: the requirements the relaxation
// treats as interchangeable. Appointments: the case manager (the case
// manager's capacity rows are then exact). Sessions: the kind, intervention
// and number due. Unpaid work: the person's gender (for the rules on
// women), the hours due and the exact set of work parties the person could
// join (optionSig), so that reach and free days are kept: on 5,000
// generated cases this raised the bound from 123,422 to 123,541 with an LP
// as fast (0.3 s), and the greedy start guided by it fell from 193,787 to
// 191,313 on the largest part of 25,000 cases.
//
// Finer classes elsewhere were measured too: adding each person's
// availability raised the bound on 5,000 cases by 0.3% (123,422 to
// 123,815) and made its LP 65 times slower (0.7 s to 45.6 s); sessions'
// classes split by the sites a person reaches raised it to 123,798 with
// an LP of 20 s.
func (b *builder) reqClass(q int) string {
	if c, ok := b.classOf[q]; ok {
		return c
	}
	req := &b.r.Requirements[q]
	u, _ := b.r.ServiceUserIndex(req.ServiceUser)
	su := &b.r.ServiceUsers[u]
	var c string
	switch req.Kind {
	case model.KindAppointment:
		c = "A|" + su.CaseManager
		if req.Induction { // its columns count more in the rows
			c += "|induction"
		}
	case model.KindUnpaidWork:
		c = fmt.Sprint("U|", su.Gender, "|", Due(b.r, q), "|", b.unpaid.optionSig(q))
	default:
		c = fmt.Sprint("S|", req.Kind, "|", req.Intervention, "|", Due(b.r, q))
	}
	if b.classOf == nil {
		b.classOf = make(map[int]string)
	}
	b.classOf[q] = c
	return c
}

// gkey names a group of person columns merged into one class column:
// the family's kind, the requirement class and where (day, slot, site,
// option), and for unmet columns their price.
type gkey struct {
	kind       byte
	class      int
	a, b, c, d int
	cost       float64
}

// classGroups records which columns of the weekly model merge: grp[j] is
// column j's group (-1 when kept as it is), members[g] its columns.
type classGroups struct {
	b       *builder
	classes map[string]int
	grp     []int
	gid     map[gkey]int
	members [][]int
}

// class is reqClass's name as a small number.
func (cg *classGroups) class(q int) int {
	name := cg.b.reqClass(q)
	c, ok := cg.classes[name]
	if !ok {
		c = len(cg.classes)
		cg.classes[name] = c
	}
	return c
}

// assign puts column col in the group of k.
func (cg *classGroups) assign(col int, k gkey) {
	g, ok := cg.gid[k]
	if !ok {
		g = len(cg.members)
		cg.gid[k] = g
		cg.members = append(cg.members, nil)
	}
	cg.grp[col] = g
	cg.members[g] = append(cg.members[g], col)
}

// relax builds the class relaxation of the built model: costs priced
// above each person's cheapest, the families' person columns grouped,
// one column per group, then the rows summed (step 1) and merged (step 2).
func (b *builder) relax() *relaxation {
	src := b.p
	rl := &relaxation{p: &mip.Problem{Name: "rota-classes", Offset: src.Offset}, col: make([]int, src.NumCols())}
	cost := b.relaxCosts(rl)
	cg := &classGroups{b: b, classes: make(map[string]int), grp: make([]int, src.NumCols()), gid: make(map[gkey]int)}
	for j := range cg.grp {
		cg.grp[j] = -1
	}
	for _, f := range b.families() {
		f.relaxGroups(b, cg)
	}
	for _, sv := range b.slacks {
		cg.assign(sv.col, gkey{kind: 'e', class: cg.class(sv.req), cost: cost[sv.col]})
	}
	m := &classMerger{rl: rl, src: src, grp: cg.grp, members: cg.members, seen: make(map[uint64]bool)}
	m.gcol = rl.addColumns(src, cost, cg)
	fl := newFacilitatorLinks(b)
	accs := rl.sumRows(b, cg.grp, fl)
	fl.emit(rl)
	for ai := range accs {
		m.merge(accs, ai)
	}
	return rl
}

// relaxCosts prices each option above its person's cheapest: with a due
// row Σ d_j·y_j + e = n and τ = min_j cost_j ÷ d_j, the cost Σ cost_j·y_j +
// F·e equals Σ (cost_j − τ·d_j)·y_j + (F − τ)·e + τ·n on every point of
// the row. Merged classes then lose only the travel above each person's
// nearest site, not all of it. The constants τ·n go to rl's offset.
func (b *builder) relaxCosts(rl *relaxation) []float64 {
	src := b.p
	cost := make([]float64, src.NumCols())
	for j := range cost {
		cost[j] = src.Col(j).Cost
	}
	for _, sv := range b.slacks {
		i, ok := b.dueRowOf[sv.req]
		if !ok {
			continue
		}
		idx, val := src.RowCoeffs(i)
		tau := math.Inf(1)
		for k, j := range idx {
			if j != sv.col && val[k] > 0 {
				tau = math.Min(tau, cost[j]/val[k])
			}
		}
		if tau <= 0 || math.IsInf(tau, 1) {
			continue
		}
		for k, j := range idx {
			if j != sv.col {
				cost[j] = snap(cost[j] - tau*val[k])
			}
		}
		cost[sv.col] = snap(cost[sv.col] - tau)
		rl.p.Offset += tau * src.Row(i).Lo
	}
	return cost
}

// addColumns makes the relaxation's columns, in the order of the model's:
// a column kept as it is, or its group's class column (bounds the sums of
// its members', cost the least). It returns each group's column.
func (rl *relaxation) addColumns(src *mip.Problem, cost []float64, cg *classGroups) []int {
	gcol := make([]int, len(cg.members))
	for g := range gcol {
		gcol[g] = -1
	}
	for j := 0; j < src.NumCols(); j++ {
		c := src.Col(j)
		g := cg.grp[j]
		c.Cost = cost[j]
		if g < 0 {
			rl.col[j] = rl.p.AddCol(c)
			continue
		}
		if gcol[g] >= 0 {
			rl.col[j] = gcol[g]
			continue
		}
		agg := mip.Col{Name: c.Name + "_class", Cost: math.Inf(1), Integer: true}
		for _, m := range cg.members[g] {
			mc := src.Col(m)
			if mc.Lo < 0 {
				panic(fmt.Sprintf("solver: relax: column %s may be negative", mc.Name))
			}
			agg.Lo += mc.Lo
			agg.Hi += mc.Hi
			agg.Cost = math.Min(agg.Cost, cost[m])
			agg.Integer = agg.Integer && mc.Integer
		}
		gcol[g] = rl.p.AddCol(agg)
		rl.col[j] = gcol[g]
	}
	return gcol
}

// acc is a sum of rows of the weekly model (step 1).
type acc struct {
	lo, hi float64
	cols   []int32
	vals   []float64
}

// sumRows is step 1: it sums the rows of each family (rows filed under one
// key by classRow, and rows that differ only in which members of a class
// they hold). A row with no person column and no key maps as it is, at
// once.
func (rl *relaxation) sumRows(b *builder, grp []int, fl *facilitatorLinks) []acc {
	src := b.p
	fam := make(map[uint64]int)
	var accs []acc
	var gs []int
	for i := 0; i < src.NumRows(); i++ {
		row := src.Row(i)
		idx, val := src.RowCoeffs(i)
		if fl.take(row, idx, val) {
			continue
		}
		key, keyed := b.rowFamily[i]
		gs = gs[:0]
		for _, j := range idx {
			if grp[j] >= 0 {
				gs = append(gs, grp[j])
			}
		}
		if len(gs) == 0 && !keyed {
			mi := make([]int, len(idx))
			for k, j := range idx {
				mi[k] = rl.col[j]
			}
			rl.p.AddRow(row, mi, val)
			continue
		}
		s := rowKey(key, keyed, row, idx, val, grp, gs)
		a, ok := fam[s]
		if !ok {
			a = len(accs)
			fam[s] = a
			accs = append(accs, acc{})
		}
		ac := &accs[a]
		ac.lo += row.Lo
		ac.hi += row.Hi
		for k, j := range idx {
			ac.cols = append(ac.cols, int32(j))
			ac.vals = append(ac.vals, val[k])
		}
	}
	return accs
}

// rowKey is the hash under which a row is summed: its classRow key, or
// its bounds, its coefficients on kept columns and the groups it holds.
func rowKey(key string, keyed bool, row mip.Row, idx []int, val []float64, grp, gs []int) uint64 {
	h := fnv.New64a()
	if keyed {
		h.Write([]byte("k|" + key))
		return h.Sum64()
	}
	slices.Sort(gs)
	gs = slices.Compact(gs)
	hashF(h, row.Lo)
	hashF(h, row.Hi)
	for k, j := range idx {
		if grp[j] < 0 {
			hashU(h, uint64(j))
			hashF(h, val[k])
		}
	}
	hashU(h, math.MaxUint64)
	for _, g := range gs {
		hashU(h, uint64(g))
	}
	return h.Sum64()
}

// classMerger is step 2: in each summed row, one coefficient per class.
type classMerger struct {
	rl      *relaxation
	src     *mip.Problem
	grp     []int
	members [][]int
	gcol    []int
	seen    map[uint64]bool // rows emitted, to drop repeats
	terms   []term
	outIdx  []int
	outVal  []float64
}

type term struct {
	col int32
	val float64
}

// merge emits the summed row accs[ai], each side separately: exact
// classes go in both.
func (m *classMerger) merge(accs []acc, ai int) {
	ac := &accs[ai]
	m.terms = m.terms[:0]
	for k, j := range ac.cols {
		m.terms = append(m.terms, term{j, ac.vals[k]})
	}
	accs[ai] = acc{lo: ac.lo, hi: ac.hi} // free as we go
	grp := m.grp
	slices.SortFunc(m.terms, func(x, y term) int {
		if gx, gy := grp[x.col], grp[y.col]; gx != gy {
			return cmp.Compare(gx, gy)
		}
		return cmp.Compare(x.col, y.col)
	})
	// Merge repeated columns.
	w := 0
	for _, t := range m.terms {
		if w > 0 && m.terms[w-1].col == t.col {
			m.terms[w-1].val += t.val
			continue
		}
		m.terms[w] = t
		w++
	}
	m.terms = m.terms[:w]
	lo, hi := accs[ai].lo, accs[ai].hi
	for side := 0; side < 2; side++ {
		bound := hi
		if side == 1 {
			bound = lo
		}
		if math.IsInf(bound, 0) {
			continue
		}
		bound, exactBoth := m.side(side, bound)
		if len(m.outIdx) == 0 {
			continue
		}
		if exactBoth && side == 0 {
			m.emit(lo, hi)
			break
		}
		if side == 0 {
			m.emit(math.Inf(-1), bound)
		} else {
			m.emit(bound, math.Inf(1))
		}
	}
}

// side builds into outIdx, outVal one side of the merged row: the upper
// limit (side 0) or the lower (side 1), with each class's coefficient γ
// chosen as the package comment says. It returns the side's bound and
// whether every class mapped exactly.
func (m *classMerger) side(side int, bound float64) (float64, bool) {
	m.outIdx, m.outVal = m.outIdx[:0], m.outVal[:0]
	exactBoth := true
	terms := m.terms
	for k := 0; k < len(terms); {
		g := m.grp[terms[k].col]
		if g < 0 {
			m.outIdx = append(m.outIdx, m.rl.col[terms[k].col])
			m.outVal = append(m.outVal, terms[k].val)
			k++
			continue
		}
		e := k
		for e < len(terms) && m.grp[terms[e].col] == g {
			e++
		}
		present := terms[k:e]
		k = e
		gamma, shift, exact := m.gamma(side, g, present)
		exactBoth = exactBoth && exact
		bound += shift
		if gamma != 0 {
			m.outIdx = append(m.outIdx, m.gcol[g])
			m.outVal = append(m.outVal, gamma)
		}
	}
	return bound, exactBoth
}

// gamma is class g's one coefficient on one side, given the members
// present in the row: the safe extreme (min for an upper limit, absent
// members counting 0), or, when most of the class is present, the other
// extreme with the bound moved by shift (using each member's x ≤ Hi).
// exact reports whether every member had the same coefficient.
func (m *classMerger) gamma(side, g int, present []term) (gamma, shift float64, exact bool) {
	mn, mx := math.Inf(1), math.Inf(-1)
	for _, t := range present {
		mn, mx = math.Min(mn, t.val), math.Max(mx, t.val)
	}
	absent := len(m.members[g]) - len(present)
	if absent > 0 {
		mn, mx = math.Min(mn, 0), math.Max(mx, 0)
	}
	gamma = mn // the upper side's safe choice
	if side == 1 {
		gamma = mx
	}
	if mn == mx {
		return gamma, 0, true
	}
	if len(present) < absent {
		return gamma, 0, false
	}
	// Complete the class with its bounds.
	other := mx
	if side == 1 {
		other = mn
	}
	pi := 0
	for _, mem := range m.members[g] {
		c := 0.0
		if pi < len(present) && int(present[pi].col) == mem {
			c = present[pi].val
			pi++
		}
		shift += (other - c) * m.src.Col(mem).Hi
	}
	if math.IsInf(shift, 0) || math.IsNaN(shift) {
		return gamma, 0, false
	}
	// side 0: hi + Σ(γ−c)Hi ≥ hi; side 1: lo − Σ(c−γ)Hi
	return other, shift, false
}

// emit adds the row in outIdx, outVal with limits lo, hi, less a side no
// point of the relaxation's bounds can break, unless it is a repeat.
func (m *classMerger) emit(lo, hi float64) {
	rl := m.rl
	minAct, maxAct := 0.0, 0.0
	for k, j := range m.outIdx {
		c := rl.p.Col(j)
		v := m.outVal[k]
		if v > 0 {
			minAct += v * c.Lo
			maxAct += v * c.Hi
		} else {
			minAct += v * c.Hi
			maxAct += v * c.Lo
		}
	}
	if maxAct <= hi+1e-9 {
		hi = math.Inf(1)
	}
	if minAct >= lo-1e-9 {
		lo = math.Inf(-1)
	}
	if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
		return
	}
	h := fnv.New64a()
	hashF(h, lo)
	hashF(h, hi)
	for k, j := range m.outIdx {
		hashU(h, uint64(j))
		hashF(h, m.outVal[k])
	}
	s := h.Sum64()
	if m.seen[s] {
		return
	}
	m.seen[s] = true
	for k := range m.outVal {
		m.outVal[k] = snap(m.outVal[k])
	}
	rl.p.AddRow(mip.Row{Name: fmt.Sprint("class_", rl.p.NumRows()), Lo: snap(lo), Hi: snap(hi)}, m.outIdx, m.outVal)
}

// lift maps a plan of the weekly model to the relaxation: each class
// column takes the sum of its members.
func (rl *relaxation) lift(x []float64) []float64 {
	y := make([]float64, rl.p.NumCols())
	for j, v := range x {
		y[rl.col[j]] += v
	}
	return y
}

func hashU(h hash.Hash64, v uint64) {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], v)
	h.Write(buf[:])
}

func hashF(h hash.Hash64, v float64) { hashU(h, math.Float64bits(v)) }

// snap rounds v to the nearest integer when it is within 1e-9 of it. The
// sums and differences above leave residues such as 3e-17 where 0 is
// meant; Clp's dual simplex took 2-15 times as many iterations with them
// (on 5,000 and 25,000 generated cases). Moving a value by at most 1e-9
// changes the bound by far less than the solvers' own tolerances.
func snap(v float64) float64 {
	if r := math.Round(v); math.Abs(v-r) < 1e-9 {
		return r
	}
	return v
}
