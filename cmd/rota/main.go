// Command rota plans a probation service's week: where each practitioner is
// each day, every supervision appointment, who attends which group session or
// work party with which facilitators, and which case manager holds each case.
//
// Run `rota help` for the commands. Exit codes: 0 success, 1 a check found
// violations, 2 bad input or usage, 130 interrupted.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/probation/rota/solver/worker"
)

// heapLimit is the Go heap's soft limit when GOMEMLIMIT is not set: the
// runtime collects sooner as the heap nears it. It holds the planning
// process; solver worker processes (--workers) take their own memory
// beside it, mostly the solvers'. Planning 25,000 cases with two parts at
// once peaked at 2.11 GiB of resident memory over all processes with a
// limit of 1.5 GiB, 1.85 GiB with 1.2 GiB, 1.71 GiB with 1,000 MiB and
// 1.65–1.81 GiB with this one once workers returned their memory between
// solves (three runs; the others one run each: sampling is noisy), in the
// same time and to the same plan (2026-11-27). It is soft:
// a region that needs more still gets it.
const heapLimit = 1 << 30

func main() {
	worker.Main() // a solver worker process serves here and exits
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(heapLimit)
	}
	ctx, stop := notifyContext(os.Stderr, os.Exit)
	err := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode reports err on stderr and maps it to the process exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ex *exitError
	if errors.As(err, &ex) {
		if ex.err != nil {
			fmt.Fprintln(stderr, ex.err)
		}
		return ex.code
	}
	fmt.Fprintln(stderr, "rota:", err)
	return 2
}

// exitError carries an exit code other than the default 2 for errors.
type exitError struct {
	code int
	err  error // printed when not nil
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }
