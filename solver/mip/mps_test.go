package mip

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// readMPS is a small free-MPS reader written for these tests, independent of
// the writer: it rebuilds a minimisation Problem from the file, with names.
func readMPS(t *testing.T, text string) *Problem {
	t.Helper()
	type rowDef struct {
		typ  string
		rhs  float64
		rng  *float64
		idx  []int
		val  []float64
		name string
	}
	var (
		p       = &Problem{}
		section string
		objName string
		rows    []*rowDef
		rowBy   = map[string]*rowDef{}
		colBy   = map[string]int{}
		cols    []Col
		integer bool
	)
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("readMPS: bad number %q", s)
		}
		return v
	}
	for ln, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '*' {
			continue
		}
		f := strings.Fields(line)
		if line[0] != ' ' {
			section = f[0]
			if section == "NAME" && len(f) > 1 {
				p.Name = f[1]
			}
			continue
		}
		bad := func() { t.Fatalf("readMPS: line %d in %s: %q", ln+1, section, line) }
		switch section {
		case "ROWS":
			if len(f) != 2 {
				bad()
			}
			if f[0] == "N" && objName == "" {
				objName = f[1]
				continue
			}
			if rowBy[f[1]] != nil || f[1] == objName {
				t.Fatalf("readMPS: duplicate row %q", f[1])
			}
			r := &rowDef{typ: f[0], name: f[1]}
			rows = append(rows, r)
			rowBy[f[1]] = r
		case "COLUMNS":
			if len(f) == 3 && f[1] == "'MARKER'" {
				integer = f[2] == "'INTORG'"
				continue
			}
			if len(f) != 3 {
				bad()
			}
			j, ok := colBy[f[0]]
			if !ok {
				j = len(cols)
				colBy[f[0]] = j
				cols = append(cols, Col{Name: f[0], Hi: math.Inf(1), Integer: integer})
			} else if j != len(cols)-1 {
				t.Fatalf("readMPS: column %q is not contiguous", f[0])
			}
			if f[1] == objName {
				cols[j].Cost += num(f[2])
				continue
			}
			r := rowBy[f[1]]
			if r == nil {
				bad()
			}
			r.idx = append(r.idx, j)
			r.val = append(r.val, num(f[2]))
		case "RHS":
			if len(f) != 3 || f[1] == objName {
				bad()
			}
			rowBy[f[1]].rhs = num(f[2])
		case "RANGES":
			v := num(f[2])
			rowBy[f[1]].rng = &v
		case "BOUNDS":
			j, ok := colBy[f[2]]
			if !ok {
				bad()
			}
			c := &cols[j]
			switch f[0] {
			case "UP":
				c.Hi = num(f[3])
			case "LO":
				c.Lo = num(f[3])
			case "FX":
				c.Lo, c.Hi = num(f[3]), num(f[3])
			case "FR":
				c.Lo, c.Hi = math.Inf(-1), math.Inf(1)
			case "MI":
				c.Lo = math.Inf(-1)
			case "PL":
				c.Hi = math.Inf(1)
			default:
				bad()
			}
		default:
			bad()
		}
	}
	if section != "ENDATA" {
		t.Fatalf("readMPS: ends in section %q", section)
	}
	for _, c := range cols {
		if c.Name == constCol {
			if c.Lo != 1 || c.Hi != 1 {
				t.Fatalf("readMPS: %s has bounds [%v, %v]", constCol, c.Lo, c.Hi)
			}
			p.Offset = c.Cost
			continue
		}
		p.AddCol(c)
	}
	for _, r := range rows {
		row := Row{Name: r.name}
		switch r.typ {
		case "L":
			row.Lo, row.Hi = math.Inf(-1), r.rhs
		case "G":
			row.Lo, row.Hi = r.rhs, math.Inf(1)
			if r.rng != nil {
				row.Hi = r.rhs + math.Abs(*r.rng)
			}
		case "E":
			row.Lo, row.Hi = r.rhs, r.rhs
		case "N":
			row.Lo, row.Hi = math.Inf(-1), math.Inf(1)
		}
		p.AddRow(row, r.idx, r.val)
	}
	return p
}

// sameAsMinimisation fails the test unless got, read back from MPS, is want
// written as a minimisation.
func sameAsMinimisation(t *testing.T, got, want *Problem) {
	t.Helper()
	sign := 1.0
	if want.Sense == Maximize {
		sign = -1
	}
	if got.NumCols() != want.NumCols() || got.NumRows() != want.NumRows() {
		t.Fatalf("read back %d columns and %d rows, want %d and %d", got.NumCols(), got.NumRows(), want.NumCols(), want.NumRows())
	}
	if g, w := got.Offset, sign*want.Offset; g != w {
		t.Errorf("offset = %v, want %v", g, w)
	}
	colNames, rowNames := want.ColNames(), want.RowNames()
	for j := range want.NumCols() {
		g, w := got.Col(j), want.Col(j)
		w.Cost *= sign
		w.Cost += 0
		w.Name = colNames[j]
		if g != w {
			t.Errorf("column %d = %+v, want %+v", j, g, w)
		}
	}
	for i := range want.NumRows() {
		g, w := got.Row(i), want.Row(i)
		w.Name = rowNames[i]
		if g != w {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
		gi, gv := got.RowCoeffs(i)
		wi, wv := want.RowCoeffs(i)
		if !slices.Equal(gi, wi) || !slices.Equal(gv, wv) {
			t.Errorf("row %d coefficients = %v %v, want %v %v", i, gi, gv, wi, wv)
		}
	}
}

func wyndor() *Problem {
	// Hillier & Lieberman, Introduction to Operations Research, §3.1.
	p := &Problem{Name: "Wyndor Glass", Sense: Maximize}
	x1 := p.AddCol(Col{Name: "doors", Hi: math.Inf(1), Cost: 3})
	x2 := p.AddCol(Col{Name: "windows", Hi: math.Inf(1), Cost: 5})
	p.AddRow(Row{Name: "plant 1", Lo: math.Inf(-1), Hi: 4}, []int{x1}, []float64{1})
	p.AddRow(Row{Name: "plant 2", Lo: math.Inf(-1), Hi: 12}, []int{x2}, []float64{2})
	p.AddRow(Row{Name: "plant 3", Lo: math.Inf(-1), Hi: 18}, []int{x1, x2}, []float64{3, 2})
	return p
}

func TestWriteMPSRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		p    *Problem
	}{
		{name: "wyndor", p: wyndor()},
		{name: "empty", p: &Problem{}},
		{name: "every bound and row type", p: func() *Problem {
			p := &Problem{Name: "all kinds", Offset: 2.5}
			for k, b := range [][2]float64{{0, 1}, {-2, 3}, {0, inf}, {-inf, 4}, {-inf, inf}, {5, 5}, {1, inf}, {-5, -1}, {0, 0}} {
				for _, integer := range []bool{false, true} {
					p.AddCol(Col{Name: fmt.Sprintf("c%d %v", k, integer), Lo: b[0], Hi: b[1], Cost: float64(k) - 4, Integer: integer})
				}
			}
			for k, b := range [][2]float64{{-inf, 5}, {1, inf}, {2, 2}, {-3, 4}, {-inf, inf}, {0, 0}, {-1e-7, 1e9}} {
				p.AddRow(Row{Name: fmt.Sprintf("row %d", k), Lo: b[0], Hi: b[1]}, []int{k, 2 * k, 17 - k}, []float64{1, -0.5, 1e-3})
			}
			return p
		}()},
		{name: "awkward names", p: func() *Problem {
			p := &Problem{Sense: Maximize, Offset: -4}
			for _, n := range []string{"", "C1", "x y", "x_y", "OBJ", "MARKER", "$cost", "*star", "1e5", "inf", "é", "C0", "OBJ_CONST"} {
				p.AddCol(Col{Name: n, Hi: 1, Cost: 1, Integer: true})
			}
			p.AddRow(Row{Name: "OBJ", Lo: -inf, Hi: 3}, []int{0, 1, 2}, []float64{1, 1, 1})
			p.AddRow(Row{Name: "R0", Lo: -inf, Hi: 3}, []int{3, 4}, []float64{1, 1})
			p.AddRow(Row{Name: "", Lo: 1, Hi: inf}, []int{5}, []float64{1})
			return p
		}()},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for k := range 20 {
		tests = append(tests, struct {
			name string
			p    *Problem
		}{fmt.Sprintf("random %d", k), randomProblem(rng, 1+rng.IntN(15), rng.IntN(10))})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.p.WriteMPS(&buf); err != nil {
				t.Fatalf("WriteMPS: %v", err)
			}
			got := readMPS(t, buf.String())
			sameAsMinimisation(t, got, tt.p)
		})
	}
}

func TestWriteMPSGolden(t *testing.T) {
	p := wyndor()
	p.Offset = 1
	p.AddCol(Col{Name: "crates", Lo: 0, Hi: 10, Cost: 0.5, Integer: true})
	p.AddRow(Row{Name: "mix", Lo: -2, Hi: 2}, []int{0, 1, 2}, []float64{1, -1, 1})
	var buf bytes.Buffer
	if err := p.WriteMPS(&buf); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "wyndor.mps")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("WriteMPS output differs from %s:\n%s", golden, got)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteMPSErrors(t *testing.T) {
	tests := []struct {
		name string
		p    *Problem
		w    func() *bytes.Buffer
		want string
	}{
		{name: "crossed row", p: func() *Problem {
			p := &Problem{}
			p.AddCol(Col{Hi: 1})
			p.AddRow(Row{Lo: 2, Hi: 1}, []int{0}, []float64{1})
			return p
		}(), want: "lower bound 2 above upper bound 1"},
		{name: "invalid", p: &Problem{Offset: math.NaN()}, want: "offset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.WriteMPS(&bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("WriteMPS = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	t.Run("failing writer", func(t *testing.T) {
		if err := wyndor().WriteMPS(failWriter{}); err == nil {
			t.Error("WriteMPS to a failing writer = nil")
		}
	})
}

func ExampleProblem_WriteMPS() {
	// Hillier & Lieberman's Wyndor Glass: maximise 3 doors + 5 windows.
	p := &Problem{Name: "wyndor", Sense: Maximize}
	doors := p.AddCol(Col{Name: "doors", Hi: math.Inf(1), Cost: 3})
	windows := p.AddCol(Col{Name: "windows", Hi: math.Inf(1), Cost: 5})
	p.AddRow(Row{Name: "plant1", Lo: math.Inf(-1), Hi: 4}, []int{doors}, []float64{1})
	p.AddRow(Row{Name: "plant2", Lo: math.Inf(-1), Hi: 12}, []int{windows}, []float64{2})
	p.AddRow(Row{Name: "plant3", Lo: math.Inf(-1), Hi: 18}, []int{doors, windows}, []float64{3, 2})
	p.WriteMPS(os.Stdout)
	// Output:
	// * wyndor: 2 columns (0 integer), 3 rows, 4 non-zeros
	// * The problem maximises: costs and offset are negated here, so this file is a
	// * minimisation whose optimum is minus the problem's.
	// NAME wyndor FREE
	// ROWS
	//  N OBJ
	//  L plant1
	//  L plant2
	//  L plant3
	// COLUMNS
	//  doors OBJ -3
	//  doors plant1 1
	//  doors plant3 3
	//  windows OBJ -5
	//  windows plant2 2
	//  windows plant3 2
	// RHS
	//  RHS plant1 4
	//  RHS plant2 12
	//  RHS plant3 18
	// BOUNDS
	// ENDATA
}
