package mip

import "math"

// Restrict returns the problem left when every column j with free[j] false
// is fixed at x[j]: the free columns alone, each row's bounds shifted by
// the fixed columns' contribution, rows with no free column dropped, and
// the fixed columns' cost moved into Offset. cols maps the new problem's
// columns to this one's. A solution y of the restriction is the solution
// Expand(x, y, cols) of this problem with the same objective.
//
// Fix-and-optimise heuristics solve such restrictions: small models whose
// solver time goes to the free part alone.
func (p *Problem) Restrict(free []bool, x []float64) (sub *Problem, cols []int) {
	p.mustLen(x)
	if len(free) != len(p.cols) {
		panic("mip: Restrict: free has the wrong length")
	}
	sub = &Problem{Name: p.Name, Sense: p.Sense, Offset: p.Offset}
	newIdx := make([]int, len(p.cols))
	for j, c := range p.cols {
		if !free[j] {
			newIdx[j] = -1
			sub.Offset += c.Cost * x[j]
			continue
		}
		newIdx[j] = sub.AddCol(c)
		cols = append(cols, j)
	}
	var idx []int
	var val []float64
	for i, r := range p.rows {
		idx, val = idx[:0], val[:0]
		fixed := 0.0
		for k := p.rowStart[i]; k < p.rowStart[i+1]; k++ {
			j := p.rowCol[k]
			if nj := newIdx[j]; nj >= 0 {
				idx = append(idx, nj)
				val = append(val, p.rowVal[k])
			} else {
				fixed += p.rowVal[k] * x[j]
			}
		}
		if len(idx) == 0 {
			continue
		}
		lo, hi := r.Lo, r.Hi
		if !math.IsInf(lo, 0) {
			lo -= fixed
		}
		if !math.IsInf(hi, 0) {
			hi -= fixed
		}
		sub.AddRow(Row{Name: r.Name, Lo: lo, Hi: hi}, idx, val)
	}
	return sub, cols
}

// Expand returns a copy of x with the restriction's solution y written into
// the columns cols (as Restrict returned them).
func Expand(x, y []float64, cols []int) []float64 {
	out := append([]float64(nil), x...)
	for k, j := range cols {
		out[j] = y[k]
	}
	return out
}
