package caseload

import (
	"bytes"
	"context"
	"reflect"
	"regexp"
	"testing"

	"github.com/probation/rota/fixtures"
	"github.com/probation/rota/model"
	"github.com/probation/rota/solver/worker"
)

// TestMain lets this test binary serve as a solver worker process (see
// Options.Workers).
func TestMain(m *testing.M) { worker.RunTests(m) }

// TestWorkers: teams balanced at once, in worker processes beyond the
// first, give the allocation, files and log of one team at a time.
func TestWorkers(t *testing.T) {
	r, err := model.Load(fixtures.Leicestershire)
	if err != nil {
		t.Fatal(err)
	}
	var oneLog bytes.Buffer
	one, err := Balance(context.Background(), r, Options{Log: &oneLog})
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{2, 5} {
		var log bytes.Buffer
		got, err := Balance(context.Background(), r, Options{Log: &log, Workers: workers})
		if err != nil {
			t.Fatalf("%d workers: %v", workers, err)
		}
		if !reflect.DeepEqual(got.Assignment, one.Assignment) || !reflect.DeepEqual(got.Rows, one.Rows) || !reflect.DeepEqual(got.Moves, one.Moves) {
			t.Errorf("%d workers: the allocation differs", workers)
		}
		if got.Summary.Status != one.Summary.Status || got.Summary.Moves != one.Summary.Moves {
			t.Errorf("%d workers: status %s, %d moves; one at a time %s, %d", workers, got.Summary.Status, got.Summary.Moves, one.Summary.Status, one.Summary.Moves)
		}
		if a, b := stripTimes(log.String()), stripTimes(oneLog.String()); a != b {
			t.Errorf("%d workers: the log differs:\n%s\none at a time:\n%s", workers, a, b)
		}
	}
}

// seconds matches the times in the log's lines.
var seconds = regexp.MustCompile(`in [0-9.]+s`)

// stripTimes removes the times from a log.
func stripTimes(log string) string { return seconds.ReplaceAllString(log, "in _s") }
