package solver

import (
	"math"

	"github.com/probation/rota/model"
)

// Pins: decisions fixed in advance (pins.csv, or the past of a rota that
// `rota replan` keeps; model/pins.go).
//
// For each pin π of the part, C(π) is the set of columns that carry it
// out: z[p,d,k] for a practitioner at a site (or none when the site is
// certain); a[u,d,s,k] of the person's appointment at that site, day and
// slot; x[q,o] of the person in a session option o of that intervention,
// site, day and slot, or f[p,o] of a facilitator; v[q,j,d] of a worker in
// the project's party that day, or g[p,j,d] of a supervisor. With
// y_π ∈ [0,1] the pin's slack:
//
//	Σ_{c∈C(π)} c + y_π ≥ 1                        (the pinned columns fixed to 1)
//	cost  pinPrice · y_π
//
// The alternatives to a pinned column are held at 0 by the rows already
// there: one site a day (staff), one appointment a day and one activity a
// slot (a person), a session's and a party's places.
//
// A re-plan also freezes the time before Pins.Frozen: every other column
// of an activity that starts before it (and every other site of a
// practitioner on a day before it) costs pinPrice, so nothing is added to
// the past:
//
//	cost  pinPrice · c   for c starting before Frozen, c ∉ ∪ C(π)
//
// pinPrice is above every single unmet price, so a pin is kept whenever
// some plan keeps it at less than pinPrice of other work left unmet (a
// fixed price, not a bound on every plan's cost: docs/data-format.md); the slack keeps every plan a plan (the greedy start need not
// know of pins) and, when the solve ends with y_π > 0, names the pins that
// could not be kept together: the rota then breaks pins.kept, which `rota
// check` reports and `rota solve` turns into an error naming each pin.
// Pins that break a rule on their own never reach the solver: they are
// load errors (model/pins_rules.go).
//
// The pins' price is part of the search only; the plan's objective and its
// terms are priced without it, as for the baseline (baseline.go).
//
// Checker rules: pins.kept.
type pinFamily struct {
	noShare
	b      *builder
	cols   [][]int // C(π) of each pin of the part, by position in Region.Pins.List
	slacks []int   // y_π, -1 for a pin not in the part
}

// pinPrice is the cost of a pin not kept, and of a new activity in the
// frozen past: above every unmet price (an appointment's is
// weight.unmet_appointment × the case's factor, at most in the hundreds).
const pinPrice = 10000

func (*pinFamily) name() string { return "pins" }

// rows makes each pin's slack and row, and prices the frozen past.
func (f *pinFamily) rows(b *builder) {
	f.b = b
	pins := b.r.Pins.List
	f.cols, f.slacks = make([][]int, len(pins)), make([]int, len(pins))
	pinned := make(map[int]bool)
	for i := range pins {
		f.slacks[i] = -1
		p := &pins[i]
		if !f.inPart(b, p) {
			continue
		}
		cols, certain := f.columnsOf(b, p)
		f.cols[i] = cols
		for _, c := range cols {
			pinned[c] = true
		}
		if certain {
			continue
		}
		y := b.addCont(colName("pin_", i), 1, pinPrice)
		f.slacks[i] = y
		var e lin
		for _, c := range cols {
			e.add(c, 1)
		}
		e.add(y, 1)
		b.ge(colName("pin_", i), e, 1)
	}
	if !b.r.Pins.Frozen.IsZero() {
		f.freeze(b, pinned)
	}
}

// inPart reports whether pin p concerns the part's people or staff.
func (f *pinFamily) inPart(b *builder, p *model.Pin) bool {
	if p.User >= 0 {
		return b.inUser[userIx(p.User)]
	}
	return p.Prac >= 0 && b.inPrac[pracIx(p.Prac)]
}

// dayOf gives the builder's day of a date.
func (b *builder) dayOf(date model.Date) (dayIx, bool) {
	for d, day := range b.days {
		if day.Date.Equal(date.Time) {
			return dayIx(d), true
		}
	}
	return 0, false
}

// columnsOf gives C(π); certain when the pin holds whatever the plan (a
// practitioner whose site that day is the only candidate).
func (f *pinFamily) columnsOf(b *builder, p *model.Pin) (cols []int, certain bool) {
	d, ok := b.dayOf(p.Date)
	if !ok {
		return nil, false
	}
	k, s := siteIx(p.SiteIx), slotIx(p.SlotIx)
	switch p.Kind {
	case model.PinStaff:
		col, ok := b.at(pracIx(p.Prac), d, k)
		if ok && col < 0 {
			return nil, true
		}
		if ok {
			cols = append(cols, col)
		}
	case model.PinAppointment:
		for _, o := range b.appts.opts {
			if int(o.user) == p.User && o.day == d && o.slot == s && o.site == k {
				cols = append(cols, o.col)
			}
		}
	case model.PinGroup:
		key := sessKey{iv: p.Iv, site: k, day: d, slot: s}
		cols = f.sessionCols(b, p, key)
	case model.PinParty:
		cols = f.partyCols(b, p, d)
	}
	return cols, false
}

// sessionCols gives the columns of a group pin: of every session option
// at the pin's intervention, site, day and slot, a new session's or a
// running group's (its key then carries the group), the person's
// attendance or the facilitator's place. A running group's member has
// attendance options only in the group's own sessions, so their pin maps
// there.
func (f *pinFamily) sessionCols(b *builder, p *model.Pin, key sessKey) (cols []int) {
	match := make(map[int]bool)
	for i, so := range b.sessions.opts {
		k := so.key
		k.grp = 0
		if k == key {
			match[i] = true
		}
	}
	if len(match) == 0 {
		return nil
	}
	if p.User >= 0 {
		for _, x := range b.attendance.opts {
			if int(x.user) == p.User && match[x.sess] {
				cols = append(cols, x.col)
			}
		}
		return cols
	}
	for _, fo := range b.sessions.facs {
		if int(fo.prac) == p.Prac && match[fo.sess] {
			cols = append(cols, fo.col)
		}
	}
	return cols
}

func (f *pinFamily) partyCols(b *builder, p *model.Pin, d dayIx) (cols []int) {
	u := b.unpaid
	if p.User >= 0 {
		for _, v := range u.uws {
			if po := u.parties[v.party]; int(v.user) == p.User && po.proj == p.Proj && po.day == d {
				cols = append(cols, v.col)
			}
		}
		return cols
	}
	for _, g := range u.sups {
		if po := u.parties[g.party]; int(g.prac) == p.Prac && po.proj == p.Proj && po.day == d {
			cols = append(cols, g.col)
		}
	}
	return cols
}

// complete sets each pin's slack in the greedy plan: 1 where the plan
// does not carry the pin out. The greedy start does not seek pins out;
// their price leads the search to them.
func (f *pinFamily) complete(g *greedyState) {
	for i, y := range f.slacks {
		if y < 0 {
			continue
		}
		sum := 0.0
		for _, c := range f.cols[i] {
			sum += g.x[c]
		}
		g.x[y] = math.Max(0, 1-sum)
	}
}

// wantedSites adds the sites of staff pins to the practitioners' candidate
// sites (staffFamily.wantedSites).
func (f *pinFamily) wantedSites(b *builder, want map[pdKey][]siteIx) {
	for _, p := range b.r.Pins.List {
		if p.Kind != model.PinStaff || !b.inPrac[pracIx(p.Prac)] {
			continue
		}
		if d, ok := b.dayOf(p.Date); ok {
			k := pdKey{pracIx(p.Prac), d}
			want[k] = append(want[k], siteIx(p.SiteIx))
		}
	}
}

// freeze prices every column of the frozen past that no pin asks for.
func (f *pinFamily) freeze(b *builder, pinned map[int]bool) {
	fr := b.r.Pins.Frozen
	past := func(d dayIx, s slotIx) bool { return fr.Before(b.days[d].Date, b.slots[s].Start) }
	price := func(col int) {
		if col >= 0 && !pinned[col] {
			b.p.SetCost(col, b.p.Col(col).Cost+pinPrice)
		}
	}
	for _, o := range b.appts.opts {
		if past(o.day, o.slot) {
			price(o.col)
		}
	}
	for _, x := range b.attendance.opts {
		if k := b.sessions.opts[x.sess].key; past(k.day, k.slot) {
			price(x.col)
		}
	}
	for _, fo := range b.sessions.facs {
		if k := b.sessions.opts[fo.sess].key; past(k.day, k.slot) {
			price(fo.col)
		}
	}
	u := b.unpaid
	for _, v := range u.uws {
		if past(u.parties[v.party].day, 0) {
			price(v.col)
		}
	}
	for _, g := range u.sups {
		if past(u.parties[g.party].day, 0) {
			price(g.col)
		}
	}
	for key, sd := range b.staff.loc {
		if b.days[key.day].Date.Before(fr.Date.Time) {
			for _, c := range sd.cols {
				price(c)
			}
		}
	}
}

// explainPast is the reason a requirement q is unmet in a re-plan when
// every option it had starts before the frozen moment: the time left
// offers none. False when there is no freeze, no option, or an option
// after it (the families then say what took it).
func (f *pinFamily) explainPast(q int) (string, bool) {
	if f.b == nil {
		return "", false
	}
	fr := f.b.r.Pins.Frozen
	if fr.IsZero() {
		return "", false
	}
	b := f.b
	past := func(d dayIx, s slotIx) bool { return fr.Before(b.days[d].Date, b.slots[s].Start) }
	n := 0
	for _, o := range b.appts.opts {
		if o.req == q {
			if !past(o.day, o.slot) {
				return "", false
			}
			n++
		}
	}
	for _, x := range b.attendance.opts {
		if k := b.sessions.opts[x.sess].key; x.req == q {
			if !past(k.day, k.slot) {
				return "", false
			}
			n++
		}
	}
	for _, v := range b.unpaid.uws {
		if v.req == q {
			if !past(b.unpaid.parties[v.party].day, 0) {
				return "", false
			}
			n++
		}
	}
	if n == 0 {
		return "", false
	}
	return "every time they could have had is before " + fr.String() + ", already past (a re-plan keeps the past)", true
}
