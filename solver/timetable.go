package solver

import (
	"fmt"
	"math"
	"slices"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Times and rooms: the timetable stage, after extraction.
//
// The MIP plans in slots; this stage gives every appointment a start, an
// end and an interview room, every group session a start, an end and a
// group room, every work party its day's times, and every staff row the
// practitioner's shift that day. It changes no decision of the MIP, only
// places them in time, and the MIP's counts guarantee it always succeeds.
//
// # Appointments: McNaughton's wrap-around rule
//
// In a slot s of m minutes with appointments of t = appointment_minutes,
// the grid has c = ⌊m ÷ t⌋ positions, position j running from
// start(s) + j·t to start(s) + (j+1)·t. At a site k with R interview
// rooms, on day d, the MIP bounds (constraint_appointments.go)
//
//	n_p = Σ_u a[u,d,s,k] ≤ c          for each case manager p (cmslot_)
//	N   = Σ_p n_p        ≤ R·c                                 (rooms_)
//
// and a case manager is at one site a day (z), so their appointments of a
// slot are all at k. Take the case managers p_1, p_2, … at (k,d,s) in a
// fixed order and number their appointments in turn 0, 1, …, N−1, each
// case manager's n_p numbers consecutive. Appointment number i goes to
// room ⌊i ÷ c⌋ at grid position i mod c. Then:
//
//   - a room holds at most one appointment in each position, since two
//     numbers with the same ⌊i ÷ c⌋ and the same i mod c are equal;
//   - every room exists: i ≤ N−1 ≤ R·c − 1, so ⌊i ÷ c⌋ ≤ R−1;
//   - a case manager is never in two places at once: their numbers are
//     n_p ≤ c consecutive integers, whose residues mod c are distinct, so
//     their appointments take distinct positions (a case manager whose run
//     crosses from room ρ to room ρ+1 sees their later numbers in room ρ+1
//     at the earliest positions, before the ones in room ρ);
//   - a service user has at most one activity a slot (usertime_ rows), so
//     their appointment overlaps nothing else of theirs, and every
//     appointment lies inside its slot, which lies inside the case
//     manager's shift (below).
//
// # Inductions
//
// An induction (requirements.csv induction) lasts induction_minutes ≤
// K·t, K = ⌈induction_minutes ÷ t⌉. The MIP counts it K in its case
// manager's slot and c in its site's rooms (constraint_appointments.go),
// so with I the case managers at (k,d,s) with an induction, A the others,
// and b_p ≥ 1 the inductions of p ∈ I:
//
//	Σ_{p∈A} n_p + Σ_{p∈I} (n_p − b_p + c·b_p) ≤ R·c   ⇒   Σ_{p∈A} n_p ≤ (R − |I|)·c
//
// Each p ∈ I takes a room of their own, rooms 1 … |I|, and sees their
// people back to back from the slot's start: their a plain appointments
// and b inductions last a·t + b·induction_minutes ≤ (a + b·K)·t ≤ c·t
// minutes (the case manager's slot row), within the slot. The case
// managers of A share the other R − |I| rooms by the wrap-around rule,
// whose condition the inequality above is. Without inductions I is empty
// and this is the rule above.
//
// A case manager who changes room within a slot is a nuisance, so the
// stage first tries to give every case manager of A one room (packRooms,
// first fit with the longest runs first, which always keeps the rules
// above: each run is back to back within one room) and uses the
// wrap-around rule only when that fails: on the embedded sample 3 of the
// 274 slots in which a case manager sees people have a change of room.
//
// The order is the written order of appointments.csv (case managers in
// practitioners.csv order, then service users in service_users.csv
// order), so the same rota gives the same times. Interview rooms are
// named "Interview 1", "Interview 2", … (sites.csv gives only their
// number).
//
// # Group sessions and work parties
//
// A session starts at its slot's start and lasts its session_hours, which
// fit the slot (the MIP makes session options only where they do). The
// sessions of one site and slot, at most group_rooms of them (grouprooms_),
// take "Group room 1", "Group room 2", … in the order of their ids. A work
// party is at its project, not in a room: it runs from the start of the
// first daytime slot to the end of the last, the span it fills.
//
// # Shifts
//
// A practitioner's shift on a day (staff.csv start and end, the same on
// each of the day's rows) is a late shift, from the first afternoon slot to
// the end of the evening, on a day with an evening booking, and otherwise
// a day shift, the daytime slots (timeShifts). Every booking is within its
// slot, and its slot within the shift.
//
// Checker rules: time.slot, time.room, time.overlap, time.shift,
// time.staff-shift.
func timetable(r *model.Region, pl *plan.Plan) error {
	slots := make(map[string]model.Slot)
	for _, s := range r.Settings.Slots {
		slots[s.Name] = s
	}
	day := daytimeSpan(r.Settings.Slots)
	slots[plan.SlotDay] = day
	if err := timeAppointments(r, pl, slots); err != nil {
		return err
	}
	timeSessions(pl, slots)
	timeShifts(pl, slots, day)
	return nil
}

// daytimeSpan is the span of the daytime slots (all slots if none is).
func daytimeSpan(slots []model.Slot) model.Slot {
	span := model.Slot{Name: plan.SlotDay, Start: math.MaxInt, End: math.MinInt}
	for _, s := range slots {
		if isDaytime(s) {
			span.Start, span.End = min(span.Start, s.Start), max(span.End, s.End)
		}
	}
	if span.Start == math.MaxInt {
		for _, s := range slots {
			span.Start, span.End = min(span.Start, s.Start), max(span.End, s.End)
		}
	}
	return span
}

// clock writes minutes after midnight as HH:MM.
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// place is an appointment's room (0-based) and grid position.
type place struct{ room, pos int }

// wrapAround places the appointments of one site and slot: n[p] is the
// number of case manager p's appointments, c the grid positions of the
// slot, rooms the interview rooms. It gives each case manager's places in
// the order of their appointments, by McNaughton's rule (see timetable),
// and an error when the counts break the MIP's bounds.
func wrapAround(n []int, c, rooms int) ([][]place, error) {
	total := 0
	for p, k := range n {
		if k < 0 || k > c {
			return nil, fmt.Errorf("case manager %d has %d appointments in a slot of %d", p, k, c)
		}
		total += k
	}
	if total > rooms*c {
		return nil, fmt.Errorf("%d appointments in a slot of %d positions and %d rooms", total, c, rooms)
	}
	out := make([][]place, len(n))
	i := 0
	for p, k := range n {
		out[p] = make([]place, k)
		for j := range k {
			out[p][j] = place{room: i / c, pos: i % c}
			i++
		}
	}
	return out, nil
}

// packRooms tries to give each case manager one room for the slot: first
// fit, the longest runs first (ties in the given order), each run back to
// back from where its room is filled. ok is false when some run fits no
// room; wrapAround then places them all, as it always can.
func packRooms(n []int, c, rooms int) (out [][]place, ok bool) {
	order := make([]int, len(n))
	for p := range order {
		order[p] = p
	}
	slices.SortStableFunc(order, func(a, b int) int { return n[b] - n[a] })
	used := make([]int, rooms)
	out = make([][]place, len(n))
	for _, p := range order {
		room := slices.IndexFunc(used, func(u int) bool { return u+n[p] <= c })
		if room < 0 {
			return nil, false
		}
		for j := range n[p] {
			out[p] = append(out[p], place{room: room, pos: used[room] + j})
		}
		used[room] += n[p]
	}
	return out, true
}

// timeAppointments gives each appointment its time and interview room.
// The appointments are in the written order: by date, slot, site, case
// manager and service user, so each (date, slot, site) is one run.
func timeAppointments(r *model.Region, pl *plan.Plan, slots map[string]model.Slot) error {
	as := pl.Appointments
	g := slotGrid{t: r.Settings.AppointmentMinutes, induction: r.Settings.InductionMinutes}
	induction := make(map[string]bool)
	for _, q := range r.Requirements {
		if q.Kind == model.KindAppointment && q.Induction {
			induction[q.ServiceUser] = true
		}
	}
	for lo := 0; lo < len(as); {
		hi := lo
		for hi < len(as) && as[hi].Date == as[lo].Date && as[hi].Slot == as[lo].Slot && as[hi].Site == as[lo].Site {
			hi++
		}
		sl := slots[as[lo].Slot]
		k, ok := r.SiteIndex(as[lo].Site)
		if !ok || g.t <= 0 {
			return fmt.Errorf("timetable: appointments at unknown site %q", as[lo].Site)
		}
		g.minutes, g.rooms = sl.Minutes(), r.Sites[k].InterviewRooms
		var runs [][]bool // each case manager's appointments: induction or not
		for i := lo; i < hi; i++ {
			if i == lo || as[i].CaseManager != as[i-1].CaseManager {
				runs = append(runs, nil)
			}
			runs[len(runs)-1] = append(runs[len(runs)-1], induction[as[i].ServiceUser])
		}
		booked, err := g.place(runs)
		if err != nil {
			return fmt.Errorf("timetable: %s %s %s: %w", as[lo].Site, as[lo].Date, as[lo].Slot, err)
		}
		i := lo
		for _, bs := range booked {
			for _, b := range bs {
				as[i].Start, as[i].End = clock(sl.Start+b.start), clock(sl.Start+b.end)
				as[i].Room = fmt.Sprint("Interview ", b.room+1)
				i++
			}
		}
		lo = hi
	}
	return nil
}

// slotGrid is one site's slot: its length in minutes, the appointment and
// induction lengths, the interview rooms.
type slotGrid struct {
	minutes, t, induction, rooms int
}

// timed is an appointment's place: minutes from the slot's start, and its
// room (0-based).
type timed struct{ start, end, room int }

// place times the appointments of one site and slot: runs[p][j] tells
// whether case manager p's j-th appointment is an induction. A case
// manager with an induction takes a room of their own, the first rooms in
// turn, and sees their people back to back; the others share the rest by
// wrapAround (see timetable for why this always fits the MIP's counts).
func (g slotGrid) place(runs [][]bool) ([][]timed, error) {
	c := g.minutes / g.t
	out := make([][]timed, len(runs))
	own := 0
	var n, shared []int
	for p, run := range runs {
		if !slices.Contains(run, true) {
			n, shared = append(n, len(run)), append(shared, p)
			continue
		}
		if own >= g.rooms {
			return nil, fmt.Errorf("more case managers with an induction than %d interview rooms", g.rooms)
		}
		at := 0
		for _, ind := range run {
			length := g.t
			if ind {
				length = g.induction
			}
			out[p] = append(out[p], timed{at, at + length, own})
			at += length
		}
		if at > g.minutes {
			return nil, fmt.Errorf("case manager %d's appointments last %d minutes in a slot of %d", p, at, g.minutes)
		}
		own++
	}
	places, ok := packRooms(n, c, g.rooms-own)
	if !ok {
		var err error
		if places, err = wrapAround(n, c, g.rooms-own); err != nil {
			return nil, err
		}
	}
	for j, ps := range places {
		for _, pc := range ps {
			out[shared[j]] = append(out[shared[j]], timed{pc.pos * g.t, (pc.pos + 1) * g.t, own + pc.room})
		}
	}
	return out, nil
}

// timeSessions gives each group session its time and group room, and each
// work party its day's span. Sessions are in the written order: by date,
// slot, site and id.
func timeSessions(pl *plan.Plan, slots map[string]model.Slot) {
	room := 0
	for i := range pl.Sessions {
		s := &pl.Sessions[i]
		sl := slots[s.Slot]
		if s.Kind == plan.KindWorkParty {
			s.Start, s.End = clock(sl.Start), clock(sl.End)
			continue
		}
		if i > 0 {
			prev := &pl.Sessions[i-1]
			if prev.Date == s.Date && prev.Slot == s.Slot && prev.Site == s.Site && prev.Kind == s.Kind {
				room++
			} else {
				room = 0
			}
		}
		s.Start, s.End = clock(sl.Start), clock(sl.Start+int(math.Round(s.Hours*60)))
		s.Room = fmt.Sprint("Group room ", room+1)
	}
}

// timeShifts writes each practitioner-day's shift on its staff rows,
// which come a practitioner-day at a time: a late shift, from the start of
// the first slot that is not a morning slot to the end of the evening,
// on a day with something booked in an evening slot; else a day shift, the
// daytime slots (day), stretched to any booking outside them. The shift
// rule (constraint_shifts.go) keeps morning bookings off a late day, so
// every booking lies within its shift.
func timeShifts(pl *plan.Plan, slots map[string]model.Slot, day model.Slot) {
	rows := pl.Staff
	for lo := 0; lo < len(rows); {
		hi := lo
		booked, late := math.MaxInt, false // earliest booked slot start
		bookedEnd := math.MinInt
		for hi < len(rows) && rows[hi].Practitioner == rows[lo].Practitioner && rows[hi].Date == rows[lo].Date {
			if a := rows[hi].Activity; a != plan.ActivityOffice && a != plan.ActivityAbsent {
				sl := slots[rows[hi].Slot]
				booked, bookedEnd = min(booked, sl.Start), max(bookedEnd, sl.End)
				if _, evening := slotRole(sl); evening {
					late = true
				}
			}
			hi++
		}
		start, end := day.Start, day.End
		if late {
			start, end = lateStart(slots, booked), bookedEnd
		} else if booked != math.MaxInt {
			start, end = min(start, booked), max(end, bookedEnd)
		}
		for i := lo; i < hi; i++ {
			rows[i].Start, rows[i].End = clock(start), clock(end)
		}
		lo = hi
	}
}

// lateStart is where a late shift starts: the first slot that is not a
// morning slot, or the first booking when that is earlier.
func lateStart(slots map[string]model.Slot, booked int) int {
	start := booked
	for _, sl := range slots {
		if morning, _ := slotRole(sl); !morning && sl.Start < start {
			start = sl.Start
		}
	}
	return start
}
