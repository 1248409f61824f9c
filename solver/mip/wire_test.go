package mip

import (
	"math"
	"reflect"
	"testing"
)

func wireSample() *Problem {
	p := &Problem{Name: "sample", Sense: Maximize, Offset: 2.5}
	x := p.AddCol(Col{Name: "x", Hi: 4, Cost: 3, Integer: true})
	y := p.AddCol(Col{Name: "y", Lo: math.Inf(-1), Hi: math.Inf(1), Cost: 5})
	p.AddCol(Col{Name: "unused"})
	p.AddRow(Row{Name: "a", Lo: math.Inf(-1), Hi: 4}, []int{x}, []float64{1})
	p.AddRow(Row{Name: "b", Lo: 1, Hi: 12}, []int{y, x}, []float64{2, 3})
	return p
}

func TestWireRoundTrip(t *testing.T) {
	for _, p := range []*Problem{wireSample(), {}, {Name: "columns only", cols: []Col{{Name: "z", Hi: 1}}}} {
		data, err := p.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var q Problem
		if err := q.UnmarshalBinary(data); err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if q.Name != p.Name || q.Sense != p.Sense || q.Offset != p.Offset || !reflect.DeepEqual(q.Cols(), p.Cols()) || !reflect.DeepEqual(q.Rows(), p.Rows()) {
			t.Fatalf("%s: decoded %+v, want %+v", p.Name, q, p)
		}
		for i := range p.NumRows() {
			gi, gv := q.RowCoeffs(i)
			wi, wv := p.RowCoeffs(i)
			if !reflect.DeepEqual(gi, wi) || !reflect.DeepEqual(gv, wv) {
				t.Errorf("%s: row %d: %v %v, want %v %v", p.Name, i, gi, gv, wi, wv)
			}
		}
	}
}

func TestWireRejectsInconsistent(t *testing.T) {
	tests := []struct {
		name string
		w    wireProblem
	}{
		{"values and indices differ", wireProblem{Cols: []Col{{}}, Rows: []Row{{}}, RowStart: []int{0, 1}, RowCol: []int32{0}}},
		{"row starts short", wireProblem{Cols: []Col{{}}, Rows: []Row{{}, {}}, RowStart: []int{0, 1}, RowCol: []int32{0}, RowVal: []float64{1}}},
		{"column out of range", wireProblem{Cols: []Col{{}}, Rows: []Row{{}}, RowStart: []int{0, 1}, RowCol: []int32{1}, RowVal: []float64{1}}},
		{"columns out of order", wireProblem{Cols: []Col{{}, {}}, Rows: []Row{{}}, RowStart: []int{0, 2}, RowCol: []int32{1, 0}, RowVal: []float64{1, 1}}},
		{"starts past the end", wireProblem{Cols: []Col{{}}, Rows: []Row{{}}, RowStart: []int{0, 2}, RowCol: []int32{0}, RowVal: []float64{1}}},
		{"starts decreasing", wireProblem{Cols: []Col{{}}, Rows: []Row{{}, {}}, RowStart: []int{0, 1, 0}, RowCol: []int32{0}, RowVal: []float64{1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Problem{Name: tt.w.Name, cols: tt.w.Cols, rows: tt.w.Rows, rowStart: tt.w.RowStart, rowCol: tt.w.RowCol, rowVal: tt.w.RowVal}
			data, err := p.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if err := new(Problem).UnmarshalBinary(data); err == nil {
				t.Error("accepted")
			}
		})
	}
}

// FuzzUnmarshalBinary: any bytes give a problem whose rows can be read, or
// an error; never a panic.
func FuzzUnmarshalBinary(f *testing.F) {
	data, err := wireSample().MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Problem
		if p.UnmarshalBinary(data) != nil {
			return
		}
		for i := range p.NumRows() {
			p.RowCoeffs(i)
		}
		p.CSC()
	})
}
