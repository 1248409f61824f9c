package mip

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var inf = math.Inf(1)

func TestAddRow(t *testing.T) {
	tests := []struct {
		name     string
		idx      []int
		val      []float64
		wantIdx  []int
		wantVal  []float64
		wantRows int
	}{
		{name: "sorted", idx: []int{2, 0}, val: []float64{3, 1}, wantIdx: []int{0, 2}, wantVal: []float64{1, 3}},
		{name: "duplicates summed", idx: []int{1, 3, 1}, val: []float64{2, 1, 5}, wantIdx: []int{1, 3}, wantVal: []float64{7, 1}},
		{name: "zeros dropped", idx: []int{0, 1, 2}, val: []float64{0, 4, 0}, wantIdx: []int{1}, wantVal: []float64{4}},
		{name: "cancelling duplicates dropped", idx: []int{2, 2, 0}, val: []float64{1.5, -1.5, 1}, wantIdx: []int{0}, wantVal: []float64{1}},
		{name: "empty", idx: nil, val: nil, wantIdx: []int{}, wantVal: []float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Problem
			for range 4 {
				p.AddCol(Col{Hi: 1})
			}
			p.AddRow(Row{Name: "before", Hi: 1}, []int{3}, []float64{9})
			i := p.AddRow(Row{Name: tt.name, Lo: -inf, Hi: 1}, tt.idx, tt.val)
			p.AddRow(Row{Name: "after", Hi: 1}, []int{0}, []float64{8})
			gotIdx, gotVal := p.RowCoeffs(i)
			if !slices.Equal(gotIdx, tt.wantIdx) || !slices.Equal(gotVal, tt.wantVal) {
				t.Errorf("row %d = %v %v, want %v %v", i, gotIdx, gotVal, tt.wantIdx, tt.wantVal)
			}
			if got, want := p.NumNonzeros(), len(tt.wantIdx)+2; got != want {
				t.Errorf("NumNonzeros() = %d, want %d", got, want)
			}
			if gotIdx, gotVal := p.RowCoeffs(2); !slices.Equal(gotIdx, []int{0}) || !slices.Equal(gotVal, []float64{8}) {
				t.Errorf("next row = %v %v, want [0] [8]", gotIdx, gotVal)
			}
		})
	}
}

func TestAddRowPanics(t *testing.T) {
	tests := []struct {
		name string
		idx  []int
		val  []float64
		want string
	}{
		{name: "length mismatch", idx: []int{0, 1}, val: []float64{1}, want: "2 indices but 1 values"},
		{name: "negative index", idx: []int{-1}, val: []float64{1}, want: "out of range"},
		{name: "index past last column", idx: []int{2}, val: []float64{1}, want: "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Problem
			p.AddCol(Col{})
			p.AddCol(Col{})
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("AddRow did not panic")
				}
				if got, _ := r.(string); !strings.Contains(got, tt.want) {
					t.Errorf("panic %q, want it to contain %q", got, tt.want)
				}
			}()
			p.AddRow(Row{}, tt.idx, tt.val)
		})
	}
}

// randomProblem builds a problem with every kind of bound and row.
func randomProblem(rng *rand.Rand, n, m int) *Problem {
	p := &Problem{Name: "random", Offset: float64(rng.IntN(7) - 3)}
	if rng.IntN(2) == 0 {
		p.Sense = Maximize
	}
	for j := range n {
		c := Col{Cost: float64(rng.IntN(11) - 5), Integer: rng.IntN(2) == 0}
		switch j % 5 {
		case 0:
			c.Lo, c.Hi = 0, 1
		case 1:
			c.Lo, c.Hi = -2, 3
		case 2:
			c.Lo, c.Hi = 0, inf
		case 3:
			c.Lo, c.Hi = -inf, 4
		case 4:
			c.Lo, c.Hi = -inf, inf
		}
		if rng.IntN(10) == 0 {
			c.Lo, c.Hi = 2, 2
		}
		p.AddCol(c)
	}
	for i := range m {
		var idx []int
		var val []float64
		for j := range n {
			if rng.IntN(3) == 0 {
				idx = append(idx, j)
				val = append(val, float64(rng.IntN(9)-4))
			}
		}
		r := Row{}
		switch i % 5 {
		case 0:
			r.Lo, r.Hi = -inf, 5
		case 1:
			r.Lo, r.Hi = -1, inf
		case 2:
			r.Lo, r.Hi = 2, 2
		case 3:
			r.Lo, r.Hi = -3, 4
		case 4:
			r.Lo, r.Hi = -inf, inf
		}
		p.AddRow(r, idx, val)
	}
	return p
}

func TestCSC(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []struct{ n, m int }{{0, 0}, {3, 0}, {0, 0}, {5, 4}, {40, 30}} {
		p := randomProblem(rng, size.n, size.m)
		start, index, value := p.CSC()
		if len(start) != p.NumCols()+1 || int(start[p.NumCols()]) != p.NumNonzeros() {
			t.Fatalf("%dx%d: start %v for %d columns and %d non-zeros", size.m, size.n, start, p.NumCols(), p.NumNonzeros())
		}
		got := make([][]float64, p.NumRows())
		want := make([][]float64, p.NumRows())
		for i := range got {
			got[i], want[i] = make([]float64, p.NumCols()), make([]float64, p.NumCols())
			idx, val := p.RowCoeffs(i)
			for k, j := range idx {
				want[i][j] = val[k]
			}
		}
		for j := range p.NumCols() {
			for k := start[j]; k < start[j+1]; k++ {
				if k > start[j] && index[k] <= index[k-1] {
					t.Errorf("column %d: row indices not increasing: %v", j, index[start[j]:start[j+1]])
				}
				got[index[k]][j] = value[k]
			}
		}
		for i := range got {
			if !slices.Equal(got[i], want[i]) {
				t.Errorf("%dx%d: row %d from CSC = %v, want %v", size.m, size.n, i, got[i], want[i])
			}
		}
		s2, i2, v2 := p.CSC()
		if !slices.Equal(start, s2) || !slices.Equal(index, i2) || !slices.Equal(value, v2) {
			t.Error("CSC is not deterministic")
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		build func(p *Problem)
		want  string // "" for valid
	}{
		{name: "valid", build: func(p *Problem) {}},
		{name: "crossed bounds are valid", build: func(p *Problem) { p.SetColBounds(0, 2, 1) }},
		{name: "NaN offset", build: func(p *Problem) { p.Offset = math.NaN() }, want: "offset"},
		{name: "NaN cost", build: func(p *Problem) { p.SetCost(1, math.NaN()) }, want: "column 1"},
		{name: "infinite cost", build: func(p *Problem) { p.SetCost(0, inf) }, want: "cost +Inf"},
		{name: "lower bound +Inf", build: func(p *Problem) { p.SetColBounds(0, inf, inf) }, want: "bounds [+Inf, +Inf]"},
		{name: "row upper bound -Inf", build: func(p *Problem) { p.SetRowBounds(0, -inf, -inf) }, want: "row 0"},
		{name: "NaN coefficient", build: func(p *Problem) { p.AddRow(Row{Hi: 1}, []int{0}, []float64{math.NaN()}) }, want: "coefficient NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Problem
			p.AddCol(Col{Name: "x", Hi: 1})
			p.AddCol(Col{Name: "y", Hi: 1})
			p.AddRow(Row{Name: "r", Lo: -inf, Hi: 1}, []int{0, 1}, []float64{1, 1})
			tt.build(&p)
			err := p.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestCrossedBounds(t *testing.T) {
	var p Problem
	p.AddCol(Col{Hi: 1})
	p.AddRow(Row{Lo: 0, Hi: 1}, []int{0}, []float64{1})
	if p.CrossedBounds() {
		t.Error("CrossedBounds() = true for sound bounds")
	}
	p.SetRowBounds(0, 2, 1)
	if !p.CrossedBounds() {
		t.Error("CrossedBounds() = false with a row bound 2 > 1")
	}
}

func TestEvaluateAndActivity(t *testing.T) {
	var p Problem
	p.Offset = 10
	p.AddCol(Col{Cost: 3})
	p.AddCol(Col{Cost: -2})
	p.AddRow(Row{}, []int{0, 1}, []float64{1, 4})
	p.AddRow(Row{}, nil, nil)
	x := []float64{2, 0.5}
	if got, want := p.Evaluate(x), 10+6-1.0; got != want {
		t.Errorf("Evaluate(%v) = %v, want %v", x, got, want)
	}
	if got, want := p.Activity(x), []float64{4, 0}; !slices.Equal(got, want) {
		t.Errorf("Activity(%v) = %v, want %v", x, got, want)
	}
}

func TestCheck(t *testing.T) {
	var p Problem
	p.AddCol(Col{Name: "x", Lo: 0, Hi: 4, Integer: true})
	p.AddCol(Col{Name: "y", Lo: -1, Hi: 1})
	p.AddRow(Row{Name: "sum", Lo: 1, Hi: 3}, []int{0, 1}, []float64{1, 1})
	p.AddRow(Row{Name: "eq", Lo: 2, Hi: 2}, []int{0}, []float64{1})
	tests := []struct {
		name  string
		x     []float64
		kinds []string // violation kinds, in order; nil for feasible
	}{
		{name: "feasible", x: []float64{2, 0.5}},
		{name: "within tolerance", x: []float64{2 + 1e-9, 1 + 1e-9}},
		{name: "bound", x: []float64{2, 1.5}, kinds: []string{"bound", "row"}},
		{name: "integrality", x: []float64{2.5, 0}, kinds: []string{"integrality", "row"}},
		{name: "rows", x: []float64{4, 0.5}, kinds: []string{"row", "row"}},
		{name: "NaN", x: []float64{2, math.NaN()}, kinds: []string{"value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := p.Check(tt.x, 1e-6)
			var ce *CheckError
			if tt.kinds == nil {
				if err != nil {
					t.Errorf("Check(%v) = %v, want nil", tt.x, err)
				}
				return
			}
			if !errors.As(err, &ce) {
				t.Fatalf("Check(%v) = %v, want a *CheckError", tt.x, err)
			}
			var got []string
			for _, v := range ce.Violations {
				got = append(got, v.Kind)
			}
			if !slices.Equal(got, tt.kinds) {
				t.Errorf("Check(%v) violations %v, want %v (%v)", tt.x, got, tt.kinds, err)
			}
		})
	}
	t.Run("wrong length", func(t *testing.T) {
		if err := p.Check([]float64{1}, 1e-6); err == nil {
			t.Error("Check of 1 value for 2 columns = nil")
		}
	})
	t.Run("message lists the first few", func(t *testing.T) {
		var q Problem
		var x []float64
		for range 8 {
			q.AddCol(Col{Hi: 1})
			x = append(x, 2)
		}
		err := q.Check(x, 1e-6)
		if err == nil {
			t.Fatal("Check = nil for 8 violated bounds")
		}
		msg := err.Error()
		if got, want := strings.Count(msg, "outside"), 5; got != want {
			t.Errorf("message shows %d violations, want %d: %s", got, want, msg)
		}
		if !strings.Contains(msg, "8 violation(s)") || !strings.Contains(msg, "and 3 more") {
			t.Errorf("message %q does not give the count and the rest", msg)
		}
	})
}

func TestStrings(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{Optimal.String(), "optimal"},
		{Feasible.String(), "feasible"},
		{Infeasible.String(), "infeasible"},
		{Unbounded.String(), "unbounded"},
		{NoSolution.String(), "no solution"},
		{Abandoned.String(), "abandoned"},
		{Unknown.String(), "unknown"},
		{Status(99).String(), "Status(99)"},
		{StopNone.String(), "none"},
		{StopTimeLimit.String(), "time limit"},
		{StopCancelled.String(), "cancelled"},
		{Minimize.String(), "minimize"},
		{Maximize.String(), "maximize"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
	for s := Unknown; s <= Abandoned; s++ {
		if got, want := s.HasSolution(), s == Optimal || s == Feasible; got != want {
			t.Errorf("%v.HasSolution() = %v, want %v", s, got, want)
		}
	}
}

func TestRelGap(t *testing.T) {
	tests := []struct {
		name             string
		obj, bound, want float64
	}{
		{"equal", 36, 36, 0},
		{"minimise", 100, 90, 0.1},
		{"maximise", 100, 110, 0.1},
		{"zero objective", 0, 1e-12, 1e-3},
		{"no solution", math.NaN(), 5, inf},
		{"no bound", 5, -inf, inf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RelGap(tt.obj, tt.bound); math.Abs(got-tt.want) > 1e-12 && got != tt.want {
				t.Errorf("RelGap(%v, %v) = %v, want %v", tt.obj, tt.bound, got, tt.want)
			}
		})
	}
}
