package mip

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Sense is the direction of optimisation. The zero value is Minimize.
type Sense int

// Optimisation senses.
const (
	Minimize Sense = iota
	Maximize
)

// String returns "minimize" or "maximize".
func (s Sense) String() string {
	switch s {
	case Minimize:
		return "minimize"
	case Maximize:
		return "maximize"
	}
	return fmt.Sprintf("Sense(%d)", int(s))
}

// Col is a variable (column) of a [Problem]: Lo ≤ x ≤ Hi, with Cost its
// objective coefficient. Lo may be math.Inf(-1) and Hi math.Inf(1). Name is
// free text; it is sanitised where a file format needs it (see
// [Problem.ColNames]).
type Col struct {
	Name    string
	Lo, Hi  float64
	Cost    float64
	Integer bool
}

// Row is a constraint of a [Problem]: Lo ≤ Σ a_j·x_j ≤ Hi. Lo may be
// math.Inf(-1) and Hi math.Inf(1); Lo == Hi makes an equality and two
// infinite bounds a free row.
type Row struct {
	Name   string
	Lo, Hi float64
}

// Problem is a mixed-integer linear programme (see the package comment for
// the maths). The zero value is an empty minimisation ready for use.
//
// Columns and rows are addressed by the index that AddCol and AddRow return.
// The coefficient matrix is stored sparse, row by row, with the columns of
// each row in increasing order.
type Problem struct {
	Name   string
	Sense  Sense
	Offset float64 // constant added to the objective

	cols     []Col
	rows     []Row
	rowStart []int // len(rows)+1 once a row exists
	rowCol   []int32
	rowVal   []float64
}

// AddCol appends a column and returns its index.
func (p *Problem) AddCol(c Col) int {
	p.cols = append(p.cols, c)
	return len(p.cols) - 1
}

// AddRow appends a row with coefficients val[k] on columns idx[k] and returns
// its index. Repeated columns are summed and zero coefficients (after
// summing) dropped; idx and val are not retained.
//
// AddRow panics if len(idx) != len(val) or an index is not that of an existing
// column: both are programming errors.
func (p *Problem) AddRow(r Row, idx []int, val []float64) int {
	if len(idx) != len(val) {
		panic(fmt.Sprintf("mip: AddRow %q: %d indices but %d values", r.Name, len(idx), len(val)))
	}
	for _, j := range idx {
		if j < 0 || j >= len(p.cols) {
			panic(fmt.Sprintf("mip: AddRow %q: column index %d out of range [0,%d)", r.Name, j, len(p.cols)))
		}
	}
	if len(p.cols) > math.MaxInt32 {
		panic("mip: more columns than an int32 can index")
	}
	if p.rowStart == nil {
		p.rowStart = []int{0}
	}
	order := make([]int, len(idx))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return idx[a] - idx[b] })
	base := len(p.rowCol)
	for _, k := range order {
		j := int32(idx[k])
		if n := len(p.rowCol); n > base && p.rowCol[n-1] == j {
			p.rowVal[n-1] += val[k]
			continue
		}
		p.rowCol = append(p.rowCol, j)
		p.rowVal = append(p.rowVal, val[k])
	}
	// Drop zeros in place.
	w := base
	for k := base; k < len(p.rowCol); k++ {
		if p.rowVal[k] != 0 {
			p.rowCol[w], p.rowVal[w] = p.rowCol[k], p.rowVal[k]
			w++
		}
	}
	p.rowCol, p.rowVal = p.rowCol[:w], p.rowVal[:w]
	p.rows = append(p.rows, r)
	p.rowStart = append(p.rowStart, w)
	return len(p.rows) - 1
}

// NumCols returns the number of columns.
func (p *Problem) NumCols() int { return len(p.cols) }

// NumRows returns the number of rows.
func (p *Problem) NumRows() int { return len(p.rows) }

// NumNonzeros returns the number of stored (non-zero) coefficients.
func (p *Problem) NumNonzeros() int { return len(p.rowVal) }

// NumIntegers returns the number of integer columns.
func (p *Problem) NumIntegers() int {
	n := 0
	for _, c := range p.cols {
		if c.Integer {
			n++
		}
	}
	return n
}

// Cols returns a copy of the columns.
func (p *Problem) Cols() []Col { return slices.Clone(p.cols) }

// Rows returns a copy of the rows (bounds and names; see RowCoeffs for the
// coefficients).
func (p *Problem) Rows() []Row { return slices.Clone(p.rows) }

// Col returns column j. It panics if j is out of range.
func (p *Problem) Col(j int) Col { return p.cols[j] }

// Row returns row i. It panics if i is out of range.
func (p *Problem) Row(i int) Row { return p.rows[i] }

// RowCoeffs returns copies of the column indices, in increasing order, and
// the coefficients of row i. It panics if i is out of range.
func (p *Problem) RowCoeffs(i int) (idx []int, val []float64) {
	_ = p.rows[i]
	lo, hi := p.rowStart[i], p.rowStart[i+1]
	idx = make([]int, hi-lo)
	for k := range idx {
		idx[k] = int(p.rowCol[lo+k])
	}
	return idx, slices.Clone(p.rowVal[lo:hi])
}

// RowView returns row i's column indices, in increasing order, and its
// coefficients without copying them: the slices are the problem's own and
// must not be modified. It panics if i is out of range.
func (p *Problem) RowView(i int) (idx []int32, val []float64) {
	_ = p.rows[i]
	lo, hi := p.rowStart[i], p.rowStart[i+1]
	return p.rowCol[lo:hi:hi], p.rowVal[lo:hi:hi]
}

// SetCost sets the objective coefficient of column j. It panics if j is out
// of range.
func (p *Problem) SetCost(j int, cost float64) { p.cols[j].Cost = cost }

// SetColBounds sets the bounds of column j. It panics if j is out of range.
func (p *Problem) SetColBounds(j int, lo, hi float64) { p.cols[j].Lo, p.cols[j].Hi = lo, hi }

// SetRowBounds sets the bounds of row i. It panics if i is out of range.
func (p *Problem) SetRowBounds(i int, lo, hi float64) { p.rows[i].Lo, p.rows[i].Hi = lo, hi }

// CSC returns the coefficient matrix in compressed sparse column form: the
// entries of column j are index[start[j]:start[j+1]] (row indices, increasing)
// and value[start[j]:start[j+1]]. len(start) == NumCols()+1. The result is
// freshly allocated and depends only on the problem, not on map order or
// timing. CSC panics if the problem has more than math.MaxInt32 non-zeros.
func (p *Problem) CSC() (start []int32, index []int32, value []float64) {
	nz := len(p.rowVal)
	if nz > math.MaxInt32 || len(p.rows) > math.MaxInt32 {
		panic("mip: matrix too large for int32 indices")
	}
	start = make([]int32, len(p.cols)+1)
	for _, j := range p.rowCol {
		start[j+1]++
	}
	for j := range p.cols {
		start[j+1] += start[j]
	}
	index = make([]int32, nz)
	value = make([]float64, nz)
	next := slices.Clone(start[:len(p.cols)])
	for i := range p.rows {
		for k := p.rowStart[i]; k < p.rowStart[i+1]; k++ {
			j := p.rowCol[k]
			index[next[j]] = int32(i)
			value[next[j]] = p.rowVal[k]
			next[j]++
		}
	}
	return start, index, value
}

// Validate reports data that no solver can accept: NaN anywhere, infinite
// costs, coefficients or offset, a lower bound of +Inf or an upper bound of
// -Inf. Bounds with Lo > Hi are not an error; they make the problem
// infeasible. Every problem found is reported, joined.
func (p *Problem) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		if len(errs) < 20 {
			errs = append(errs, fmt.Errorf("mip: "+format, args...))
		} else if len(errs) == 20 {
			errs = append(errs, errors.New("mip: more problems not listed"))
		}
	}
	if !finite(p.Offset) {
		bad("objective offset is %v", p.Offset)
	}
	for j, c := range p.cols {
		if math.IsNaN(c.Lo) || math.IsInf(c.Lo, 1) || math.IsNaN(c.Hi) || math.IsInf(c.Hi, -1) {
			bad("column %d (%q): bounds [%v, %v]", j, c.Name, c.Lo, c.Hi)
		}
		if !finite(c.Cost) {
			bad("column %d (%q): cost %v", j, c.Name, c.Cost)
		}
	}
	for i, r := range p.rows {
		if math.IsNaN(r.Lo) || math.IsInf(r.Lo, 1) || math.IsNaN(r.Hi) || math.IsInf(r.Hi, -1) {
			bad("row %d (%q): bounds [%v, %v]", i, r.Name, r.Lo, r.Hi)
		}
		for k := p.rowStart[i]; k < p.rowStart[i+1]; k++ {
			if !finite(p.rowVal[k]) {
				bad("row %d (%q): coefficient %v on column %d", i, r.Name, p.rowVal[k], p.rowCol[k])
			}
		}
	}
	return errors.Join(errs...)
}

// CrossedBounds reports whether some column or row has Lo > Hi, which makes
// the problem infeasible whatever the rest of it says.
func (p *Problem) CrossedBounds() bool {
	for _, c := range p.cols {
		if c.Lo > c.Hi {
			return true
		}
	}
	for _, r := range p.rows {
		if r.Lo > r.Hi {
			return true
		}
	}
	return false
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
