package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// interrupts are the signals that stop a command as Ctrl-C does: SIGINT,
// SIGTERM (kill's default, and how container platforms stop a program) and
// SIGHUP (the terminal went away).
var interrupts = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// notifyContext returns a context that the first of interrupts cancels,
// with the signal as its cause: the command then writes what it has and
// exits 130. A second signal ends the process at once with exit code 130,
// writing nothing more (an output folder is replaced as a unit, so it holds
// the old rota or the new one). stop ends the watch.
func notifyContext(stderr io.Writer, exit func(int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, interrupts...)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			fmt.Fprintf(stderr, "rota: %v: stopping (again to stop at once, writing nothing more)\n", s)
			cancel(fmt.Errorf("%w: %v", context.Canceled, s))
		case <-done:
			return
		}
		select {
		case s := <-sig:
			fmt.Fprintf(stderr, "rota: %v again: stopped at once\n", s)
			exit(130)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sig)
		close(done)
		cancel(nil)
	}
}
