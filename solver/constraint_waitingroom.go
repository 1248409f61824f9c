package solver

import (
	"fmt"
	"slices"
	"strings"

	"github.com/probation/rota/model"
)

// The waiting room: two people under a non-association are not booked at
// one site in one slot, where they would meet arriving or waiting
// (settings non_association_appointments, default true).
//
// It adds no columns: its rows are over the other families' options, read
// from their registers of who is where. For each pair (u, v) of
// non_associations.csv in the part, each site k, day d and slot s,
//
//	Σ_{o ∈ P(u,k,d,s)} y_o + Σ_{o ∈ P(v,k,d,s)} y_o ≤ 1
//
// where P(u,k,d,s) holds u's appointments a[u,·,d,s,k], attendances
// x[u,·,k,d,s] and work-party places v[u,j,d] at a project of site k
// (every daytime slot). A row whose columns are all of one session option
// or one work party is left out: attendanceFamily's non-association row
// is the same. Rows that repeat (a work party's daytime slots) are made
// once.
//
// Checker rule: waiting-room.non-association.
type waitingRoom struct {
	noShare
}

func (*waitingRoom) name() string { return "waiting room" }

// placeUse: column col puts user u at site k on day d in slot s (-1: every
// daytime slot), in group g (a session option or work party of
// builder.groups; -1 for an appointment).
type placeUse struct {
	col int
	u   userIx
	k   siteIx
	d   dayIx
	s   slotIx
	g   int
}

// places lists the options of the people in who, from the appointments,
// attendance and unpaid-work families.
func (b *builder) places(who map[userIx]bool) []placeUse {
	var out []placeUse
	for _, o := range b.appts.opts {
		if who[o.user] {
			out = append(out, placeUse{o.col, o.user, o.site, o.day, o.slot, -1})
		}
	}
	for _, o := range b.attendance.opts {
		if who[o.user] {
			so := b.sessions.opts[o.sess]
			out = append(out, placeUse{o.col, o.user, so.key.site, so.key.day, so.key.slot, so.group})
		}
	}
	for _, o := range b.unpaid.uws {
		if who[o.user] {
			po := b.unpaid.parties[o.party]
			out = append(out, placeUse{o.col, o.user, b.projectSite(po.proj), po.day, -1, po.group})
		}
	}
	return out
}

// rows adds the waiting-room rows.
func (w *waitingRoom) rows(b *builder) {
	r := b.r
	if !r.Settings.NonAssociationAppointments || len(r.NonAssociations) == 0 {
		return
	}
	type pair struct{ u, v userIx }
	var pairs []pair
	var nas []model.NonAssociation
	who := make(map[userIx]bool)
	for _, na := range r.NonAssociations {
		u, ok1 := r.ServiceUserIndex(na.A)
		v, ok2 := r.ServiceUserIndex(na.B)
		if !ok1 || !ok2 || !b.inUser[userIx(u)] || !b.inUser[userIx(v)] {
			continue
		}
		pairs = append(pairs, pair{userIx(u), userIx(v)})
		nas = append(nas, na)
		who[userIx(u)], who[userIx(v)] = true, true
	}
	if len(pairs) == 0 {
		return
	}
	type ukds struct {
		u userIx
		k siteIx
		d dayIx
		s slotIx
	}
	at := make(map[ukds][]placeUse)
	for _, p := range b.places(who) {
		for s := range b.slots {
			if p.s == slotIx(s) || p.s < 0 && b.daytime(slotIx(s)) {
				k := ukds{p.u, p.k, p.d, slotIx(s)}
				at[k] = append(at[k], p)
			}
		}
	}
	for i, pr := range pairs {
		seen := make(map[string]bool)
		for k := range r.Sites {
			for d := range b.days {
				for s := range b.slots {
					a := at[ukds{pr.u, siteIx(k), dayIx(d), slotIx(s)}]
					c := at[ukds{pr.v, siteIx(k), dayIx(d), slotIx(s)}]
					if len(a) == 0 || len(c) == 0 || oneGroup(a, c) {
						continue
					}
					var e lin
					var key strings.Builder
					for _, p := range append(slices.Clone(a), c...) {
						e.add(p.col, 1)
						fmt.Fprint(&key, p.col, " ")
					}
					if seen[key.String()] {
						continue
					}
					seen[key.String()] = true
					b.le(colName("waiting_", nas[i].A, "_", nas[i].B, "_", r.Sites[k].ID, "_", d, s), e, 1)
				}
			}
		}
	}
}

// oneGroup reports whether every option of a and c is in one group.
func oneGroup(a, c []placeUse) bool {
	g := a[0].g
	if g < 0 {
		return false
	}
	for _, p := range append(slices.Clone(a), c...) {
		if p.g != g {
			return false
		}
	}
	return true
}

// The greedy start's share: who sits where so far.

// waitingClash reports whether u, at site k on day d in slot s (-1: every
// daytime slot), would meet someone they must not meet who is already
// there in the greedy plan, in another group than group (-1: none).
func (g *greedyState) waitingClash(u userIx, k siteIx, d dayIx, s slotIx, group int) bool {
	if !g.b.r.Settings.NonAssociationAppointments || len(g.apart[u]) == 0 {
		return false
	}
	for _, sl := range g.slotsOf(s) {
		for _, v := range g.apart[u] {
			for _, gv := range g.seated[seatKey{v, k, d, sl}] {
				if gv < 0 || gv != group {
					return true
				}
			}
		}
	}
	return false
}

// sit records u at site k on day d in slot s (-1: every daytime slot), in
// group (-1: none).
func (g *greedyState) sit(u userIx, k siteIx, d dayIx, s slotIx, group int) {
	if !g.b.r.Settings.NonAssociationAppointments {
		return
	}
	if g.seated == nil {
		g.seated = make(map[seatKey][]int)
	}
	for _, sl := range g.slotsOf(s) {
		key := seatKey{u, k, d, sl}
		g.seated[key] = append(g.seated[key], group)
	}
}

func (g *greedyState) slotsOf(s slotIx) []slotIx {
	if s >= 0 {
		return []slotIx{s}
	}
	var out []slotIx
	for sl := range g.b.slots {
		if g.b.daytime(slotIx(sl)) {
			out = append(out, slotIx(sl))
		}
	}
	return out
}

type seatKey struct {
	u userIx
	k siteIx
	d dayIx
	s slotIx
}
