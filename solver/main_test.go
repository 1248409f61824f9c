package solver_test

import (
	"os"
	"testing"

	"github.com/probation/rota/solver/worker"
)

// TestMain lets this test binary serve as a solver worker process (see
// Options.Workers).
func TestMain(m *testing.M) {
	worker.Main()
	os.Exit(m.Run())
}
