package benchmarks

import (
	"os"
	"testing"

	"github.com/probation/rota/solver/worker"
)

// TestMain lets this test binary serve as a solver worker process
// (solver.Options.Workers, caseload.Options.Workers).
func TestMain(m *testing.M) {
	worker.Main()
	os.Exit(m.Run())
}
