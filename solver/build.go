package solver

import (
	"fmt"
	"io"
	"math"

	"github.com/probation/rota/model"
	"github.com/probation/rota/solver/mip"
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

// builder assembles the weekly MIP for one group of areas (a component):
// practitioners, service users and the options open to them. Every option
// that breaks a hard rule on its own (closed site, ineligible person, too
// far, not available, unskilled facilitator) is never created; the rows the
// constraint files add enforce the rules that involve several options.
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

	// The people of this component, as indices into the region.
	pracs  []int
	users  []int
	inPrac map[int]bool
	inUser map[int]bool

	userReqs map[int][]int // requirements of each service user
	workers  []userReq     // unpaid-work requirements
	slackOf  map[int]int   // unmet column of each requirement

	// Staff location (constraint_staff.go).
	loc map[pdKey]*staffDay

	// Options and their columns.
	appts   []apptOpt
	sess    []sessOpt
	sessAt  map[sessKey]int
	atts    []attOpt
	facs    []facOpt
	parties []partyOpt
	uws     []uwOpt
	sups    []supOpt
	slacks  []slackVar

	worstRows []worstRow  // rows of the longest journeys
	womenCol  map[int]int // party → its "women present" column

	// Practitioners' activity columns by day (and slot), and their hours.
	apptsBy  map[pdKey][]int
	facBy    map[pdsKey][]int
	supBy    map[pdKey][]int
	facHours map[int]float64
	supHours map[int]float64

	// rowFamily keys the rows that the class relaxation sums before
	// merging people (see family).
	rowFamily map[int]string
	classOf   map[int]string // requirement → class (reqClass)
	optSig    map[int]uint64 // unpaid-work requirement → its set of work parties (optionSig)
	dueRowOf  map[int]int    // requirement → its due row
}

type pdKey struct{ prac, day int }

type sessKey struct{ iv, site, day, slot int }

// apptOpt: service user user meets their case manager at site on day, slot.
type apptOpt struct {
	col, user, req, cm, day, slot, site int
	km                                  float64
}

// sessOpt: sessions of intervention iv at site on day, slot (an integer
// count, at most the site's group rooms).
type sessOpt struct {
	col int
	key sessKey
	max int
}

// attOpt: service user attends a session of sessOpt sess toward requirement req.
type attOpt struct {
	col, user, req, sess int
	km                   float64
}

// facOpt: practitioner facilitates one of the sessions of sessOpt sess.
type facOpt struct{ col, prac, sess int }

// partyOpt: the work party of project proj on day.
type partyOpt struct{ col, proj, day int }

// uwOpt: service user works in party toward requirement req.
type uwOpt struct {
	col, user, req, party int
	km                    float64
}

// supOpt: practitioner supervises party.
type supOpt struct{ col, prac, party int }

// slackVar is the unmet part of requirement req.
type slackVar struct{ col, req int }

func newBuilder(r *model.Region, pracs, users []int) *builder {
	b := &builder{
		r:        r,
		p:        &mip.Problem{Name: "rota"},
		lp:       solveLP,
		slots:    r.Settings.Slots,
		pracs:    pracs,
		users:    users,
		inPrac:   make(map[int]bool, len(pracs)),
		inUser:   make(map[int]bool, len(users)),
		slackOf:  make(map[int]int),
		loc:      make(map[pdKey]*staffDay),
		sessAt:   make(map[sessKey]int),
		apptsBy:  make(map[pdKey][]int),
		facBy:    make(map[pdsKey][]int),
		supBy:    make(map[pdKey][]int),
		facHours: make(map[int]float64),
		supHours: make(map[int]float64),
		womenCol: make(map[int]int),
	}
	for _, p := range pracs {
		b.inPrac[p] = true
	}
	for _, u := range users {
		b.inUser[u] = true
	}
	b.days = r.Days()
	for _, s := range b.slots {
		b.capSlot = append(b.capSlot, s.Minutes()/max(1, r.Settings.AppointmentMinutes))
	}
	return b
}

// open reports whether site k is open to us on day d.
func (b *builder) open(k, d int) bool {
	return b.r.OpenOn(k, b.days[d].Weekday)
}

// works reports whether practitioner p works on day d.
func (b *builder) works(p, d int) bool {
	return !b.days[d].Holiday && workDays(&b.r.Practitioners[p]).Has(b.days[d].Weekday)
}

func workDays(p *model.Practitioner) model.Weekdays {
	if p.Days == 0 {
		return model.Weekdays(0b11111)
	}
	return p.Days
}

// hoursPerDay is a practitioner's working hours on a day they work.
func hoursPerDay(p *model.Practitioner) float64 {
	return p.ContractedHours / float64(workDays(p).Len())
}

// daytime reports whether slot s is a daytime slot (a work party covers it).
func (b *builder) daytime(s int) bool { return b.slots[s].Start < 17*60 }

// km is the straight-line distance from service user u's home to site k.
func (b *builder) km(u, k int) float64 {
	return b.r.UserSiteKm(u, k)
}

// reachable reports whether site k is within the travel limit of u's home,
// meets u's access needs, and serves u's area.
func (b *builder) reachable(u, k int) bool {
	su := &b.r.ServiceUsers[u]
	st := &b.r.Sites[k]
	if !b.r.SiteServes(k, areaOf(b.r, u)) {
		return false
	}
	if st.WomenOnly && su.Gender != model.GenderFemale {
		return false
	}
	if su.StepFree && !st.StepFree {
		return false
	}
	return b.km(u, k) <= b.r.Settings.MaxTravelKm+1e-9
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

// family files row i (when ≥ 0) under key for the class relaxation
// (relax.go): rows of one family are summed there before people are
// merged into classes.
func (b *builder) family(i int, key string) {
	if i >= 0 {
		if b.rowFamily == nil {
			b.rowFamily = make(map[int]string)
		}
		b.rowFamily[i] = key
	}
}

// build creates every option and row, in an order that makes the model the
// same for the same input.
func (b *builder) build() error {
	b.sessionOptions()
	b.partyOptions()
	b.staffLocations()
	b.appointmentOptions()
	b.facilitatorOptions()
	b.attendanceOptions()
	b.workPartyOptions()
	b.supervisorOptions()

	b.staffRows()
	b.appointmentRows()
	b.sessionRows()
	b.attendanceRows()
	b.workPartyRows()
	b.personSlotRows()
	b.travelRows()
	return nil
}

func colName(parts ...any) string { return fmt.Sprint(parts...) }

// areaOf is the area of service user u's team (the team id when no area is given).
func areaOf(r *model.Region, u int) string { return r.AreaOfTeam(r.ServiceUsers[u].Team) }
