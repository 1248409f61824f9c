package coin

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/probation/rota/solver/mip"
)

// onEvent sets the event hook for the rest of the test.
func onEvent(t *testing.T, hook func(event)) {
	t.Helper()
	eventHook.Store(&hook)
	t.Cleanup(func() { eventHook.Store(nil) })
}

// TestSignalsReachTheProgram sends SIGINT to the process while Clp or Cbc
// is running (the solver waits in its own event) and checks that the
// program's handler, not the solver's, receives it. Clp's initialSolve
// installs a SIGINT handler of its own unless told not to: a Ctrl-C then
// stopped the LP ("Clp0003I Stopped") and the program never saw it.
func TestSignalsReachTheProgram(t *testing.T) {
	skipWithoutSolver(t)
	tests := []struct {
		name  string
		solve mip.SolveFunc
		p     *mip.Problem
		at    event
	}{
		{name: "Clp", solve: SolveLP, p: assignment(40, 400, 9, 0.8, false), at: eventLPIteration},
		{name: "Cbc's first LP", solve: SolveMIP, p: hard(), at: eventLPIteration},
		{name: "Cbc's search", solve: SolveMIP, p: hard(), at: eventCbcNode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
				t.Run(sig.String(), func(t *testing.T) {
					got := make(chan os.Signal, 1)
					signal.Notify(got, sig)
					defer signal.Stop(got)
					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					heard := make(chan bool, 1)
					onEvent(t, func(e event) {
						if e != tt.at {
							return
						}
						syscall.Kill(os.Getpid(), sig)
						select {
						case <-got:
							heard <- true
						case <-time.After(10 * time.Second): // only when the signal is lost
							heard <- false
						}
						cancel()
					})
					before := foreignHandlers.Load()
					r, err := tt.solve(ctx, tt.p, mip.Options{TimeLimit: time.Minute})
					if err != nil {
						t.Fatal(err)
					}
					checkResult(t, tt.p, r)
					select {
					case ok := <-heard:
						if !ok {
							t.Fatalf("%v sent during the solve never reached the program", sig)
						}
					default:
						t.Fatalf("the solve ended (%v) without event %d", r.Status, tt.at)
					}
					if n := foreignHandlers.Load() - before; n != 0 {
						t.Errorf("the solver installed %d signal handlers of its own", n)
					}
					if r.Stop != mip.StopCancelled {
						t.Errorf("status %v, stop %v, want a cancelled solve", r.Status, r.Stop)
					}
				})
			}
		})
	}
}
