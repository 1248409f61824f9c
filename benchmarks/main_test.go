package benchmarks

import (
	"testing"

	"github.com/probation/rota/solver/worker"
)

// TestMain lets this test binary serve as a solver worker process: its
// tests plan with workers.
func TestMain(m *testing.M) { worker.RunTests(m) }
