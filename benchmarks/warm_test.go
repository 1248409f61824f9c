package benchmarks

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
	"github.com/probation/rota/solver"
)

// BenchmarkSampleWarm: the embedded sample planned once (today's
// allocation), then again with that rota as Options.WarmStart, as the next
// week of a sequence would be. Metrics: cold-s and warm-s (each solve),
// the objectives and gaps of both. Both plans are checked.
func BenchmarkSampleWarm(b *testing.B) {
	needCbc(b)
	r, err := model.Load(fixtures.Leicestershire)
	if err != nil {
		b.Fatal(err)
	}
	opt := solver.Options{TimeLimit: 60 * time.Second, Seed: 1, Workers: runtime.NumCPU()}
	var cold, warm *solver.Result
	for b.Loop() {
		cold, err = solver.Solve(context.Background(), r, opt)
		if err != nil {
			b.Fatal(err)
		}
		w := opt
		w.WarmStart = cold.Plan
		warm, err = solver.Solve(context.Background(), r, w)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.Logf("cold: %s, %.1f, gap %.4f in %.1fs; warm: %s, %.1f, gap %.4f in %.1fs",
			cold.Plan.Summary.Status, cold.Objective, cold.Gap, cold.Elapsed.Seconds(),
			warm.Plan.Summary.Status, warm.Objective, warm.Gap, warm.Elapsed.Seconds())
		verify(b, r, cold)
		verify(b, r, warm)
		b.StartTimer()
	}
	b.ReportMetric(cold.Elapsed.Seconds(), "cold-s")
	b.ReportMetric(warm.Elapsed.Seconds(), "warm-s")
	b.ReportMetric(cold.Objective, "cold-objective")
	b.ReportMetric(warm.Objective, "warm-objective")
	b.ReportMetric(cold.Gap, "cold-gap")
	b.ReportMetric(warm.Gap, "warm-gap")
}
