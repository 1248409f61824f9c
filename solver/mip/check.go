package mip

import (
	"fmt"
	"math"
	"strings"
)

// Evaluate returns the objective value of x, Offset included, in the
// problem's own sense. It panics if len(x) != NumCols().
func (p *Problem) Evaluate(x []float64) float64 {
	p.mustLen(x)
	obj := p.Offset
	for j, c := range p.cols {
		obj += c.Cost * x[j]
	}
	return obj
}

// Activity returns the row activities Σ_j a_ij·x_j of x. It panics if
// len(x) != NumCols().
func (p *Problem) Activity(x []float64) []float64 {
	p.mustLen(x)
	act := make([]float64, len(p.rows))
	for i := range p.rows {
		s := 0.0
		for k := p.rowStart[i]; k < p.rowStart[i+1]; k++ {
			s += p.rowVal[k] * x[p.rowCol[k]]
		}
		act[i] = s
	}
	return act
}

func (p *Problem) mustLen(x []float64) {
	if len(x) != len(p.cols) {
		panic(fmt.Sprintf("mip: solution has %d values for %d columns", len(x), len(p.cols)))
	}
}

// Violation is one way in which a point breaks a [Problem]'s rules.
type Violation struct {
	Kind   string  // "bound", "integrality", "row" or "value"
	Index  int     // column index, or row index for Kind "row"
	Name   string  // column or row name
	Value  float64 // the offending value or activity
	Lo, Hi float64 // the bounds broken (for integrality, the nearest integer twice)
}

func (v Violation) String() string {
	switch v.Kind {
	case "row":
		return fmt.Sprintf("row %d (%q): activity %g outside [%g, %g]", v.Index, v.Name, v.Value, v.Lo, v.Hi)
	case "integrality":
		return fmt.Sprintf("column %d (%q): value %g is not integer", v.Index, v.Name, v.Value)
	case "value":
		return fmt.Sprintf("column %d (%q): value %g is not finite", v.Index, v.Name, v.Value)
	}
	return fmt.Sprintf("column %d (%q): value %g outside [%g, %g]", v.Index, v.Name, v.Value, v.Lo, v.Hi)
}

// CheckError is the error [Problem.Check] returns: every violation found.
type CheckError struct {
	Violations []Violation
}

func (e *CheckError) Error() string {
	const show = 5
	var b strings.Builder
	fmt.Fprintf(&b, "mip: solution infeasible: %d violation(s)", len(e.Violations))
	for k, v := range e.Violations {
		if k == show {
			fmt.Fprintf(&b, "; and %d more", len(e.Violations)-show)
			break
		}
		b.WriteString("; ")
		b.WriteString(v.String())
	}
	return b.String()
}

// Check verifies x against the problem without trusting any solver: column
// bounds, integrality and row bounds. A bound b is met if the value is within
// tol·max(1, |b|) of it, and an integer column if it is within tol of an
// integer. Check returns nil or a *CheckError listing every violation (its
// message shows the first few). A wrong length is reported as an error too.
func (p *Problem) Check(x []float64, tol float64) error {
	if len(x) != len(p.cols) {
		return fmt.Errorf("mip: solution has %d values for %d columns", len(x), len(p.cols))
	}
	var vs []Violation
	for j, c := range p.cols {
		v := x[j]
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			vs = append(vs, Violation{Kind: "value", Index: j, Name: c.Name, Value: v, Lo: c.Lo, Hi: c.Hi})
			continue
		case v < c.Lo-tol*math.Max(1, math.Abs(c.Lo)) || v > c.Hi+tol*math.Max(1, math.Abs(c.Hi)):
			vs = append(vs, Violation{Kind: "bound", Index: j, Name: c.Name, Value: v, Lo: c.Lo, Hi: c.Hi})
		}
		if c.Integer {
			if r := math.Round(v); math.Abs(v-r) > tol {
				vs = append(vs, Violation{Kind: "integrality", Index: j, Name: c.Name, Value: v, Lo: r, Hi: r})
			}
		}
	}
	for i, act := range p.Activity(x) {
		r := p.rows[i]
		if act < r.Lo-tol*math.Max(1, math.Abs(r.Lo)) || act > r.Hi+tol*math.Max(1, math.Abs(r.Hi)) {
			vs = append(vs, Violation{Kind: "row", Index: i, Name: r.Name, Value: act, Lo: r.Lo, Hi: r.Hi})
		}
	}
	if vs != nil {
		return &CheckError{Violations: vs}
	}
	return nil
}
