package solver

import (
	"math/rand/v2"
	"testing"
)

// checkPlaces fails unless places is a valid timetable of counts n: each
// case manager's count of places, rooms in [0, rooms), positions in
// [0, c), no (room, position) twice, no case manager twice in a position.
func checkPlaces(t *testing.T, n []int, c, rooms int, places [][]place) {
	t.Helper()
	if got, want := len(places), len(n); got != want {
		t.Fatalf("places for %d case managers, want %d", got, want)
	}
	used := make(map[place]int)
	for p, ps := range places {
		if got, want := len(ps), n[p]; got != want {
			t.Errorf("case manager %d: %d places, want %d", p, got, want)
		}
		pos := make(map[int]bool)
		for _, pc := range ps {
			if pc.room < 0 || pc.room >= rooms || pc.pos < 0 || pc.pos >= c {
				t.Errorf("case manager %d: place %+v outside %d rooms × %d positions", p, pc, rooms, c)
			}
			if q, ok := used[pc]; ok {
				t.Errorf("room %d position %d given to case managers %d and %d", pc.room, pc.pos, q, p)
			}
			used[pc] = p
			if pos[pc.pos] {
				t.Errorf("case manager %d twice in position %d", p, pc.pos)
			}
			pos[pc.pos] = true
		}
	}
}

func TestWrapAround(t *testing.T) {
	tests := []struct {
		name     string
		n        []int
		c, rooms int
		want     [][]place // nil: only checked for validity
		wantErr  bool
	}{
		{name: "empty", n: nil, c: 4, rooms: 1, want: [][]place{}},
		{name: "one case manager", n: []int{2}, c: 4, rooms: 1, want: [][]place{{{0, 0}, {0, 1}}}},
		{
			name: "a run wraps into the next room, earliest positions first",
			n:    []int{3, 3}, c: 4, rooms: 2,
			want: [][]place{{{0, 0}, {0, 1}, {0, 2}}, {{0, 3}, {1, 0}, {1, 1}}},
		},
		{
			name: "tight: every room and every case manager full",
			n:    []int{4, 4, 4}, c: 4, rooms: 3,
		},
		{
			name: "tight: rooms full, case managers with full and partial runs",
			n:    []int{3, 4, 1, 4, 2, 2}, c: 4, rooms: 4,
		},
		{name: "a case manager over the slot", n: []int{5}, c: 4, rooms: 2, wantErr: true},
		{name: "over the rooms", n: []int{4, 4, 1}, c: 4, rooms: 2, wantErr: true},
		{name: "no rooms", n: []int{1}, c: 4, rooms: 0, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := wrapAround(tt.n, tt.c, tt.rooms)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			checkPlaces(t, tt.n, tt.c, tt.rooms, got)
			if tt.want != nil {
				for p := range tt.want {
					for j := range tt.want[p] {
						if got[p][j] != tt.want[p][j] {
							t.Errorf("case manager %d appointment %d: got %+v, want %+v", p, j, got[p][j], tt.want[p][j])
						}
					}
				}
			}
		})
	}
}

// TestWrapAroundRandom checks the rule's guarantee on random counts within
// the MIP's bounds (each n_p ≤ c, Σ n_p ≤ rooms·c), many of them tight.
func TestWrapAroundRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 4))
	for range 2000 {
		c, rooms := 1+rng.IntN(8), 1+rng.IntN(6)
		budget := rooms * c
		if rng.IntN(3) > 0 {
			budget = rng.IntN(budget + 1)
		}
		var n []int
		for budget > 0 && len(n) < 3*rooms+3 {
			k := min(budget, 1+rng.IntN(c))
			n = append(n, k)
			budget -= k
		}
		got, err := wrapAround(n, c, rooms)
		if err != nil {
			t.Fatalf("n=%v c=%d rooms=%d: %v", n, c, rooms, err)
		}
		checkPlaces(t, n, c, rooms, got)
		if t.Failed() {
			t.Fatalf("n=%v c=%d rooms=%d", n, c, rooms)
		}
	}
}
