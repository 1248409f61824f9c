package solver

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/probation/rota/model"
	"github.com/probation/rota/solver/mip"
)

// Typed positions: a service user, practitioner or site is its position in
// the region's slice, a day its position in the week (builder.days), a
// slot its position in the settings' slots. They are distinct types so
// that the compiler catches two of them swapped (canAttend(u, i, k, d, s)).
// A slice may be indexed by any of them.
type (
	userIx int // position in Region.ServiceUsers
	pracIx int // position in Region.Practitioners
	siteIx int // position in Region.Sites
	dayIx  int // position in builder.days (Region.Days)
	slotIx int // position in Settings.Slots
)

// lin is a linear expression under construction: Σ val[k]·x[idx[k]].
type lin struct {
	idx []int
	val []float64
}

func (e *lin) add(col int, v float64) {
	e.idx = append(e.idx, col)
	e.val = append(e.val, v)
}

func (e *lin) empty() bool { return len(e.idx) == 0 }

// clone is a copy of e that can be added to without changing e.
func (e lin) clone() lin {
	return lin{idx: append([]int(nil), e.idx...), val: append([]float64(nil), e.val...)}
}

// builder assembles the weekly MIP for one part of the region:
// practitioners, service users and the options open to them. It holds
// only what every family shares: the region, the problem, the week, the
// people of the part, their requirements and unmet columns, and the
// registers of time and travel (practitionerTime, userTime) that several
// families fill. Each constraint family (family.go lists them) holds its
// own options and columns.
//
// Every option that breaks a hard rule on its own (closed site, ineligible
// person, too far, not available, unskilled facilitator) is never created;
// the rows the families add enforce the rules that involve several options.
type builder struct {
	r   *model.Region
	p   *mip.Problem
	log io.Writer // the solve's log; nil = silent
	// logPrefix follows "rota: " at the start of each line of the log:
	// the part's name, as parts may be planned at once.
	logPrefix string
	// lp solves the part's LPs (coin.SolveLP, or a worker's).
	lp    mip.SolveFunc
	days  []model.Day
	slots []model.Slot
	// capSlot[s] is how many appointments fit one slot.
	capSlot []int

	// The people of this part.
	pracs  []pracIx
	users  []userIx
	inPrac map[pracIx]bool
	inUser map[userIx]bool

	userReqs map[userIx][]int // requirements of each service user
	slackOf  map[int]int      // unmet column of each requirement
	slacks   []slackVar
	dueRowOf map[int]int // requirement → its due row

	// groups are the options where people meet (sessions, work parties),
	// for the non-association rows and the greedy start.
	groups groupSet

	// rowFamily keys the rows that the class relaxation sums before
	// merging people (see classRow); classOf caches reqClass.
	rowFamily map[int]string
	classOf   map[int]string
	// warm is a previous rota's sites for one more greedy start
	// (Options.WarmStart, warmSites); nil for none.
	warm map[pdKey]siteIx
	// onPlan, if set, receives each better plan of the part's search,
	// its objective and the bound so far (Solve keeps the latest).
	onPlan func(x []float64, obj, bound float64)
	// stop, if set, reports a cancel to the greedy start (greedyWith).
	stop func() bool

	// The constraint families, each with its own state (family.go).
	staff      *staffFamily
	appts      *apptFamily
	sessions   *sessionFamily
	grp        *groupFamily
	staffTime  *practitionerTime
	attendance *attendanceFamily
	unpaid     *unpaidFamily
	userTime   *userTime
	waiting    *waitingRoom
	shifts     *shiftFamily
	contact    *contactFamily
	travel     *staffTravelFamily
	pins       *pinFamily
}

// slackVar is the unmet part of requirement req.
type slackVar struct{ col, req int }

type pdKey struct {
	prac pracIx
	day  dayIx
}

type pdsKey struct {
	prac pracIx
	day  dayIx
	slot slotIx
}

func newBuilder(r *model.Region, pracs, users []int) *builder {
	b := &builder{
		r:       r,
		p:       &mip.Problem{Name: "rota"},
		lp:      solveLP,
		slots:   r.Settings.Slots,
		inPrac:  make(map[pracIx]bool, len(pracs)),
		inUser:  make(map[userIx]bool, len(users)),
		slackOf: make(map[int]int),
	}
	for _, p := range pracs {
		b.pracs = append(b.pracs, pracIx(p))
		b.inPrac[pracIx(p)] = true
	}
	for _, u := range users {
		b.users = append(b.users, userIx(u))
		b.inUser[userIx(u)] = true
	}
	b.days = r.Days()
	for _, s := range b.slots {
		b.capSlot = append(b.capSlot, s.Minutes()/max(1, r.Settings.AppointmentMinutes))
	}
	b.newFamilies()
	return b
}

// build creates every option and row, in an order that makes the model the
// same for the same input: the options of what runs (sessions, work
// parties), then every other column, then the rows, each stage family by
// family in the order of families.
func (b *builder) build() error {
	fams := b.families()
	for _, step := range []func(family){
		func(f family) { f.events(b) }, func(f family) { f.columns(b) }, func(f family) { f.rows(b) },
	} {
		for _, f := range fams {
			if b.stop != nil && b.stop() {
				return errBuildStopped // a cancel: the part is planned empty (solvePart)
			}
			step(f)
		}
	}
	return nil
}

// errBuildStopped: build stopped between two families' steps on b.stop.
var errBuildStopped = errors.New("solver: building stopped")

// open reports whether site k is open to us on day d.
func (b *builder) open(k siteIx, d dayIx) bool {
	return b.r.OpenOn(int(k), b.days[d].Weekday)
}

// works reports whether practitioner p works on day d.
func (b *builder) works(p pracIx, d dayIx) bool {
	return worksOn(b.r, int(p), b.days[d])
}

// daytime reports whether slot s is a daytime slot (a work party covers it).
func (b *builder) daytime(s slotIx) bool { return isDaytime(b.slots[s]) }

// km is the straight-line distance from service user u's home to site k.
func (b *builder) km(u userIx, k siteIx) float64 {
	return b.r.UserSiteKm(int(u), int(k))
}

// reachable reports whether u can use site k (reaches: area, women-only,
// step-free, travel limit).
func (b *builder) reachable(u userIx, k siteIx) bool { return reaches(b.r, int(u), int(k)) }

// available reports whether u is free in slot s of day d.
func (b *builder) available(u userIx, d dayIx, s slotIx) bool {
	return userFree(b.r, int(u), b.days[d], int(s))
}

// availableDay reports whether u is free in every daytime slot of d (a
// work party takes the day).
func (b *builder) availableDay(u userIx, d dayIx) bool {
	for s := range b.slots {
		if b.daytime(slotIx(s)) && !b.available(u, d, slotIx(s)) {
			return false
		}
	}
	return true
}

func (b *builder) addBinary(name string, cost float64) int {
	return b.p.AddCol(mip.Col{Name: name, Lo: 0, Hi: 1, Cost: cost, Integer: true})
}

func (b *builder) addInt(name string, hi, cost float64) int {
	return b.p.AddCol(mip.Col{Name: name, Lo: 0, Hi: hi, Cost: cost, Integer: true})
}

func (b *builder) addCont(name string, hi, cost float64) int {
	return b.p.AddCol(mip.Col{Name: name, Lo: 0, Hi: hi, Cost: cost})
}

// le adds Σ e ≤ hi; ge adds Σ e ≥ lo; eq adds Σ e = v.
// Each returns the new row's index, or -1 when e is empty and no row is
// added (eq always adds one).
func (b *builder) le(name string, e lin, hi float64) int {
	if e.empty() {
		return -1
	}
	return b.p.AddRow(mip.Row{Name: name, Lo: math.Inf(-1), Hi: hi}, e.idx, e.val)
}

func (b *builder) ge(name string, e lin, lo float64) int {
	if e.empty() {
		return -1
	}
	return b.p.AddRow(mip.Row{Name: name, Lo: lo, Hi: math.Inf(1)}, e.idx, e.val)
}

func (b *builder) eq(name string, e lin, v float64) int {
	return b.p.AddRow(mip.Row{Name: name, Lo: v, Hi: v}, e.idx, e.val)
}

// classRow files row i (when ≥ 0) under key for the class relaxation
// (relax.go): rows of one key are summed there before people are merged
// into classes.
func (b *builder) classRow(i int, key string) {
	if i >= 0 {
		if b.rowFamily == nil {
			b.rowFamily = make(map[int]string)
		}
		b.rowFamily[i] = key
	}
}

// onlyWith adds option ≤ on (x ≤ r, v ≤ w, g ≤ w: the option only where what
// it belongs to runs).
func (b *builder) onlyWith(name string, option, on int) {
	var e lin
	e.add(option, 1)
	e.add(on, -1)
	b.le(name, e, 0)
}

// addSlack makes the unmet column of requirement q, priced by its kind's
// weight and Factor.
func (b *builder) addSlack(q int) int {
	r := b.r
	w := r.Settings.Weights
	due := Due(r, q)
	var cost float64
	switch r.Requirements[q].Kind {
	case model.KindAppointment:
		cost = w.UnmetAppointment
	case model.KindUnpaidWork:
		cost = w.UnmetHour
	default:
		cost = w.UnmetSession
	}
	col := b.addCont(colName("unmet_", q), due, cost*Factor(r, q))
	b.slacks = append(b.slacks, slackVar{col: col, req: q})
	b.slackOf[q] = col
	return col
}

// dueRows adds, for every requirement of kind with a slack column,
// Σ coef·options + unmet = due (an unpaid-work option counts its hours).
func (b *builder) dueRows(kind model.RequirementKind, opts *rowSet[int]) {
	for _, sv := range b.slacks {
		k := b.r.Requirements[sv.req].Kind
		if k != kind && !(kind == model.KindIntervention && k == model.KindRAR) {
			continue
		}
		var e lin
		if i, ok := opts.at[sv.req]; ok {
			e = opts.rows[i]
		}
		e.add(sv.col, 1)
		i := b.eq(colName("due_", sv.req), e, Due(b.r, sv.req))
		b.classRow(i, "due|"+b.reqClass(sv.req))
		if b.dueRowOf == nil {
			b.dueRowOf = make(map[int]int)
		}
		b.dueRowOf[sv.req] = i
	}
}

// rowSet gathers one linear expression per key, in the order keys first
// appear, so rows come out the same for the same input.
type rowSet[K comparable] struct {
	at   map[K]int
	keys []K
	rows []lin
}

func newRowSet[K comparable]() *rowSet[K] { return &rowSet[K]{at: make(map[K]int)} }

func (s *rowSet[K]) add(k K, col int, v float64) {
	i, ok := s.at[k]
	if !ok {
		i = len(s.rows)
		s.at[k] = i
		s.keys = append(s.keys, k)
		s.rows = append(s.rows, lin{})
	}
	s.rows[i].add(col, v)
}

// groupSet lists the options where people meet, sessions first, then work
// parties (in the order the families make them), with each person's
// columns in each. Non-associations are kept apart within each group
// (attendanceFamily.rows); the greedy start checks members against it.
type groupSet struct {
	prefix []string // row name prefix of each group's non-association rows
	// run is the column counting how many times each group meets (r[o]
	// or w[j,d]), and once whether it meets at most once.
	run     []int
	once    []bool
	members []groupSeat // every person's columns in every group, as made
}

// groupSeat: column col is user u's place in group g.
type groupSeat struct{ col, u, g int32 }

type userGroup struct {
	u userIx
	g int
}

// add registers a group, met run times (column run, at most most) and
// returns its index.
func (gs *groupSet) add(prefix string, run, most int) int {
	gs.prefix = append(gs.prefix, prefix)
	gs.run = append(gs.run, run)
	gs.once = append(gs.once, most <= 1)
	return len(gs.prefix) - 1
}

// join records column col as user u's place in group g.
func (gs *groupSet) join(u userIx, g, col int) {
	gs.members = append(gs.members, groupSeat{int32(col), int32(u), int32(g)})
}

// colsOf lists, for each user in who, their columns in each group, in the
// order they were made.
func (gs *groupSet) colsOf(who map[userIx]bool) map[userGroup][]int {
	out := make(map[userGroup][]int)
	for _, m := range gs.members {
		if who[userIx(m.u)] {
			k := userGroup{userIx(m.u), int(m.g)}
			out[k] = append(out[k], int(m.col))
		}
	}
	return out
}

func colName(parts ...any) string { return fmt.Sprint(parts...) }
