package benchmarks

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// statusKB reads a "Name:   N kB" field of /proc/PID/status.
func statusKB(pid, field string) (float64, bool) {
	f, err := os.Open(filepath.Join("/proc", pid, "status"))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb, err == nil
		}
	}
	return 0, false
}

// peakRSSMB is this process's peak resident set (VmHWM) in MiB. It covers
// the whole process: run one size per process (-bench 'Solve/cases=N') for
// a figure that belongs to that size alone.
func peakRSSMB() float64 {
	kb, ok := statusKB("self", "VmHWM")
	if !ok {
		return math.NaN()
	}
	return kb / 1024
}

// childrenRSSKB sums the resident sets of this process's children (the
// solver worker processes).
func childrenRSSKB() float64 {
	self := []byte(" " + strconv.Itoa(os.Getpid()) + " ")
	dirs, _ := os.ReadDir("/proc")
	sum := 0.0
	for _, d := range dirs {
		pid := d.Name()
		if pid[0] < '0' || pid[0] > '9' {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: the fields after the last ')'.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 || i+3 > len(stat) {
			continue
		}
		if after := stat[i+3:]; bytes.HasPrefix(after, self[1:]) {
			if kb, ok := statusKB(pid, "VmRSS"); ok {
				sum += kb
			}
		}
	}
	return sum
}

// treePeak samples, every 50 ms until stop, the resident memory of this
// process and its children together, and returns the peak in MiB: the
// larger of the largest sample and this process's own high-water mark.
// A spike shorter than the interval can be missed.
func treePeak() (stop func() float64) {
	var (
		mu   sync.Mutex
		peak float64
	)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			self, _ := statusKB("self", "VmRSS")
			v := (self + childrenRSSKB()) / 1024
			mu.Lock()
			peak = max(peak, v)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		<-finished
		mu.Lock()
		defer mu.Unlock()
		return max(peak, peakRSSMB())
	}
}
