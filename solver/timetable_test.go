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

// checkTimed fails unless booked times runs in grid g: every appointment
// within the slot, of its length, in a room of the site, and no room and
// no case manager with two appointments at once.
func checkTimed(t *testing.T, g slotGrid, runs [][]bool, booked [][]timed) {
	t.Helper()
	if got, want := len(booked), len(runs); got != want {
		t.Fatalf("times for %d case managers, want %d", got, want)
	}
	byRoom := make(map[int][]timed)
	for p, run := range runs {
		if got, want := len(booked[p]), len(run); got != want {
			t.Fatalf("case manager %d: %d times, want %d", p, got, want)
		}
		for j, b := range booked[p] {
			length := g.t
			if run[j] {
				length = g.induction
			}
			if b.start < 0 || b.end > g.minutes || b.end-b.start != length || b.room < 0 || b.room >= g.rooms {
				t.Errorf("case manager %d appointment %d: %+v, want %d minutes in a slot of %d and %d rooms", p, j, b, length, g.minutes, g.rooms)
			}
			for _, o := range booked[p][:j] {
				if b.start < o.end && o.start < b.end {
					t.Errorf("case manager %d at once in %+v and %+v", p, o, b)
				}
			}
			for _, o := range byRoom[b.room] {
				if b.start < o.end && o.start < b.end {
					t.Errorf("room %d at once holds %+v and %+v", b.room, o, b)
				}
			}
			byRoom[b.room] = append(byRoom[b.room], b)
		}
	}
}

// runOf is a case manager's appointments: plain plain ones, then ind
// inductions.
func runOf(plain, ind int) []bool {
	run := make([]bool, plain+ind)
	for j := plain; j < len(run); j++ {
		run[j] = true
	}
	return run
}

func TestPlaceSlot(t *testing.T) {
	// 210-minute slot, 45-minute appointments (c = 4), 90-minute
	// inductions (K = 2).
	g := slotGrid{minutes: 210, t: 45, induction: 90}
	tests := []struct {
		name    string
		rooms   int
		runs    [][]bool
		oneRoom bool // every case manager in one room
		wantErr bool
	}{
		{name: "plain, tight", rooms: 2, runs: [][]bool{runOf(3, 0), runOf(4, 0), runOf(1, 0)}},
		{name: "an induction takes a room", rooms: 2, runs: [][]bool{runOf(2, 1), runOf(4, 0)}},
		{name: "tight: two inductions, two plain case managers sharing one room", rooms: 3,
			runs: [][]bool{runOf(0, 2), runOf(2, 1), runOf(3, 0), runOf(1, 0)}},
		{name: "every room an induction's", rooms: 2, runs: [][]bool{runOf(0, 1), runOf(1, 1)}},
		{name: "runs that fit keep one room each", rooms: 3, runs: [][]bool{runOf(1, 0), runOf(3, 0), runOf(2, 0), runOf(2, 0), runOf(4, 0)}, oneRoom: true},
		{name: "runs that do not fit wrap", rooms: 2, runs: [][]bool{runOf(3, 0), runOf(3, 0), runOf(2, 0)}},
		{name: "inductions over the rooms", rooms: 1, runs: [][]bool{runOf(0, 1), runOf(0, 1)}, wantErr: true},
		{name: "plain over what the inductions leave", rooms: 2, runs: [][]bool{runOf(0, 1), runOf(4, 0), runOf(1, 0)}, wantErr: true},
		{name: "a case manager over the slot", rooms: 2, runs: [][]bool{runOf(3, 1)}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := g
			g.rooms = tt.rooms
			got, err := g.place(tt.runs)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				checkTimed(t, g, tt.runs, got)
			}
			for p, bs := range got {
				for _, b := range bs {
					if tt.oneRoom && b.room != bs[0].room {
						t.Errorf("case manager %d in rooms %d and %d", p, bs[0].room, b.room)
					}
				}
			}
		})
	}
}

// TestPlaceSlotRandom checks the timetable's guarantee on random counts
// within the MIP's bounds, with inductions: each case manager's a + K·b ≤
// c (cmslot_), and the site's Σ (a + c·b) ≤ R·c (rooms_, an induction
// counting a whole room).
func TestPlaceSlotRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 5))
	for range 3000 {
		g := slotGrid{t: 15 + 15*rng.IntN(4), rooms: 1 + rng.IntN(5)}
		c := 1 + rng.IntN(8)
		g.minutes = c*g.t + rng.IntN(g.t) // slack under one appointment
		k := 1 + rng.IntN(c)
		g.induction = (k-1)*g.t + 1 + rng.IntN(g.t) // ⌈induction ÷ t⌉ = k
		budget := g.rooms * c
		var runs [][]bool
		for budget > 0 && len(runs) < 4*g.rooms {
			b := 0
			if rng.IntN(3) == 0 && budget >= c {
				b = 1 + rng.IntN(min(c/k, budget/c))
			}
			a := rng.IntN(c - b*k + 1)
			if b == 0 {
				a = min(max(a, 1), budget)
			} else {
				a = min(a, budget-c*b)
			}
			if a+b == 0 {
				break
			}
			runs = append(runs, runOf(a, b))
			budget -= a + c*b
		}
		got, err := g.place(runs)
		if err != nil {
			t.Fatalf("%+v c=%d K=%d runs=%v: %v", g, c, k, runs, err)
		}
		checkTimed(t, g, runs, got)
		if t.Failed() {
			t.Fatalf("%+v runs=%v", g, runs)
		}
	}
}
