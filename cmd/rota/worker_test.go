package main

import (
	"os"
	"testing"

	"github.com/probation/rota/solver/worker"
)

// asRota makes this test binary run main, as the rota program, when set:
// tests that send signals run the command in a process of its own.
const asRota = "ROTA_TEST_AS_ROTA"

// TestMain lets this test binary serve as a solver worker process (its
// tests plan with workers) and as the rota program itself (asRota).
func TestMain(m *testing.M) {
	if os.Getenv(asRota) != "" && os.Getenv(worker.Env) == "" {
		main() // exits
	}
	worker.RunTests(m)
}
