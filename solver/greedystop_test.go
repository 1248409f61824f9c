package solver

import (
	"slices"
	"testing"
)

// TestGreedyStops: the greedy start asks b.stop between its choices, not
// only between its steps, and returns nil once it says stop, wherever that
// comes; when it never does, the plan is the one made without a stop.
func TestGreedyStops(t *testing.T) {
	b, _ := builtGeneratedPart(t, 300, 3)
	want := b.greedy()
	asked := 0
	b.stop = func() bool { asked++; return false }
	if got := b.greedy(); !slices.Equal(got, want) {
		t.Fatal("a stop check that never stops changed the greedy plan")
	}
	steps := 6 // five steps and the end (greedyWith)
	if asked <= 2*steps {
		t.Fatalf("the greedy start asked to stop %d times: only between its steps", asked)
	}
	for _, at := range []int{1, 2, steps + 1, asked / 2, asked} {
		calls := 0
		b.stop = func() bool { calls++; return calls >= at }
		if got := b.greedy(); got != nil {
			t.Errorf("stop at call %d of %d: the greedy start went on to a plan", at, asked)
		}
		if calls != at {
			t.Errorf("stop at call %d: asked %d times, want it to return at once", at, calls)
		}
	}
}
