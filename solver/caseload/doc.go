// Package caseload balances case managers' caseloads toward a target, as
// the national workload measurement practice weighs them, and says plainly
// when the staff cannot reach the target.
//
// # Workload
//
// A case weighs Region.Points(u) points (by tier and case type, the
// national tool's tables; the T2A table for a case flagged t2a). A case manager (grade PO or PSO) has
// A_p = Region.AvailablePoints(p) points available, pro rata to contracted
// hours less reduction hours, and runs at capacity
//
//	c_p = 100 × L_p ÷ A_p      (L_p the points of the cases held)
//
// against the target T = target_capacity (100%). The staffing answer is
// given in one measure, target_measure: by capacity (the default), a
// team's shortfall is its points ÷ (nominal_points × T ÷ 100) − its
// available FTE; by cases, cases ÷ target_cases − FTE. The other measure
// is reported as a cross-check only. The caseload.csv target of p is
// target_cases × its hours less reductions ÷ full_time_hours.
//
// # Rules
//
// Cases stay in their team: a case goes only to a PO or PSO of its team
// with available points (A_p > 0; a practitioner with a 100% reduction
// takes no new cases). A case of a tier in po_only_tiers, of a RoSH
// level in po_only_rosh (high, very high), an IOM case when po_only_iom,
// or a case with a flag in po_only_flags goes only to a PO.
// Every unallocated case is allocated. A case whose current case manager
// may not hold it by these rules (another team, a PSO holding a PO-only
// case, no available points) must move: a required move. Required moves
// and allocations do not count against the caps; the caps max_moves and
// max_moves_per_practitioner (0 = none) limit balance moves, the changes
// of case manager made only for balance, a move counting for both the
// practitioner it leaves and the one it joins. A PO-only case that no PO
// of its team may hold goes, when po_only_cross_team is set, to the
// nearest team of its area with a PO who may (base to base), and is
// balanced there. Otherwise a case that nobody in its team may hold is
// left as it is, counted as unplaced and listed in the summary's Unheld
// with the reason: the grade it needs, that nobody of that grade in its
// team has room, and the nearest team of its area that has. A case with
// a pinned appointment (pins.csv) whose case manager may keep it stays
// with them, its points in their load like an unplaced case's (pins.go).
//
// # Decomposition and aggregation
//
// As cases stay in their team, teams are independent problems, solved one
// after another or Options.Workers at a time. Within a team, cases that
// are interchangeable are aggregated into a class k = (current case
// manager m_k, or none when the case is unallocated or must move; points
// v_k; PO-only flag) of n_k cases, and the model decides integer counts
// x_kp of class k going to practitioner p, over the practitioners p
// eligible for the class. A class's counts are dealt to its cases in file
// order. At 25,000 cases (57
// teams of about 440 cases and 7 case managers) a team has some 150–300
// classes and 1,000–2,000 integer columns, where a column per case and
// practitioner would need 3,000 binaries.
//
// # Formulation (one team)
//
//	Σ_p x_kp = n_k                                 every class k
//	c_p = 100 (F_p + Σ_k v_k x_kp) ÷ A_p = T'+ o_p − u_p   every p with A_p > 0
//	c_p − T ≤ M,   M ≥ 0                           (o_p − u_p − M ≤ T − T')
//	mv = Σ_{k with m_k} (n_k − x_{k m_k})          balance moves
//	mv ≤ cap_team;   out_p + in_p ≤ cap_p          when the caps are set
//	x_kp ∈ ℤ≥0;  o_p, u_p, M ≥ 0
//
// where F_p is the points of unplaced cases p keeps, T' is the team's
// balance point, its mean capacity 100 × Σ points ÷ Σ A_p (the best average
// any allocation reaches; balancing moves points about but cannot change
// it), out_p = Σ_{k: m_k=p} (n_k − x_kp) and in_p = Σ_{k: m_k≠p, m_k set}
// x_kp.
//
// The objective is lexicographic, by sequential solves (not a weighted
// sum), each started from the previous solution:
//
//  1. minimise M, the largest capacity % above the target T;
//  2. with M ≤ M₁ + tol, minimise Σ_p (o_p + u_p) + move_penalty × mv, the
//     total deviation in capacity-% points from the balance point, a move
//     costing move_penalty points of deviation, so that a case is moved
//     only where the gain in balance is worth the change;
//  3. with the objective of 2 ≤ its value + tol, minimise mv.
//
// Measuring deviation from T' rather than from T keeps the balance neutral
// when the team cannot reach T: a deviation from T would then be smallest
// with the part-timers loaded first. Stage 1 stops within tol of its bound
// (Cbc's relative gap set to tol ÷ the starting M), stage 2 within tol ×
// the number of practitioners, stage 3 within one move; tol is
// Options.Tolerance, and each solve is also bounded by Options.TimeLimit.
//
// Each stage starts Cbc from a local search (search): stage 1 from the
// cases kept and the others given largest first to the lowest capacity,
// then single moves and exchanges off the practitioner at the largest
// capacity; stage 2 from single moves that lower its objective under the
// stage-1 bound. Cbc's own heuristics find poor solutions of these min-max
// models slowly; from these starts stage 1 usually ends at the root node.
// Stages 1 and 3 run without Cbc's cut passes (noCuts): they took most of
// those stages' time for no better allocation.
// The LP bounds of stages 2 and 3 are weak (a fractional case moves for a
// fraction of the penalty), so those stages often end on the time limit
// with the best solution found, and the status says feasible.
//
// # Integrality
//
// For a class of identical cases only the count given to each practitioner
// matters, so integer counts lose nothing against a per-case model. The
// supply rows alone form a transportation matrix (totally unimodular), but
// the capacity rows weigh counts by their points v_k, so vertices of the LP
// may be fractional and the counts are declared integer: a MIP over flows
// per team. The relaxation is tight: a basic LP solution has at most one
// basic column per row, so beyond one column per class at most about
// 3|P| columns (the capacity, max and deviation rows) are fractional, and
// the integer optimum lies within about one case's points per practitioner
// of the LP bound. Cbc closes that with its rounding heuristics and little
// branching; the counts it returns are rounded and checked against the
// supply rows.
//
// # From scratch
//
// The summary compares the moves with those of a from-scratch
// re-allocation: classes (points, PO-only) that ignore the current case
// manager, every case given out largest first, then the local search of
// stages 1 and 2 without a move penalty (no Cbc), the counts dealt to
// cases in file order. Its changes of case manager are what re-allocating
// without regard to incumbency costs.
package caseload
