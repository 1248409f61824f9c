//go:build cgo

package coin_test

import (
	"context"
	"fmt"
	"math"

	"github.com/probation/rota/solver/coin"
	"github.com/probation/rota/solver/mip"
)

func ExampleSolveLP() {
	// Hillier & Lieberman's Wyndor Glass: maximise 3 doors + 5 windows
	// within three plants' hours.
	p := &mip.Problem{Name: "wyndor", Sense: mip.Maximize}
	doors := p.AddCol(mip.Col{Name: "doors", Hi: math.Inf(1), Cost: 3})
	windows := p.AddCol(mip.Col{Name: "windows", Hi: math.Inf(1), Cost: 5})
	p.AddRow(mip.Row{Name: "plant 1", Lo: math.Inf(-1), Hi: 4}, []int{doors}, []float64{1})
	p.AddRow(mip.Row{Name: "plant 2", Lo: math.Inf(-1), Hi: 12}, []int{windows}, []float64{2})
	p.AddRow(mip.Row{Name: "plant 3", Lo: math.Inf(-1), Hi: 18}, []int{doors, windows}, []float64{3, 2})

	r, err := coin.SolveLP(context.Background(), p, mip.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status, r.Objective, r.X, r.Duals)
	// Output: optimal 36 [2 6] [0 1.5 1]
}

func ExampleSolveMIP() {
	// Hillier & Lieberman's California Manufacturing: four yes-or-no
	// investments.
	p := &mip.Problem{Name: "california", Sense: mip.Maximize}
	for _, npv := range []float64{9, 5, 6, 4} {
		p.AddCol(mip.Col{Hi: 1, Cost: npv, Integer: true})
	}
	all := []int{0, 1, 2, 3}
	p.AddRow(mip.Row{Name: "capital", Lo: math.Inf(-1), Hi: 10}, all, []float64{6, 3, 5, 2})
	p.AddRow(mip.Row{Name: "one warehouse", Lo: math.Inf(-1), Hi: 1}, all, []float64{0, 0, 1, 1})
	p.AddRow(mip.Row{Name: "warehouse 1 needs plant 1", Lo: math.Inf(-1), Hi: 0}, all, []float64{-1, 0, 1, 0})
	p.AddRow(mip.Row{Name: "warehouse 2 needs plant 2", Lo: math.Inf(-1), Hi: 0}, all, []float64{0, -1, 0, 1})

	r, err := coin.SolveMIP(context.Background(), p, mip.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status, r.Objective, r.X)
	// Output: optimal 14 [1 1 0 0]
}
