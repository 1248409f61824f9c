package coin

import (
	"context"
	"testing"

	"github.com/probation/rota/solver/mip"
)

// Model building and solving are timed separately; compare runs with
// benchstat.

func BenchmarkBuildAssignment(b *testing.B) {
	for b.Loop() {
		assignment(20, 150, 7, 0.8, false)
	}
}

func BenchmarkSolveKnapsack(b *testing.B) {
	skipWithoutSolver(b)
	p := mips[0].build()
	for b.Loop() {
		if _, err := SolveMIP(context.Background(), p, mip.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSolveAssignmentLP(b *testing.B) {
	skipWithoutSolver(b)
	p := assignment(20, 150, 7, 0.8, false)
	for b.Loop() {
		if _, err := SolveLP(context.Background(), p, mip.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
