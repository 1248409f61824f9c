package solver

import (
	"math"

	"github.com/probation/rota/solver/mip"
)

// The class relaxation's facilitator rows. The weekly model ties each
// facilitator option f[p,i,k,d,s] (practitioner p facilitates a session of
// intervention i at site k on day d in slot s) to the site z[p,d,k] and to
// the session count r[i,k,d,s] by one row each (constraint_sessions.go):
//
//	f[p,i,k,d,s] ≤ z[p,d,k]    flink
//	f[p,i,k,d,s] ≤ r[i,k,d,s]  frun
//
// On the largest area of 25,000 generated cases these were 112,187 of the
// relaxation's 266,699 rows. The relaxation replaces them by
//
//	Σ_i f[p,i,k,d,s] ≤ z[p,d,k]   one row per practitioner, day, site and slot
//
// and no frun row. Every plan of the weekly model meets the new rows: where
// z[p,d,k] = 0 every f[p,i,k,d,s] is 0 by its flink row; where z[p,d,k] = 1
// the sum is at most 1, because p does one thing in slot s (the busy row of
// p, d, s, constraint_practitionertime.go, holds every facilitator column
// of that slot; where the slot has a single such column, f ≤ 1 is its
// bound). Dropping a row only admits more points. So every plan of the
// weekly model still maps to a point of the relaxation (the mapping of
// relax.go: f, z and r are kept as they are), at the same cost, and the
// relaxation's optimum, and any bound its LP proves, stay lower bounds of
// the weekly model's. TestRelaxationValid checks it on every plan it
// solves.
//
// The new row holds at every plan, not at every point of the weekly
// model's LP (with z = ½ the model's LP may put two halves of f in the
// slot): it is a cut, so the relaxation's LP bounds the model's integer
// optimum, and may in principle exceed the model's own LP; on the regions
// of TestRelaxationValid it stays below it, as that test checks.
//
// Each new row implies the flink rows it replaces (the f are ≥ 0), so the
// sites are kept as tightly as before; what is lost is f ≤ r for a session
// of two facilitators run a fraction of a time: the facilitators row
// Σ_p f = fac_i·r still holds, and with it the staff hours the session
// takes.
type facilitatorLinks struct {
	opt  map[int]facLinkOpt // facilitator column → its z and r
	at   map[[2]int]int     // (z column, slot) → its row in rows
	rows [][]int            // per row: z column, then facilitator columns
}

type facLinkOpt struct {
	z, run int // columns of z[p,d,k] (-1 when the site is certain) and r
	slot   slotIx
}

func newFacilitatorLinks(b *builder) *facilitatorLinks {
	fl := &facilitatorLinks{opt: make(map[int]facLinkOpt), at: make(map[[2]int]int)}
	if b.sessions == nil {
		return fl
	}
	for _, o := range b.sessions.facs {
		so := b.sessions.opts[o.sess]
		z, _ := b.at(o.prac, so.key.day, so.key.site)
		fl.opt[o.col] = facLinkOpt{z: z, run: so.col, slot: so.key.slot}
	}
	return fl
}

// take reports whether a row of the weekly model is a flink or frun row,
// recording a flink row's facilitator column under its z and slot.
func (fl *facilitatorLinks) take(row mip.Row, idx []int, val []float64) bool {
	if len(idx) != 2 || row.Hi != 0 || !math.IsInf(row.Lo, -1) {
		return false
	}
	f, on := idx[0], idx[1]
	if val[0] == -1 && val[1] == 1 {
		f, on = on, f
	} else if val[0] != 1 || val[1] != -1 {
		return false
	}
	o, ok := fl.opt[f]
	switch {
	case !ok:
		return false
	case on == o.run:
		return true
	case on == o.z && o.z >= 0:
		k := [2]int{o.z, int(o.slot)}
		i, seen := fl.at[k]
		if !seen {
			i = len(fl.rows)
			fl.at[k] = i
			fl.rows = append(fl.rows, []int{o.z})
		}
		fl.rows[i] = append(fl.rows[i], f)
		return true
	}
	return false
}

// emit adds the rows Σ_i f ≤ z to the relaxation, in the order their first
// flink row came.
func (fl *facilitatorLinks) emit(rl *relaxation) {
	for _, cols := range fl.rows {
		idx := make([]int, len(cols))
		val := make([]float64, len(cols))
		for k, j := range cols {
			idx[k], val[k] = rl.col[j], 1
		}
		val[0] = -1
		rl.p.AddRow(mip.Row{Name: "flinks", Lo: math.Inf(-1), Hi: 0}, idx, val)
	}
}
