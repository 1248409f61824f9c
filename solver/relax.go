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
	case model.KindUnpaidWork:
		c = fmt.Sprint("U|", su.Gender, "|", Due(b.r, q), "|", b.optionSig(q))
	default:
		c = fmt.Sprint("S|", req.Kind, "|", req.Intervention, "|", Due(b.r, q))
	}
	if b.classOf == nil {
		b.classOf = make(map[int]string)
	}
	b.classOf[q] = c
	return c
}

// optionSig names the set of work parties unpaid-work requirement q could
// join, as a hash: people with the same set have the same columns, so the
// class's rows keep who can go where. Two sets sharing a hash only merge
// two classes, which keeps the relaxation valid (any partition into
// classes does).
func (b *builder) optionSig(q int) uint64 {
	if b.optSig == nil {
		h := make(map[int]hash.Hash64)
		add := func(req, v int) {
			f, ok := h[req]
			if !ok {
				f = fnv.New64a()
				h[req] = f
			}
			var buf [8]byte
			binary.LittleEndian.PutUint64(buf[:], uint64(v))
			f.Write(buf[:])
		}
		for _, o := range b.uws {
			add(o.req, o.party)
		}
		b.optSig = make(map[int]uint64, len(h))
		for req, f := range h {
			b.optSig[req] = f.Sum64()
		}
	}
	return b.optSig[q]
}

// relax builds the class relaxation of the built model.
func (b *builder) relax() *relaxation {
	src := b.p
	n := src.NumCols()
	rl := &relaxation{p: &mip.Problem{Name: "rota-classes", Offset: src.Offset}, col: make([]int, n)}

	// Price each option above its person's cheapest: with a due row
	// Σ d_j·y_j + e = n and τ = min_j cost_j ÷ d_j, the cost Σ cost_j·y_j +
	// F·e equals Σ (cost_j − τ·d_j)·y_j + (F − τ)·e + τ·n on every point of
	// the row. Merged classes then lose only the travel above each
	// person's nearest site, not all of it.
	cost := make([]float64, n)
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

	// Groups of person columns.
	type gkey struct {
		kind       byte
		class      int
		a, b, c, d int
		cost       float64
	}
	classes := make(map[string]int)
	class := func(q int) int { // reqClass's name as a small number
		name := b.reqClass(q)
		c, ok := classes[name]
		if !ok {
			c = len(classes)
			classes[name] = c
		}
		return c
	}
	grp := make([]int, n)
	for j := range grp {
		grp[j] = -1
	}
	gid := make(map[gkey]int)
	var members [][]int
	assign := func(col int, k gkey) {
		g, ok := gid[k]
		if !ok {
			g = len(members)
			gid[k] = g
			members = append(members, nil)
		}
		grp[col] = g
		members[g] = append(members[g], col)
	}
	for _, o := range b.appts {
		assign(o.col, gkey{kind: 'a', class: class(o.req), b: o.day, c: o.slot, d: o.site})
	}
	for _, o := range b.atts {
		assign(o.col, gkey{kind: 'x', class: class(o.req), a: o.sess})
	}
	for _, o := range b.uws {
		assign(o.col, gkey{kind: 'v', class: class(o.req), a: o.party})
	}
	for _, sv := range b.slacks {
		assign(sv.col, gkey{kind: 'e', class: class(sv.req), cost: cost[sv.col]})
	}

	// Columns of the relaxation, in the order of the model's.
	gcol := make([]int, len(members))
	for g := range gcol {
		gcol[g] = -1
	}
	for j := 0; j < n; j++ {
		c := src.Col(j)
		g := grp[j]
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
		for _, m := range members[g] {
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

	// Step 1: sum the rows of each family.
	type acc struct {
		lo, hi float64
		cols   []int32
		vals   []float64
	}
	fam := make(map[uint64]int)
	var accs []acc
	var gs []int
	for i := 0; i < src.NumRows(); i++ {
		row := src.Row(i)
		idx, val := src.RowCoeffs(i)
		key, keyed := b.rowFamily[i]
		gs = gs[:0]
		for _, j := range idx {
			if grp[j] >= 0 {
				gs = append(gs, grp[j])
			}
		}
		if len(gs) == 0 && !keyed {
			// No person column: the row maps as it is.
			mi := make([]int, len(idx))
			for k, j := range idx {
				mi[k] = rl.col[j]
			}
			rl.p.AddRow(row, mi, val)
			continue
		}
		h := fnv.New64a()
		if keyed {
			h.Write([]byte("k|" + key))
		} else {
			// Rows that differ only in which members of a class they hold.
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
		}
		s := h.Sum64()
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

	// Step 2: one coefficient per class in each summed row.
	seen := make(map[uint64]bool)
	type term struct {
		col int32
		val float64
	}
	var terms []term
	var outIdx []int
	var outVal []float64
	emit := func(lo, hi float64) {
		// Drop a side no point of the relaxation's bounds can break.
		minAct, maxAct := 0.0, 0.0
		for k, j := range outIdx {
			c := rl.p.Col(j)
			v := outVal[k]
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
		for k, j := range outIdx {
			hashU(h, uint64(j))
			hashF(h, outVal[k])
		}
		if s := h.Sum64(); seen[s] {
			return
		} else {
			seen[s] = true
		}
		for k := range outVal {
			outVal[k] = snap(outVal[k])
		}
		rl.p.AddRow(mip.Row{Name: fmt.Sprint("class_", rl.p.NumRows()), Lo: snap(lo), Hi: snap(hi)}, outIdx, outVal)
	}
	for ai := range accs {
		ac := &accs[ai]
		terms = terms[:0]
		for k, j := range ac.cols {
			terms = append(terms, term{j, ac.vals[k]})
		}
		accs[ai] = acc{lo: ac.lo, hi: ac.hi} // free as we go
		slices.SortFunc(terms, func(x, y term) int {
			if gx, gy := grp[x.col], grp[y.col]; gx != gy {
				return cmp.Compare(gx, gy)
			}
			return cmp.Compare(x.col, y.col)
		})
		// Merge repeated columns.
		w := 0
		for _, t := range terms {
			if w > 0 && terms[w-1].col == t.col {
				terms[w-1].val += t.val
				continue
			}
			terms[w] = t
			w++
		}
		terms = terms[:w]
		lo, hi := accs[ai].lo, accs[ai].hi
		// Each side separately: exact classes go in both.
		for side := 0; side < 2; side++ {
			bound := hi
			if side == 1 {
				bound = lo
			}
			if math.IsInf(bound, 0) {
				continue
			}
			outIdx, outVal = outIdx[:0], outVal[:0]
			exactBoth := true
			for k := 0; k < len(terms); {
				g := grp[terms[k].col]
				if g < 0 {
					outIdx = append(outIdx, rl.col[terms[k].col])
					outVal = append(outVal, terms[k].val)
					k++
					continue
				}
				e := k
				for e < len(terms) && grp[terms[e].col] == g {
					e++
				}
				present := terms[k:e]
				k = e
				mn, mx := math.Inf(1), math.Inf(-1)
				for _, t := range present {
					mn, mx = math.Min(mn, t.val), math.Max(mx, t.val)
				}
				absent := len(members[g]) - len(present)
				if absent > 0 {
					mn, mx = math.Min(mn, 0), math.Max(mx, 0)
				}
				gamma := mn // the upper side's safe choice
				if side == 1 {
					gamma = mx
				}
				if mn != mx {
					exactBoth = false
					// Or complete the class with its bounds, when most of
					// it is present.
					if len(present) >= absent {
						other := mx
						if side == 1 {
							other = mn
						}
						shift := 0.0
						pi := 0
						for _, m := range members[g] {
							c := 0.0
							if pi < len(present) && int(present[pi].col) == m {
								c = present[pi].val
								pi++
							}
							shift += (other - c) * src.Col(m).Hi
						}
						if !math.IsInf(shift, 0) && !math.IsNaN(shift) {
							gamma = other
							bound += shift // side 0: hi + Σ(γ−c)Hi ≥ hi; side 1: lo − Σ(c−γ)Hi
						}
					}
				}
				if gamma != 0 {
					outIdx = append(outIdx, gcol[g])
					outVal = append(outVal, gamma)
				}
			}
			if len(outIdx) == 0 {
				continue
			}
			if exactBoth && side == 0 {
				emit(lo, hi)
				break
			}
			if side == 0 {
				emit(math.Inf(-1), bound)
			} else {
				emit(bound, math.Inf(1))
			}
		}
	}
	return rl
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

// relaxedSites reads, from a solution y of the relaxation, the site where
// each practitioner with a choice is most on each day.
func (b *builder) relaxedSites(rl *relaxation, y []float64) map[pdKey]int {
	out := make(map[pdKey]int)
	for key, sd := range b.loc {
		best := -1.0
		for i, c := range sd.cols {
			if c < 0 {
				continue
			}
			if v := y[rl.col[c]]; v > best+1e-9 {
				best = v
				out[key] = sd.sites[i]
			}
		}
	}
	return out
}
