package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// started is a rota command running in a process of its own.
type started struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	mu     sync.Mutex
	stderr strings.Builder
	done   chan struct{} // closed when stderr ends
}

// startRota runs this test binary as rota with args, calling on for each
// line it writes on stderr (from one goroutine) until on returns true.
func startRota(t *testing.T, on func(s *started, line string) bool, args ...string) *started {
	t.Helper()
	s := &started{cmd: exec.Command(os.Args[0], args...), done: make(chan struct{})}
	s.cmd.Env = append(os.Environ(), asRota+"=1")
	s.cmd.Stdout = &s.stdout
	errPipe, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(errPipe)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		watching := true
		for sc.Scan() {
			s.mu.Lock()
			s.stderr.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if watching && on(s, sc.Text()) {
				watching = false
			}
		}
	}()
	return s
}

// wait returns the exit code and stderr.
func (s *started) wait() (int, string) {
	<-s.done
	s.cmd.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd.ProcessState.ExitCode(), s.stderr.String()
}

// after returns a trigger that fires once a line holding first has been
// seen and then one holding then, and sends sigs to the process.
func after(first, then string, sigs ...syscall.Signal) func(*started, string) bool {
	seen := first == ""
	return func(s *started, line string) bool {
		if !seen {
			seen = strings.Contains(line, first)
			return false
		}
		if !strings.Contains(line, then) {
			return false
		}
		for _, sig := range sigs {
			s.cmd.Process.Signal(sig)
		}
		return true
	}
}

// TestInterrupt sends signals to `rota solve` on the embedded sample at
// points the command itself reports on stderr (--log), and checks that it
// stops, writes a rota that `rota check` accepts and exits 130.
func TestInterrupt(t *testing.T) {
	needCbc(t)
	if testing.Short() {
		t.Skip("solves the sample")
	}
	tests := []struct {
		name        string
		balance     bool
		first, then string // the signal goes on the first line holding then after one holding first
		sigs        []syscall.Signal
		again       bool   // a second SIGINT once the command says it is stopping
		say         string // stderr must hold it
	}{
		// Clp's own SIGINT handler took Ctrl-C here: the solve went on and
		// exited 0.
		{name: "SIGINT in the LP after the greedy start", first: "greedy start", then: "Clp0006I", sigs: []syscall.Signal{syscall.SIGINT}, say: "interrupted (interrupt)"},
		{name: "SIGTERM", first: "greedy start", then: "Clp0006I", sigs: []syscall.Signal{syscall.SIGTERM}, say: "interrupted (terminated)"},
		{name: "SIGHUP", first: "greedy start", then: "Clp0006I", sigs: []syscall.Signal{syscall.SIGHUP}, say: "interrupted (hangup)"},
		{name: "SIGINT while balancing", balance: true, then: "caseload: ", sigs: []syscall.Signal{syscall.SIGINT}, say: "interrupted before balancing finished"},
		// The second signal goes once the command says it is stopping
		// (two sent at once may reach it as one).
		{name: "SIGINT twice", first: "greedy start", then: "Clp0006I", sigs: []syscall.Signal{syscall.SIGINT}, again: true, say: "interrupt again: stopped at once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "rota")
			at := time.Time{}
			trigger := after(tt.first, tt.then, tt.sigs...)
			if tt.again {
				first := trigger
				var fired bool
				trigger = func(s *started, line string) bool {
					if !fired {
						fired = first(s, line)
						return false
					}
					return after("", "again to stop at once", syscall.SIGINT)(s, line)
				}
			}
			s := startRota(t, func(s *started, line string) bool {
				if trigger(s, line) {
					at = time.Now()
					return true
				}
				return false
			}, "solve", "--out", out, "--workers", "1", "--log", "--balance="+boolText(tt.balance))
			code, stderr := s.wait()
			if at.IsZero() {
				t.Fatalf("exit %d before the point to signal at:\n%s", code, tail(stderr))
			}
			t.Logf("exit %d, %v after the signal", code, time.Since(at))
			if code != 130 {
				t.Fatalf("exit %d, want 130:\n%s", code, tail(stderr))
			}
			if !strings.Contains(stderr, tt.say) {
				t.Errorf("stderr lacks %q:\n%s", tt.say, tail(stderr))
			}
			if tt.again {
				// Stopped at once: the folder holds no rota, or a whole one.
				if _, err := os.Stat(out); err != nil {
					return
				}
			}
			if code, stdout, stderr := rota(t, "check", "--rota", out); code != 0 {
				t.Errorf("check of the rota written: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// tail is the end of a long log.
func tail(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}
