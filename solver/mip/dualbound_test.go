package mip

import (
	"math"
	"testing"
)

// DualBound: min x + 2y, x + y ≥ 3, 0 ≤ x ≤ 2, 0 ≤ y ≤ 5 has optimum 4
// (x = 2, y = 1), and its row multiplier 2 proves it. Any multiplier
// proves no more; one pointing at an infinite side counts as 0.
func TestDualBound(t *testing.T) {
	build := func(sense Sense, sign float64) *Problem {
		p := &Problem{Sense: sense, Offset: 0.5}
		x := p.AddCol(Col{Name: "x", Hi: 2, Cost: sign * 1})
		y := p.AddCol(Col{Name: "y", Hi: 5, Cost: sign * 2})
		p.AddRow(Row{Name: "r", Lo: 3, Hi: math.Inf(1)}, []int{x, y}, []float64{1, 1})
		return p
	}
	tests := []struct {
		name  string
		sense Sense
		sign  float64
		y     float64
		want  float64
	}{
		{"optimal multiplier", Minimize, 1, 2, 4.5},
		{"zero", Minimize, 1, 0, 0.5},
		{"too small", Minimize, 1, 1, 3.5},
		{"too large", Minimize, 1, 3, 0.5},
		{"pointing at the infinite side", Minimize, 1, -1, 0.5},
		{"maximisation", Maximize, -1, -2, -3.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := build(tt.sense, tt.sign)
			if got := p.DualBound([]float64{tt.y}); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("DualBound(%v) = %v, want %v", tt.y, got, tt.want)
			}
		})
	}
}
