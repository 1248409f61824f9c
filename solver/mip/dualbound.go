package mip

import "math"

// DualBound is the bound on the LP relaxation of p (and so on p) that any
// row multipliers y prove, the Lagrangian bound: for a minimisation and
// every x within p's column bounds and rows,
//
//	c·x = (c − Aᵀy)·x + y·Ax ≥ Σ_j min_{x_j ∈ [lo_j, hi_j]} d_j·x_j + Σ_i min_{r ∈ [Lo_i, Hi_i]} y_i·r,
//
// with d = c − Aᵀy. It needs no optimality of y: an LP stopped on an
// iteration limit still gives a true bound, as tight as its duals are
// good. A multiplier whose sign points at a row's infinite side is taken
// as 0 (still a valid choice); a reduced cost whose sign points at a
// column's infinite bound leaves no finite bound (−Inf for a
// minimisation). y is in the problem's own sense (as Result.Duals);
// Offset is included. Rounding error is far below the solvers'
// tolerances; callers compare with a margin.
func (p *Problem) DualBound(y []float64) float64 {
	sign := 1.0
	if p.Sense == Maximize {
		sign = -1
	}
	// Work in minimisation sense: min sign·c·x, multipliers sign·y.
	d := make([]float64, len(p.cols))
	for j, c := range p.cols {
		d[j] = sign * c.Cost
	}
	var total float64
	for i, r := range p.rows {
		yi := sign * y[i]
		switch {
		case yi > 0 && math.IsInf(r.Lo, -1), yi < 0 && math.IsInf(r.Hi, 1), yi == 0:
			continue
		case yi > 0:
			total += yi * r.Lo
		default:
			total += yi * r.Hi
		}
		for k := p.rowStart[i]; k < p.rowStart[i+1]; k++ {
			d[p.rowCol[k]] -= yi * p.rowVal[k]
		}
	}
	for j, c := range p.cols {
		switch {
		case d[j] > 0:
			total += d[j] * c.Lo
		case d[j] < 0:
			total += d[j] * c.Hi
		}
	}
	if math.IsNaN(total) {
		total = math.Inf(-1)
	}
	return sign*total + p.Offset
}
