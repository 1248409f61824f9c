package solver

import "github.com/probation/rota/model"

// A family is one constraint family of the weekly model: the options of one
// kind of decision and the rules on them. Each lives in its own file,
// constraint_<name>.go, which holds its state and every share it has of
// the solve:
//
//   - events: the columns of what runs (sessions, work parties), made
//     first because where staff may be depends on them;
//   - columns: its other options;
//   - rows: its rows;
//   - relaxGroups: which of its columns the class relaxation merges
//     (relax.go);
//   - freeOn: its columns on some days, for the day neighbourhoods of
//     fix-and-optimise (improve.go);
//   - extract: its rows of the rota files (extract.go);
//   - explain: why a requirement of a kind it serves is unmet (diagnose.go).
//
// Its share of the greedy start (heuristic.go) and its own
// neighbourhoods are methods of the family too, called there in the order
// of scarcity, which is not the build order.
//
// A new family is one file and one entry in families.
type family interface {
	name() string
	events(b *builder)
	columns(b *builder)
	rows(b *builder)
	relaxGroups(b *builder, cg *classGroups)
	freeOn(b *builder, free []bool, on map[dayIx]bool) (any bool)
	extract(ps *partSolution, ex *extraction)
	explain(d *diagnosis, ps *partSolution, u userIx, q int, got float64) (reason string, ok bool)
}

// newFamilies makes each family's empty state.
func (b *builder) newFamilies() {
	b.staff = &staffFamily{loc: make(map[pdKey]*siteChoice)}
	b.appts = &apptFamily{}
	b.sessions = &sessionFamily{at: make(map[sessKey]int)}
	b.grp = &groupFamily{member: make(map[ivUser]int), byOpt: make(map[int]int), held: make(map[int][]heldS)}
	b.staffTime = &practitionerTime{
		appts: make(map[pdKey][]int), inSlot: make(map[pdsKey][]int),
		allDay: make(map[pdKey][]int), hours: make(map[int]float64),
	}
	b.attendance = &attendanceFamily{}
	b.unpaid = &unpaidFamily{womenCol: make(map[int]int)}
	b.userTime = &userTime{}
	b.waiting = &waitingRoom{}
	b.shifts = &shiftFamily{}
	b.contact = &contactFamily{}
	b.travel = &staffTravelFamily{}
	b.pins = &pinFamily{}
}

// families lists the constraint families in build order. The order fixes
// the order of columns and rows, and so the model: a practitioner's sites
// follow the sessions and parties they could staff, and the rows of a
// practitioner's time come where the sessions' rows end.
func (b *builder) families() []family {
	return []family{
		b.staff,      // where each practitioner is each day (constraint_staff.go)
		b.appts,      // supervision appointments (constraint_appointments.go)
		b.sessions,   // group sessions and facilitators (constraint_sessions.go)
		b.grp,        // running groups kept week to week (constraint_groups.go)
		b.staffTime,  // a practitioner's slots and hours (constraint_practitionertime.go)
		b.attendance, // who attends which session (constraint_attendance.go)
		b.unpaid,     // work parties, workers, supervisors (constraint_unpaidwork.go)
		b.userTime,   // a person's slots and longest journey (constraint_usertime.go)
		b.waiting,    // non-associations kept out of one waiting room (constraint_waitingroom.go)
		b.shifts,     // one shift a day, evenings on late days (constraint_shifts.go)
		b.contact,    // face-to-face hours within the contact share (constraint_contact.go)
		b.travel,     // staff travel from base, no idle day away (constraint_stafftravel.go)
		b.pins,       // pinned decisions, a re-plan's frozen past (constraint_pins.go)
	}
}

// noShare gives a family no share of a stage; families embed it and
// define the stages they take part in.
type noShare struct{}

func (noShare) events(*builder)                              {}
func (noShare) columns(*builder)                             {}
func (noShare) rows(*builder)                                {}
func (noShare) relaxGroups(*builder, *classGroups)           {}
func (noShare) freeOn(*builder, []bool, map[dayIx]bool) bool { return false }
func (noShare) extract(*partSolution, *extraction)           {}
func (noShare) explain(*diagnosis, *partSolution, userIx, int, float64) (string, bool) {
	return "", false
}

// servedAs is the kind of requirement whose family serves kind k: RAR
// requirements are served as interventions (constraint_attendance.go).
func servedAs(k model.RequirementKind) model.RequirementKind {
	if k == model.KindRAR {
		return model.KindIntervention
	}
	return k
}
