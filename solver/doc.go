// Package solver plans a probation service's week as one mixed-integer
// programme solved by COIN-OR Cbc. [Solve] decides where each practitioner
// is each day, which supervision appointments are booked, which group
// sessions and unpaid-work parties run with which staff, and who attends
// them. A week that cannot all be met is still planned: what is left unmet
// is priced, and unmet.csv says why (diagnose.go). docs/model.md writes the
// whole model out; each constraint file's doc comment states its rows.
//
// # Model
//
// Columns, created only for options that break no rule on their own:
//
//	z[p,d,k] ∈ {0,1}   practitioner p at site k on day d   constraint_staff.go
//	a[q,d,s,k] ∈ {0,1} appointment of requirement q        constraint_appointments.go
//	r[i,k,d,s] ∈ ℤ≥0   sessions of intervention i run      constraint_sessions.go
//	f[p,i,k,d,s]       p facilitates one of them           constraint_sessions.go
//	x[q,i,k,d,s]       attendance toward requirement q     constraint_attendance.go
//	w[j,d] ∈ {0,1}     work party of project j on day d    constraint_unpaidwork.go
//	v[q,j,d], g[p,j,d] its workers and supervisors         constraint_unpaidwork.go
//	l[j,d] ∈ {0,1}     women present (no lone woman)       constraint_unpaidwork.go
//	m_G ≥ 0            running group G's sessions not held constraint_groups.go (its r[G,…] as r)
//	e_q ≥ 0            unmet part of requirement q         every due row
//	T_a ≥ 0            worst one-way journey of area a     constraint_usertime.go (travelRows)
//
// The objective, minimised, is
//
//	Σ_q weight(kind q)·Factor(q)·e_q + travel_km·Σ km·(a + x + v)
//	  + worst_travel_km·Σ_a T_a + session_run·(Σ r + Σ w)
//	  + pattern_change_penalty·Σ z away from the usual site
//
// with Factor and Due in requirements.go; its terms are those of
// docs/output-format.md. The rows tie every option to its practitioner's
// site (option ≤ z), fill each requirement (Σ options + e_q = due), keep
// rooms, seats, group sizes, facilitators and supervisors, one activity per
// person and slot, and each practitioner's day within their hours (with its
// Chvátal–Gomory rounding by the appointment length, which closes most of
// the LP gap). The rows of a practitioner's day and of a person's slots
// are constraint_practitionertime.go and constraint_usertime.go, which every
// family registers its columns with. family.go lists the families in build
// order; build.go creates the options and rows in that fixed order.
//
// # Families
//
// Each constraint family owns, in its constraint_<name>.go, its options
// and columns, its rows, its share of the class relaxation and of the
// greedy start, its neighbourhoods, its rows of the rota files and its
// unmet explanations (the family interface, family.go). The builder holds
// only what they share. Domain facts used in several places (reaching a
// site, a practitioner's hours on a day) are reach.go's, with one
// tolerance. docs/architecture.md walks through adding a rule.
//
// # Solution
//
// [Parts] splits the region into independent parts (areas joined when they
// share a site within reach, a case manager or a non-association); each is
// built and solved on its own, with a share of the time limit by size.
// Within a part (solve.go): the LP of the class relaxation (relax.go), a
// bound at any size, whose case managers' sites guide a greedy plan
// (heuristic.go); on parts of at most lpMaxRows rows the part's own LP by
// Clp, a tighter bound; RINS, a sub-MIP over the columns on which that LP
// and the greedy plan disagree, started from that plan;
// fix-and-optimise over neighbourhoods of the plan (improve.go), first
// rebooking people with every staff decision fixed, then moving staff; then, only
// if the plan is still further than the gap from the bound and the part is
// small (finalMaxCols), Cbc on the whole part from it. Each step
// ends at its gap or a node limit, not at a time. A part's bound is the
// largest of the two LPs and Cbc's bound; the week's objective is recomputed from the written plan
// (summary.go) and its bound is the sum over parts, capped at the
// objective. extract.go turns the columns into the rota files.
//
// # Determinism
//
// The same input, options and seed give the same plan, with one thread,
// whenever the time limit does not cut in: every step ends at its gap or a
// node limit, which do not depend on the clock. When the time limit stops a
// solve (status "stopped"), how far it got, and so the plan, can depend on
// the machine's speed and load.
//
// # Concurrency
//
// Cbc and Clp are not safe to run concurrently, even on separate models,
// so package solver/coin runs one solve at a time per process. Solve may be
// called from several goroutines (it does not modify the region); their
// solver calls are serialised inside solver/coin, and time spent waiting
// still counts against each call's own stages, so concurrent calls with time
// limits plan less well. Run processes to solve in parallel.
package solver
