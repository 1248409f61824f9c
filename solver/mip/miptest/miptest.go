// Package miptest builds MIPs for tests and benchmarks of the solvers.
package miptest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/probation/rota/solver/mip"
)

var inf = math.Inf(1)

// Assignment returns a generalised assignment problem: n jobs each assigned
// to one of m machines (m·n binaries), machine i taking at most a share
// tight of its average load, with costs inversely correlated with weights
// (Martello & Toth's hard "type D" recipe). With overtime, each machine
// also has a continuous overtime column at cost 50 per unit that relaxes
// its capacity, so every assignment is feasible.
func Assignment(m, n int, seed uint64, tight float64, overtime bool) *mip.Problem {
	rng := rand.New(rand.NewPCG(seed, 1))
	p := &mip.Problem{Name: fmt.Sprintf("assignment %dx%d seed %d", m, n, seed)}
	x := make([][]int, m)
	w := make([][]float64, m)
	for i := range m {
		x[i], w[i] = make([]int, n), make([]float64, n)
		for j := range n {
			w[i][j] = float64(1 + rng.IntN(100))
			cost := 111 - w[i][j] + float64(rng.IntN(21)-10)
			x[i][j] = p.AddCol(mip.Col{Name: fmt.Sprintf("x[%d,%d]", i, j), Hi: 1, Cost: cost, Integer: true})
		}
	}
	for j := range n {
		idx, val := make([]int, m), make([]float64, m)
		for i := range m {
			idx[i], val[i] = x[i][j], 1
		}
		p.AddRow(mip.Row{Name: fmt.Sprintf("job %d", j), Lo: 1, Hi: 1}, idx, val)
	}
	for i := range m {
		load := 0.0
		for j := range n {
			load += w[i][j]
		}
		idx, val := x[i], w[i]
		if overtime {
			o := p.AddCol(mip.Col{Name: fmt.Sprintf("overtime %d", i), Hi: inf, Cost: 50})
			idx, val = append(slices.Clone(idx), o), append(slices.Clone(val), -1)
		}
		p.AddRow(mip.Row{Name: fmt.Sprintf("capacity %d", i), Lo: -inf, Hi: math.Floor(tight * load / float64(m))}, idx, val)
	}
	return p
}
