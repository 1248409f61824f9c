package solver

import (
	"math"
	"slices"
	"testing"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/solver/mip"
)

// TestPrune: prune drops exactly the free columns that a row of fixed
// columns forces to zero, so the restriction keeps every plan it had.
func TestPrune(t *testing.T) {
	// Columns: 0 z (a site), 1 and 2 options linked to it, 3 another
	// option, 4 a column with a negative coefficient.
	p := &mip.Problem{}
	for range 5 {
		p.AddCol(mip.Col{Lo: 0, Hi: 1, Integer: true})
	}
	inf := math.Inf(1)
	p.AddRow(mip.Row{Lo: -inf, Hi: 0}, []int{0, 1, 2}, []float64{-2, 1, 1}) // 1 + 2 ≤ 2·z
	p.AddRow(mip.Row{Lo: -inf, Hi: 1}, []int{3, 4}, []float64{1, -1})       // 3 − 4 ≤ 1
	p.AddRow(mip.Row{Lo: 1, Hi: inf}, []int{1, 3}, []float64{1, 1})         // a lower limit prunes nothing
	b := &builder{p: p}
	for _, tc := range []struct {
		name string
		free []bool
		x    []float64
		want []bool
	}{
		{"site fixed closed", []bool{false, true, true, true, false}, []float64{0, 0, 0, 1, 0},
			[]bool{false, false, false, true, false}},
		{"site fixed open", []bool{false, true, true, true, false}, []float64{1, 1, 0, 0, 0},
			[]bool{false, true, true, true, false}},
		{"site free", []bool{true, true, true, true, true}, []float64{0, 0, 0, 1, 0},
			[]bool{true, true, true, true, true}},
		{"negative coefficient free", []bool{false, false, false, true, true}, []float64{0, 0, 0, 1, 0},
			[]bool{false, false, false, true, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := slices.Clone(tc.free)
			got := b.prune(tc.free, tc.x)
			if !slices.Equal(got, tc.want) {
				t.Errorf("prune = %v, want %v", got, tc.want)
			}
			if !slices.Equal(tc.free, before) {
				t.Error("prune changed its argument")
			}
		})
	}
}

// TestNeighbourhoodsPeople: the neighbourhoods that rebook people free
// person columns only (every staff column fixed), together they free
// every person column, and they come first.
func TestNeighbourhoodsPeople(t *testing.T) {
	for _, bd := range builtParts(t, loadRegion(t, fixtures.Leicestershire)) {
		person := make(map[int]bool)
		for _, o := range bd.appts.opts {
			person[o.col] = true
		}
		for _, o := range bd.attendance.opts {
			person[o.col] = true
		}
		for _, o := range bd.unpaid.uws {
			person[o.col] = true
		}
		for _, c := range bd.unpaid.womenCol {
			person[c] = true
		}
		covered := make(map[int]bool)
		hoods := bd.neighbourhoods()
		if len(hoods) == 0 || !hoods[0].people {
			t.Fatal("the first neighbourhood moves staff")
		}
		for _, hd := range hoods {
			if !hd.people {
				continue
			}
			for _, j := range hd.cols {
				if !bd.p.Col(int(j)).Integer {
					continue
				}
				if !person[int(j)] {
					t.Errorf("%s frees %s, not a person's column", hd.name, bd.p.Col(int(j)).Name)
				}
				covered[int(j)] = true
			}
		}
		for j := range person {
			if !covered[j] {
				t.Errorf("no neighbourhood rebooks %s", bd.p.Col(j).Name)
			}
		}
	}
}
