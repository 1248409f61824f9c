package solver

import "testing"

func TestMemLanes(t *testing.T) {
	parts := []Part{{Users: make([]int, 1000)}, {Users: make([]int, 10000)}, {Users: make([]int, 500)}}
	need := uint64(10000 * laneBytesPerPerson)
	tests := []struct {
		name  string
		want  int
		avail uint64
		lanes int
	}{
		{"memory unknown", 4, 0, 4},
		{"plenty", 2, 10 * need, 2},
		{"room for one", 2, need + need/2, 1},
		{"less than one", 2, need / 2, 1},
		{"room for three of four", 4, 3 * need, 3},
		{"one wanted", 1, 10 * need, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := memLanes(parts, tt.want, tt.avail); got != tt.lanes {
				t.Errorf("memLanes(%d, %d) = %d, want %d", tt.want, tt.avail, got, tt.lanes)
			}
		})
	}
}

func TestParseMemAvailable(t *testing.T) {
	data := []byte("MemTotal:       24000000 kB\nMemFree:        100 kB\nMemAvailable:   2048 kB\n")
	if got := parseMemAvailable(data); got != 2048<<10 {
		t.Errorf("parseMemAvailable = %d, want %d", got, 2048<<10)
	}
	if got := parseMemAvailable([]byte("MemTotal: 1 kB\n")); got != 0 {
		t.Errorf("without MemAvailable = %d, want 0", got)
	}
}
