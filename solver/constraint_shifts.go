package solver

import (
	"fmt"

	"github.com/probation/rota/model"
)

// Shifts: a practitioner's day is one shift, a day shift or a late one,
// never the morning and the evening together; evening work only on a late
// day. A morning slot starts before 12:00 and an evening slot at 17:00 or
// later (slotRole): with the default slots a late shift is 13:30–20:00.
//
// For practitioner p and day d on which p has an evening option and may
// work late (d is one of their late_days, or late_days is empty), with
// L[p,d] ∈ {0,1} the late shift, c_s = appointments a slot holds, a the
// appointments and y the sessions and parties of p in slot s:
//
//	Σ a[p,d,s] + c_s·Σ y[p,d,s] + c_s·L[p,d] ≤ c_s      (morning slot s: not on a late day)
//	Σ a[p,d,e] + c_e·Σ y[p,d,e] − c_e·L[p,d] ≤ 0        (evening slot e: only on a late day)
//	Σ_d L[p,d] ≤ max_late_days                          (late_days empty)
//	Σ a[p,d,e] + Σ y[p,d,e] ≤ 0                         (d not a late day of p)
//
// Checker rules: staff.shift, staff.late-days.
type shiftFamily struct {
	noShare
	late map[pdKey]int // L[p,d]
}

func (*shiftFamily) name() string { return "shifts" }

// slotRole says whether slot s is a morning slot (it starts before 12:00:
// not on a late shift) or an evening slot (it starts at 17:00 or later:
// only on a late shift); the other slots belong to both shifts.
func slotRole(s model.Slot) (morning, evening bool) {
	return s.Start < 12*60, !isDaytime(s)
}

// mayWorkLate reports whether practitioner p may work late on weekday wd
// at all: one of their late days, or any day when they name none and
// max_late_days > 0.
func mayWorkLate(r *model.Region, p *model.Practitioner, wd model.Weekday) bool {
	if p.LateDays != 0 {
		return p.LateDays.Has(wd)
	}
	return r.Settings.MaxLateDays > 0
}

// staffAct is one option that gives a practitioner face-to-face work: an
// appointment, facilitating a session or supervising a work party.
type staffAct struct {
	col   int
	prac  pracIx
	day   dayIx
	site  siteIx
	slots []slotIx
	hours float64
	fills bool // the activity fills its slots (a session or a party)
}

// staffActs lists every practitioner's activity options of the part, in
// the order of the families' columns.
func (b *builder) staffActs() []staffAct {
	r := b.r
	var out []staffAct
	apptHours := float64(r.Settings.AppointmentMinutes) / 60
	for _, o := range b.appts.opts {
		out = append(out, staffAct{o.col, o.cm, o.day, o.site, []slotIx{o.slot}, apptHours, false})
	}
	for _, o := range b.sessions.facs {
		k := b.sessions.opts[o.sess].key
		out = append(out, staffAct{o.col, o.prac, k.day, k.site, []slotIx{k.slot}, r.Interventions[k.iv].SessionHours, true})
	}
	var day []slotIx
	for s := range b.slots {
		if b.daytime(slotIx(s)) {
			day = append(day, slotIx(s))
		}
	}
	for _, o := range b.unpaid.sups {
		po := b.unpaid.parties[o.party]
		out = append(out, staffAct{o.col, o.prac, po.day, b.projectSite(po.proj), day, r.Projects[po.proj].Hours, true})
	}
	return out
}

// slotRows gathers, per practitioner, day and slot, the row Σ a + c_s·Σ y.
func (b *builder) slotRows(acts []staffAct) map[pdsKey]*lin {
	rows := make(map[pdsKey]*lin)
	for _, a := range acts {
		for _, s := range a.slots {
			k := pdsKey{a.prac, a.day, s}
			if rows[k] == nil {
				rows[k] = &lin{}
			}
			v := 1.0
			if a.fills {
				v = float64(max(1, b.capSlot[s]))
			}
			rows[k].add(a.col, v)
		}
	}
	return rows
}

// columns makes L[p,d] where p has an evening option on d and may work late.
func (f *shiftFamily) columns(b *builder) {
	r := b.r
	f.late = make(map[pdKey]int)
	rows := b.slotRows(b.staffActs())
	for _, p := range b.pracs {
		pr := &r.Practitioners[p]
		for d := range b.days {
			if !mayWorkLate(r, pr, b.days[d].Weekday) {
				continue
			}
			for s := range b.slots {
				if _, eve := slotRole(b.slots[s]); eve && rows[pdsKey{p, dayIx(d), slotIx(s)}] != nil {
					f.late[pdKey{p, dayIx(d)}] = b.addBinary(colName("late_", pr.ID, "_", d), 0)
					break
				}
			}
		}
	}
}

// rows adds the shift rows and the late days' count.
func (f *shiftFamily) rows(b *builder) {
	r := b.r
	rows := b.slotRows(b.staffActs())
	for _, p := range b.pracs {
		pr := &r.Practitioners[p]
		var count lin
		for d := range b.days {
			key := pdKey{p, dayIx(d)}
			L, late := f.late[key]
			for s := range b.slots {
				e := rows[pdsKey{p, dayIx(d), slotIx(s)}]
				if e == nil {
					continue
				}
				c := float64(max(1, b.capSlot[s]))
				morning, evening := slotRole(b.slots[s])
				switch {
				case evening && !late:
					b.le(colName("noeve_", pr.ID, "_", d, s), *e, 0)
				case evening:
					row := e.clone()
					row.add(L, -c)
					b.le(colName("eve_", pr.ID, "_", d, s), row, 0)
				case morning && late:
					row := e.clone()
					row.add(L, c)
					b.le(colName("morn_", pr.ID, "_", d, s), row, c)
				}
			}
			if late {
				count.add(L, 1)
			}
		}
		if pr.LateDays == 0 && len(count.idx) > r.Settings.MaxLateDays {
			b.le(colName("lates_", pr.ID), count, float64(r.Settings.MaxLateDays))
		}
	}
	f.personRows(b)
}

// personRows adds, for each evening option, its link to the late shift:
// a person's evening appointments of a day, and each evening session or
// party of a practitioner, only on a late day. They are implied by the
// slot rows for integer plans; the LP needs them, or it spreads a
// fraction of a late shift over every day and books a fraction of every
// evening-only person.
//
//	Σ_e a[q,d,e] − L[p,d] ≤ 0        y[p,d,e] − L[p,d] ≤ 0        (evu_)
//
// The class relaxation sums the rows of one late shift into one
// (classRow): kept apart, they made its LP too slow at 25,000 cases.
func (f *shiftFamily) personRows(b *builder) {
	type qd struct {
		q int
		d dayIx
	}
	byReq := newRowSet[qd]()
	lateOf := make(map[qd]int)
	for _, o := range b.appts.opts {
		if _, eve := slotRole(b.slots[o.slot]); !eve {
			continue
		}
		if L, ok := f.late[pdKey{o.cm, o.day}]; ok {
			byReq.add(qd{o.req, o.day}, o.col, 1)
			lateOf[qd{o.req, o.day}] = L
		}
	}
	for i, e := range byReq.rows {
		k := byReq.keys[i]
		row := e.clone()
		row.add(lateOf[k], -1)
		// The class relaxation sums a late shift's rows into one.
		b.classRow(b.le(colName("evu_", k.q, "_", int(k.d)), row, 0), fmt.Sprint("evu|", lateOf[k]))
	}
	for _, a := range b.staffActs() {
		if !a.fills {
			continue
		}
		L, ok := f.late[pdKey{a.prac, a.day}]
		if !ok {
			continue
		}
		for _, s := range a.slots {
			if _, eve := slotRole(b.slots[s]); eve {
				var row lin
				row.add(a.col, 1)
				row.add(L, -1)
				b.classRow(b.le(colName("evf_", a.col), row, 0), fmt.Sprint("evu|", L))
				break
			}
		}
	}
}

// freeOn frees the late shifts of the days on holds.
func (f *shiftFamily) freeOn(b *builder, free []bool, on map[dayIx]bool) bool {
	for k, c := range f.late {
		if on[k.day] {
			free[c] = true
		}
	}
	return false
}

// worked reports whether the greedy plan gives p something in a slot of
// role (morning or evening) on day d.
func (g *greedyState) worked(p pracIx, d dayIx, evening bool) bool {
	for s := range g.b.slots {
		m, e := slotRole(g.b.slots[s])
		if (evening && e || !evening && m) && (g.pBusy[pdsKey{p, d, slotIx(s)}] || g.pAppts[pdsKey{p, d, slotIx(s)}] > 0) {
			return true
		}
	}
	return false
}

// staffRulesAllow reports whether the greedy plan may give practitioner p
// an activity of the given hours in slots on day d: one shift a day, late
// days only, and the contact share (constraint_contact.go).
func (g *greedyState) staffRulesAllow(p pracIx, d dayIx, slots []slotIx, hours float64) bool {
	b := g.b
	pr := &b.r.Practitioners[p]
	used := 0.0
	for dd := range b.days {
		used += g.pHours[pdKey{p, dayIx(dd)}]
	}
	if used+hours > b.r.Settings.ContactLimit(*pr)+tol {
		return false
	}
	for _, s := range slots {
		morning, evening := slotRole(b.slots[s])
		switch {
		case morning && g.worked(p, d, true):
			return false
		case evening:
			if g.worked(p, d, false) || !mayWorkLate(b.r, pr, b.days[d].Weekday) {
				return false
			}
			if pr.LateDays == 0 && !g.worked(p, d, true) {
				n := 0
				for dd := range b.days {
					if g.worked(p, dayIx(dd), true) {
						n++
					}
				}
				if n >= b.r.Settings.MaxLateDays {
					return false
				}
			}
		}
	}
	return true
}

// complete sets L[p,d] of the greedy plan: 1 where p works an evening.
func (f *shiftFamily) complete(g *greedyState) {
	for k, c := range f.late {
		if g.worked(k.prac, k.day, true) {
			g.x[c] = 1
		}
	}
}
