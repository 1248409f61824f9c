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
	m := &mpsWriter{p: p, bw: bufio.NewWriter(w), sign: 1, cols: p.ColNames(), rows: p.RowNames()}
	if p.Sense == Maximize {
		m.sign = -1
	}
	m.header()
	m.rowSection()
	m.columnSection()
	m.rhsSection()
	m.boundSection()
	m.bw.WriteString("ENDATA\n")
	return m.bw.Flush()
}

// mpsWriter writes one problem's MPS sections in order.
type mpsWriter struct {
	p          *Problem
	bw         *bufio.Writer
	sign       float64 // −1 for a Maximize problem
	cols, rows []string
}

func mpsNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// header writes the comment lines and the NAME line.
func (m *mpsWriter) header() {
	p, bw := m.p, m.bw
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
}

// rowSection writes ROWS: each row's type.
func (m *mpsWriter) rowSection() {
	m.bw.WriteString("ROWS\n N OBJ\n")
	for i, r := range m.p.rows {
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
		fmt.Fprintf(m.bw, " %s %s\n", typ, m.rows[i])
	}
}

// columnSection writes COLUMNS: costs and coefficients, integer columns
// between markers.
func (m *mpsWriter) columnSection() {
	p, bw, cols, rows := m.p, m.bw, m.cols, m.rows
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
			fmt.Fprintf(bw, " %s OBJ %s\n", cols[j], mpsNum(m.sign*c.Cost))
		}
		for k := start[j]; k < start[j+1]; k++ {
			fmt.Fprintf(bw, " %s %s %s\n", cols[j], rows[index[k]], mpsNum(value[k]))
		}
	}
	if inInt {
		bw.WriteString(" MARKER 'MARKER' 'INTEND'\n")
	}
	if p.Offset != 0 {
		fmt.Fprintf(bw, " %s OBJ %s\n", constCol, mpsNum(m.sign*p.Offset))
	}
}

// rhsSection writes RHS and, for rows with both limits, RANGES.
func (m *mpsWriter) rhsSection() {
	bw := m.bw
	bw.WriteString("RHS\n")
	var ranged []int
	for i, r := range m.p.rows {
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
			fmt.Fprintf(bw, " RHS %s %s\n", m.rows[i], mpsNum(rhs))
		}
	}
	if len(ranged) > 0 {
		bw.WriteString("RANGES\n")
		for _, i := range ranged {
			// A G row with range R allows [rhs, rhs+|R|].
			fmt.Fprintf(bw, " RNG %s %s\n", m.rows[i], mpsNum(m.p.rows[i].Hi-m.p.rows[i].Lo))
		}
	}
}

// boundSection writes BOUNDS: every integer column's explicitly.
func (m *mpsWriter) boundSection() {
	bw := m.bw
	bw.WriteString("BOUNDS\n")
	for j, c := range m.p.cols {
		n := m.cols[j]
		loInf, hiInf := math.IsInf(c.Lo, -1), math.IsInf(c.Hi, 1)
		switch {
		case c.Lo == c.Hi:
			fmt.Fprintf(bw, " FX BND %s %s\n", n, mpsNum(c.Lo))
		case loInf && hiInf:
			fmt.Fprintf(bw, " FR BND %s\n", n)
		case loInf:
			fmt.Fprintf(bw, " MI BND %s\n UP BND %s %s\n", n, n, mpsNum(c.Hi))
		default:
			if c.Lo != 0 || c.Integer || c.Hi < 0 {
				fmt.Fprintf(bw, " LO BND %s %s\n", n, mpsNum(c.Lo))
			}
			if !hiInf {
				fmt.Fprintf(bw, " UP BND %s %s\n", n, mpsNum(c.Hi))
			} else if c.Integer {
				fmt.Fprintf(bw, " PL BND %s\n", n)
			}
		}
	}
	if m.p.Offset != 0 {
		fmt.Fprintf(bw, " FX BND %s 1\n", constCol)
	}
}
