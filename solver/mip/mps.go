package mip

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
)

// constCol names the column that carries Problem.Offset in MPS files.
const constCol = "OBJ_CONST"

// WriteMPS writes the problem in free-format MPS, always as a minimisation:
// for a Maximize problem the costs and offset are negated, and a comment line
// says so, because several readers ignore or reject OBJSENSE. Names are those
// of ColNames and RowNames; the objective row is OBJ. Integer columns sit
// between MARKER INTORG/INTEND lines and every one has explicit bounds
// (LO/UP, or MI/PL for infinite ones), since some readers otherwise make them
// binary. Ranged rows use RANGES and free rows are N rows. A non-zero
// Offset becomes the cost of an extra column OBJ_CONST fixed at 1, since
// readers disagree on the sign of an RHS on the objective row (Cbc and
// HiGHS negate it, GLPK does not). The NAME line ends in FREE, which Cbc
// needs to read short names. The output is read by cbc
// and glpsol --freemps (both tested) and by HiGHS.
//
// WriteMPS returns an error if Validate does, if a row has Lo > Hi (which MPS
// cannot express), or if writing fails.
func (p *Problem) WriteMPS(w io.Writer) error {
	if err := p.Validate(); err != nil {
		return err
	}
	for i, r := range p.rows {
		if r.Lo > r.Hi {
			return fmt.Errorf("mip: WriteMPS: row %d (%q) has lower bound %g above upper bound %g", i, r.Name, r.Lo, r.Hi)
		}
	}
	sign := 1.0
	if p.Sense == Maximize {
		sign = -1
	}
	cols, rows := p.ColNames(), p.RowNames()
	bw := bufio.NewWriter(w)
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

	name := sanitizeName(p.Name)
	if name == "" {
		name = "rota"
	}
	fmt.Fprintf(bw, "* %s: %d columns (%d integer), %d rows, %d non-zeros\n",
		name, p.NumCols(), p.NumIntegers(), p.NumRows(), p.NumNonzeros())
	if p.Sense == Maximize {
		bw.WriteString("* The problem maximises: costs and offset are negated here, so this file is a\n")
		bw.WriteString("* minimisation whose optimum is minus the problem's.\n")
	} else {
		bw.WriteString("* The problem minimises.\n")
	}
	if p.Offset != 0 {
		fmt.Fprintf(bw, "* The objective's constant is the cost of column %s, fixed at 1.\n", constCol)
	}
	// FREE after the name makes Cbc's reader (CoinMpsIO) parse free
	// format throughout; without it, a short line such as " LO BND v0 0"
	// fits the fixed-format columns and is misread. GLPK ignores it.
	fmt.Fprintf(bw, "NAME %s FREE\n", name)

	bw.WriteString("ROWS\n N OBJ\n")
	for i, r := range p.rows {
		var typ string
		switch {
		case r.Lo == r.Hi:
			typ = "E"
		case math.IsInf(r.Lo, -1) && math.IsInf(r.Hi, 1):
			typ = "N"
		case math.IsInf(r.Lo, -1):
			typ = "L"
		default:
			typ = "G" // with a RANGES entry if Hi is finite
		}
		fmt.Fprintf(bw, " %s %s\n", typ, rows[i])
	}

	bw.WriteString("COLUMNS\n")
	start, index, value := p.CSC()
	inInt := false
	for j, c := range p.cols {
		if c.Integer != inInt {
			if c.Integer {
				bw.WriteString(" MARKER 'MARKER' 'INTORG'\n")
			} else {
				bw.WriteString(" MARKER 'MARKER' 'INTEND'\n")
			}
			inInt = c.Integer
		}
		// Every column appears, with an explicit zero cost if it has no
		// other entry, so readers know it exists.
		if c.Cost != 0 || start[j] == start[j+1] {
			fmt.Fprintf(bw, " %s OBJ %s\n", cols[j], num(sign*c.Cost))
		}
		for k := start[j]; k < start[j+1]; k++ {
			fmt.Fprintf(bw, " %s %s %s\n", cols[j], rows[index[k]], num(value[k]))
		}
	}
	if inInt {
		bw.WriteString(" MARKER 'MARKER' 'INTEND'\n")
	}
	if p.Offset != 0 {
		fmt.Fprintf(bw, " %s OBJ %s\n", constCol, num(sign*p.Offset))
	}

	bw.WriteString("RHS\n")
	var ranged []int
	for i, r := range p.rows {
		var rhs float64
		switch {
		case r.Lo == r.Hi, !math.IsInf(r.Lo, -1):
			rhs = r.Lo
			if !math.IsInf(r.Hi, 1) && r.Lo != r.Hi {
				ranged = append(ranged, i)
			}
		case !math.IsInf(r.Hi, 1):
			rhs = r.Hi
		}
		if rhs != 0 {
			fmt.Fprintf(bw, " RHS %s %s\n", rows[i], num(rhs))
		}
	}
	if len(ranged) > 0 {
		bw.WriteString("RANGES\n")
		for _, i := range ranged {
			// A G row with range R allows [rhs, rhs+|R|].
			fmt.Fprintf(bw, " RNG %s %s\n", rows[i], num(p.rows[i].Hi-p.rows[i].Lo))
		}
	}

	bw.WriteString("BOUNDS\n")
	for j, c := range p.cols {
		n := cols[j]
		loInf, hiInf := math.IsInf(c.Lo, -1), math.IsInf(c.Hi, 1)
		switch {
		case c.Lo == c.Hi:
			fmt.Fprintf(bw, " FX BND %s %s\n", n, num(c.Lo))
		case loInf && hiInf:
			fmt.Fprintf(bw, " FR BND %s\n", n)
		case loInf:
			fmt.Fprintf(bw, " MI BND %s\n UP BND %s %s\n", n, n, num(c.Hi))
		default:
			if c.Lo != 0 || c.Integer || c.Hi < 0 {
				fmt.Fprintf(bw, " LO BND %s %s\n", n, num(c.Lo))
			}
			if !hiInf {
				fmt.Fprintf(bw, " UP BND %s %s\n", n, num(c.Hi))
			} else if c.Integer {
				fmt.Fprintf(bw, " PL BND %s\n", n)
			}
		}
	}
	if p.Offset != 0 {
		fmt.Fprintf(bw, " FX BND %s 1\n", constCol)
	}
	bw.WriteString("ENDATA\n")
	return bw.Flush()
}
