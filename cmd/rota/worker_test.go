package main

import (
	"os"
	"testing"

	"github.com/probation/rota/solver/worker"
)

// TestMain lets this test binary serve as a solver worker process: the
// commands run here plan with --workers (the number of CPUs by default).
func TestMain(m *testing.M) {
	worker.Main()
	os.Exit(m.Run())
}
