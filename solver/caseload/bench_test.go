package caseload

import (
	"context"
	"testing"

	"github.com/probation/rota/fixtures/synth"
	"github.com/probation/rota/model"
	"github.com/probation/rota/solver/coin"
)

// BenchmarkBalance25000 balances a synthetic region of 25,000 cases (about
// 57 teams and 420 case managers, the size of the London provider).
func BenchmarkBalance25000(b *testing.B) {
	if !coin.Available() {
		b.Skip("COIN-OR not available")
	}
	files, err := synth.Generate(synth.Options{Cases: 25000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	r, err := model.Load(files.FS())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var res *Result
	for b.Loop() {
		res, err = Balance(context.Background(), r, Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	s := res.Summary
	b.ReportMetric(float64(len(s.Teams)), "teams")
	b.ReportMetric(float64(s.Moves), "moves")
	b.ReportMetric(float64(s.FromScratchMoves), "scratch-moves")
	b.ReportMetric(s.Before.StdDev, "sd-before")
	b.ReportMetric(s.After.StdDev, "sd-after")
}
