package mip

import (
	"bytes"
	"encoding/gob"
	"fmt"
)

// wireProblem is a Problem's gob form (see MarshalBinary).
type wireProblem struct {
	Name     string
	Sense    Sense
	Offset   float64
	Cols     []Col
	Rows     []Row
	RowStart []int
	RowCol   []int32
	RowVal   []float64
}

// MarshalBinary encodes p for another process (package worker sends
// problems to solver worker processes this way). It implements
// encoding.BinaryMarshaler, so gob uses it.
func (p *Problem) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(wireProblem{p.Name, p.Sense, p.Offset, p.cols, p.rows, p.rowStart, p.rowCol, p.rowVal})
	return buf.Bytes(), err
}

// UnmarshalBinary decodes what MarshalBinary encoded into p, replacing its
// contents. The matrix is checked for consistency, not for sense: Validate
// does that.
func (p *Problem) UnmarshalBinary(data []byte) error {
	var w wireProblem
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&w); err != nil {
		return fmt.Errorf("mip: decoding a problem: %w", err)
	}
	nz := len(w.RowCol)
	switch {
	case len(w.RowVal) != nz:
		return fmt.Errorf("mip: decoding a problem: %d coefficients for %d column indices", len(w.RowVal), nz)
	case len(w.Rows) > 0 && len(w.RowStart) != len(w.Rows)+1, len(w.Rows) == 0 && len(w.RowStart) > 1:
		return fmt.Errorf("mip: decoding a problem: %d row starts for %d rows", len(w.RowStart), len(w.Rows))
	}
	last := 0
	for _, s := range w.RowStart {
		if s < last || s > nz {
			return fmt.Errorf("mip: decoding a problem: row start %d out of order or range", s)
		}
		last = s
	}
	if len(w.RowStart) > 0 && (w.RowStart[0] != 0 || last != nz) {
		return fmt.Errorf("mip: decoding a problem: row starts do not cover the %d coefficients", nz)
	}
	for i := range w.Rows {
		prev := int32(-1)
		for _, j := range w.RowCol[w.RowStart[i]:w.RowStart[i+1]] {
			if j <= prev || int(j) >= len(w.Cols) {
				return fmt.Errorf("mip: decoding a problem: row %d: column %d out of order or range", i, j)
			}
			prev = j
		}
	}
	*p = Problem{Name: w.Name, Sense: w.Sense, Offset: w.Offset, cols: w.Cols, rows: w.Rows, rowStart: w.RowStart, rowCol: w.RowCol, rowVal: w.RowVal}
	return nil
}
