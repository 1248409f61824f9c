package mip

import (
	"math"
	"testing"
)

func TestRestrict(t *testing.T) {
	// max 3a + 2b + c  s.t.  a + b + c ≤ 2,  a − c ≥ 0,  b ≤ 1 (binaries).
	p := &Problem{Sense: Maximize}
	a := p.AddCol(Col{Name: "a", Hi: 1, Cost: 3, Integer: true})
	b := p.AddCol(Col{Name: "b", Hi: 1, Cost: 2, Integer: true})
	c := p.AddCol(Col{Name: "c", Hi: 1, Cost: 1, Integer: true})
	p.AddRow(Row{Name: "cap", Lo: math.Inf(-1), Hi: 2}, []int{a, b, c}, []float64{1, 1, 1})
	p.AddRow(Row{Name: "ac", Lo: 0, Hi: math.Inf(1)}, []int{a, c}, []float64{1, -1})
	p.AddRow(Row{Name: "b", Lo: math.Inf(-1), Hi: 1}, []int{b}, []float64{1})

	x := []float64{1, 0, 1}
	sub, cols := p.Restrict([]bool{false, true, false}, x)
	if got, want := sub.NumCols(), 1; got != want {
		t.Fatalf("columns: got %d, want %d", got, want)
	}
	if got, want := cols, []int{b}; got[0] != want[0] {
		t.Fatalf("cols: got %v, want %v", got, want)
	}
	// Rows "cap" (b ≤ 0 after fixing a = c = 1) and "b" remain; "ac" has no free column.
	if got, want := sub.NumRows(), 2; got != want {
		t.Fatalf("rows: got %d, want %d", got, want)
	}
	if got, want := sub.Row(0).Hi, 0.0; got != want {
		t.Errorf("cap upper bound: got %g, want %g", got, want)
	}
	if got, want := sub.Offset, 4.0; got != want {
		t.Errorf("offset: got %g, want %g", got, want)
	}
	y := []float64{0}
	full := Expand(x, y, cols)
	if got, want := sub.Evaluate(y), p.Evaluate(full); got != want {
		t.Errorf("objective: restriction %g, full %g", got, want)
	}
	if err := p.Check(full, 1e-9); err != nil {
		t.Errorf("expanded solution infeasible: %v", err)
	}
}
