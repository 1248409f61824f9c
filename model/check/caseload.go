package check

// plan.Caseload balancing (rota balance) writes caseload.csv, moves.csv and
// caseload.json. CheckCaseload verifies them against the week's input
// (the caseloads before balancing) without the solver: the assignment
// after balancing is the input's case_manager column changed by the moves,
// and every figure of the other two files is recomputed from it. Its rule
// ids (CaseloadRules, kept out of Rules) are:
//
//   - caseload.move: a moves.csv row names a known service user, once, with
//     its team, its case manager before as from (empty when unallocated), a
//     known practitioner other than from as to, and the case's points.
//   - caseload.reason: the reason is "unallocated" when from is empty,
//     "required: …" when from may not keep the case (another team, not a PO
//     or PSO, no available points, a PSO holding a PO-only case), and
//     otherwise "balance: from X% to Y%" with X and Y the capacities of from
//     and to before balancing (within 0.05; not compared when to has no
//     available points, which caseload.available reports).
//   - caseload.team: after balancing every case's case manager is of its
//     team; or, when po_only_cross_team is set and no PO of its team may
//     hold a PO-only case, a PO of the nearest team of its area (base to
//     base; the first in teams.csv on a tie) that has one.
//   - caseload.grade: after balancing every case manager is a PO or PSO,
//     and a PO for a PO-only case (tier in po_only_tiers, RoSH in
//     po_only_rosh, IOM when po_only_iom, a flag in po_only_flags).
//   - caseload.available: after balancing no case is with a practitioner
//     without available points (a 100% reduction).
//   - caseload.allocated: after balancing every case has a case manager.
//   - caseload.unplaced: a case that nobody in its team may hold (a PO or
//     PSO of the team with available points, a PO if PO-only) is left as
//     it was; the four rules above are not applied to it.
//   - caseload.unheld: caseload.json's unheld lists exactly the cases
//     caseload.unplaced exempts, once each, with their team, their case
//     manager and a reason naming the team.
//   - caseload.max-moves: balance moves (changes of a case manager who
//     could have kept the case) are at most max_moves (0 = no cap).
//   - caseload.max-moves-per-practitioner: no practitioner has more than
//     max_moves_per_practitioner balance moves out of or into their
//     caseload (0 = no cap).
//   - caseload.rows: caseload.csv has one row per PO and PSO, in any order,
//     with their team, grade, hours, cases and points before and after,
//     available points, capacities (empty without available points),
//     target (target_cases × (hours − reduction) ÷ full_time_hours) and
//     change (cases − cases_before), within 0.01.
//   - caseload.summary: caseload.json's before and after capacity
//     statistics, moves, required moves, allocations, unplaced cases,
//     cases per FTE, the target measure (target_measure), the shortfall in
//     it and the cross-check in the other, and team lines agree with the
//     recomputed figures (within 0.01), and from_scratch_moves is between
//     0 and the number of cases held before.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

var caseloadRuleIDs = []string{
	"caseload.move",
	"caseload.reason",
	"caseload.team",
	"caseload.grade",
	"caseload.available",
	"caseload.allocated",
	"caseload.unplaced",
	"caseload.unheld",
	"caseload.max-moves",
	"caseload.max-moves-per-practitioner",
	"caseload.rows",
	"caseload.summary",
}

// CaseloadRules lists every rule id CheckCaseload may report.
func CaseloadRules() []string { return slices.Clone(caseloadRuleIDs) }

// caseloadChecker holds the input and the assignments before and after.
type caseloadChecker struct {
	r      *model.Region
	c      *plan.Caseload
	vs     []Violation
	avail  map[string]float64 // available points of each PO and PSO
	before map[string]string  // service user → case manager
	after  map[string]string
	holds  map[string][2]bool // team → someone may hold its cases: [any case, a PO-only case]
}

// CheckCaseload verifies a caseload folder c against the input r, the
// caseloads before balancing (see the rules above), and returns the
// violations sorted by file, line and rule. It never modifies r or c.
func CheckCaseload(r *model.Region, c *plan.Caseload) []Violation {
	k := &caseloadChecker{r: r, c: c, avail: map[string]float64{},
		before: map[string]string{}, after: map[string]string{}, holds: map[string][2]bool{}}
	for p, pr := range r.Practitioners {
		if pr.Grade.HoldsCases() {
			k.avail[pr.ID] = r.AvailablePoints(p)
			if k.avail[pr.ID] > 0 {
				h := k.holds[pr.Team]
				h[0] = true
				h[1] = h[1] || pr.Grade == model.GradePO
				k.holds[pr.Team] = h
			}
		}
	}
	for _, u := range r.ServiceUsers {
		k.before[u.ID] = u.CaseManager
		k.after[u.ID] = u.CaseManager
	}
	balance := k.checkMoves()
	k.checkAfter()
	k.checkCaps(balance)
	pB, nB := k.loads(k.before)
	pA, nA := k.loads(k.after)
	k.checkRows(pB, nB, pA, nA)
	k.checkSummary(balance, pB, nB, pA, nA)
	k.checkUnheld()
	return sortViolations(k.vs)
}

func (k *caseloadChecker) add(rule, at, format string, args ...any) {
	k.vs = append(k.vs, Violation{Rule: rule, Where: at, Msg: fmt.Sprintf(format, args...)})
}

func (k *caseloadChecker) prac(id string) (*model.Practitioner, bool) {
	p, ok := k.r.PractitionerIndex(id)
	if !ok || id == "" {
		return nil, false
	}
	return &k.r.Practitioners[p], true
}

// poOnly reports whether only a PO may hold u's case.
func (k *caseloadChecker) poOnly(u *model.ServiceUser) bool {
	s := k.r.Settings
	if slices.Contains(s.POOnlyTiers, u.Tier) || slices.Contains(s.POOnlyRoSH, u.RoSH) || (u.IOM && s.POOnlyIOM) {
		return true
	}
	for _, f := range u.Flags {
		if slices.Contains(s.POOnlyFlags, f) {
			return true
		}
	}
	return false
}

// mayHold says why practitioner id may not hold u's case, or "" if they
// may.
func (k *caseloadChecker) mayHold(id string, u *model.ServiceUser) (rule, why string) {
	pr, ok := k.prac(id)
	switch {
	case !ok:
		return "caseload.allocated", "has no case manager"
	case pr.Team != u.Team && pr.Team != k.crossTeam(u):
		return "caseload.team", fmt.Sprintf("is with %s of team %s, not its team %s", id, pr.Team, u.Team)
	case !pr.Grade.HoldsCases():
		return "caseload.grade", fmt.Sprintf("is with %s, a %s", id, pr.Grade)
	case k.avail[id] <= 0:
		return "caseload.available", fmt.Sprintf("is with %s, who has no available points", id)
	case k.poOnly(u) && pr.Grade != model.GradePO:
		return "caseload.grade", fmt.Sprintf("needs a PO and is with %s, a %s", id, pr.Grade)
	}
	return "", ""
}

// placeable reports whether someone in u's team may hold the case, or a
// PO of the team crossTeam names.
func (k *caseloadChecker) placeable(u *model.ServiceUser) bool {
	h := k.holds[u.Team]
	if k.poOnly(u) {
		return h[1] || k.crossTeam(u) != ""
	}
	return h[0]
}

// crossTeam is the team a PO-only case may go to under
// po_only_cross_team: when no PO of its team has available points, the
// nearest team of its area (base to base, the first in teams.csv on a
// tie) with one; "" otherwise.
func (k *caseloadChecker) crossTeam(u *model.ServiceUser) string {
	r := k.r
	if !r.Settings.CrossTeamPOOnly || !k.poOnly(u) || k.holds[u.Team][1] {
		return ""
	}
	home, ok := r.TeamIndex(u.Team)
	if !ok {
		return ""
	}
	best, bestKm := "", math.Inf(1)
	for i, t := range r.Teams {
		if i == home || r.AreaOfTeam(t.ID) != r.AreaOfTeam(u.Team) || !k.holds[t.ID][1] {
			continue
		}
		if km := k.baseKm(home, i); km < bestKm {
			best, bestKm = t.ID, km
		}
	}
	return best
}

// baseKm is the distance between two teams' base sites (0 if unknown).
func (k *caseloadChecker) baseKm(a, b int) float64 {
	r := k.r
	sa, okA := r.SiteIndex(r.Teams[a].Base)
	sb, okB := r.SiteIndex(r.Teams[b].Base)
	if !okA || !okB {
		return 0
	}
	return model.DistanceKm(r.Sites[sa].Lat, r.Sites[sa].Lon, r.Sites[sb].Lat, r.Sites[sb].Lon)
}

// checkUnheld checks caseload.json's unheld list against the cases
// nobody may hold.
func (k *caseloadChecker) checkUnheld() {
	listed := map[string]int{}
	for i, uc := range k.c.Summary.Unheld {
		at := fmt.Sprintf("%s: unheld[%d]", plan.CaseloadSummaryFile, i)
		listed[uc.ServiceUser]++
		ui, ok := k.r.ServiceUserIndex(uc.ServiceUser)
		switch {
		case !ok:
			k.add("caseload.unheld", at, "service user %q does not exist", uc.ServiceUser)
		case listed[uc.ServiceUser] > 1:
			k.add("caseload.unheld", at, "%s is listed twice", uc.ServiceUser)
		case k.placeable(&k.r.ServiceUsers[ui]):
			k.add("caseload.unheld", at, "%s is listed, yet someone may hold it", uc.ServiceUser)
		default:
			u := k.r.ServiceUsers[ui]
			if uc.Team != u.Team || uc.CaseManager != u.CaseManager || !strings.Contains(uc.Reason, "team "+u.Team) {
				k.add("caseload.unheld", at, "%s: team %q, case manager %q, reason %q; want team %s, case manager %q and a reason naming team %s",
					u.ID, uc.Team, uc.CaseManager, uc.Reason, u.Team, u.CaseManager, u.Team)
			}
		}
	}
	for i := range k.r.ServiceUsers {
		u := &k.r.ServiceUsers[i]
		if !k.placeable(u) && listed[u.ID] == 0 {
			k.add("caseload.unheld", model.FileServiceUsers+":"+strconv.Itoa(i+2), "%s: nobody in team %s may hold the case, and caseload.json does not list it as unheld", u.ID, u.Team)
		}
	}
}

// capBefore is practitioner id's capacity % before balancing.
func (k *caseloadChecker) capBefore(id string) float64 {
	pts := 0.0
	for u, su := range k.r.ServiceUsers {
		if su.CaseManager == id {
			pts += k.r.Points(u)
		}
	}
	if k.avail[id] <= 0 {
		return math.Inf(1)
	}
	return 100 * pts / k.avail[id]
}

// checkMoves applies the moves to after and returns the balance moves.
func (k *caseloadChecker) checkMoves() []plan.Move {
	var balance []plan.Move
	seen := map[string]bool{}
	capB := map[string]float64{}
	cb := func(id string) float64 {
		if v, ok := capB[id]; ok {
			return v
		}
		capB[id] = k.capBefore(id)
		return capB[id]
	}
	for i, mv := range k.c.Moves {
		at := where(plan.MovesFile, i)
		ui, ok := k.r.ServiceUserIndex(mv.ServiceUser)
		if !ok {
			k.add("caseload.move", at, "service user %q does not exist", mv.ServiceUser)
			continue
		}
		u := &k.r.ServiceUsers[ui]
		if seen[u.ID] {
			k.add("caseload.move", at, "%s is moved twice", u.ID)
			continue
		}
		seen[u.ID] = true
		if _, ok := k.prac(mv.To); !ok || mv.To == mv.From {
			k.add("caseload.move", at, "to %q is not a practitioner other than from", mv.To)
			continue
		}
		if mv.From != u.CaseManager {
			k.add("caseload.move", at, "from is %q; %s's case manager is %q", mv.From, u.ID, u.CaseManager)
		}
		if mv.Team != u.Team {
			k.add("caseload.move", at, "team is %q; %s is in %s", mv.Team, u.ID, u.Team)
		}
		if p := k.r.Points(ui); !closeTo(mv.Points, p) {
			k.add("caseload.move", at, "points %s; the case weighs %s", fmtNum(mv.Points), fmtNum(p))
		}
		k.after[u.ID] = mv.To
		switch rule, why := k.mayHold(u.CaseManager, u); {
		case u.CaseManager == "":
			if mv.Reason != "unallocated" {
				k.add("caseload.reason", at, "reason %q for an unallocated case; want unallocated", mv.Reason)
			}
		case rule != "":
			if !strings.HasPrefix(mv.Reason, "required: ") {
				k.add("caseload.reason", at, "reason %q; the move is required: the case %s", mv.Reason, why)
			}
		default:
			balance = append(balance, mv)
			var x, y float64
			if n, _ := fmt.Sscanf(mv.Reason, "balance: from %f%% to %f%%", &x, &y); n != 2 {
				k.add("caseload.reason", at, "reason %q is not \"balance: from X%% to Y%%\"", mv.Reason)
			} else if wx, wy := cb(mv.From), cb(mv.To); !math.IsInf(wy, 1) && (math.Abs(x-wx) > 0.05+eps || math.Abs(y-wy) > 0.05+eps) {
				k.add("caseload.reason", at, "reason %q; the capacities before are %.1f%% and %.1f%%", mv.Reason, wx, wy)
			}
		}
	}
	return balance
}

// checkAfter applies the rules to every case after balancing.
func (k *caseloadChecker) checkAfter() {
	for i := range k.r.ServiceUsers {
		u := &k.r.ServiceUsers[i]
		at := model.FileServiceUsers + ":" + strconv.Itoa(i+2)
		if !k.placeable(u) {
			if k.after[u.ID] != u.CaseManager {
				k.add("caseload.unplaced", at, "%s: nobody in team %s may hold the case, yet it moved to %s", u.ID, u.Team, k.after[u.ID])
			}
			continue
		}
		if rule, why := k.mayHold(k.after[u.ID], u); rule != "" {
			k.add(rule, at, "%s %s after balancing", u.ID, why)
		}
	}
}

func (k *caseloadChecker) checkCaps(balance []plan.Move) {
	s := k.r.Settings
	if s.MaxMoves > 0 && len(balance) > s.MaxMoves {
		k.add("caseload.max-moves", plan.MovesFile, "%d balance moves; max_moves is %d", len(balance), s.MaxMoves)
	}
	if s.MaxMovesPerPractice <= 0 {
		return
	}
	n := map[string]int{}
	for _, mv := range balance {
		n[mv.From]++
		n[mv.To]++
	}
	for _, pr := range k.r.Practitioners {
		if n[pr.ID] > s.MaxMovesPerPractice {
			k.add("caseload.max-moves-per-practitioner", plan.MovesFile, "%s has %d balance moves; max_moves_per_practitioner is %d",
				pr.ID, n[pr.ID], s.MaxMovesPerPractice)
		}
	}
}

func (k *caseloadChecker) loads(assign map[string]string) (map[string]float64, map[string]int) {
	pts, n := map[string]float64{}, map[string]int{}
	for u, su := range k.r.ServiceUsers {
		if id := assign[su.ID]; id != "" {
			pts[id] += k.r.Points(u)
			n[id]++
		}
	}
	return pts, n
}

// near compares a written figure (rounded to 2 decimals) with a recomputed
// one.
func near(got, want float64) bool { return math.Abs(got-want) <= 0.01+1e-6*math.Abs(want) }

func (k *caseloadChecker) checkRows(pB map[string]float64, nB map[string]int, pA map[string]float64, nA map[string]int) {
	s := k.r.Settings
	seen := map[string]bool{}
	for i, row := range k.c.Rows {
		at := where(plan.CaseloadFile, i)
		p, ok := k.r.PractitionerIndex(row.Practitioner)
		if !ok || !k.r.Practitioners[p].Grade.HoldsCases() {
			k.add("caseload.rows", at, "%q is not a PO or PSO", row.Practitioner)
			continue
		}
		if seen[row.Practitioner] {
			k.add("caseload.rows", at, "%s has two rows", row.Practitioner)
			continue
		}
		seen[row.Practitioner] = true
		pr := k.r.Practitioners[p]
		av := k.avail[pr.ID]
		bad := func(col string, got, want any) {
			k.add("caseload.rows", at, "%s: %s is %v, want %v", pr.ID, col, got, want)
		}
		if row.Team != pr.Team {
			bad("team", row.Team, pr.Team)
		}
		if row.Grade != string(pr.Grade) {
			bad("grade", row.Grade, pr.Grade)
		}
		for _, f := range []struct {
			col       string
			got, want float64
		}{
			{"hours", row.Hours, pr.ContractedHours},
			{"cases_before", float64(row.CasesBefore), float64(nB[pr.ID])},
			{"cases", float64(row.Cases), float64(nA[pr.ID])},
			{"points_before", row.PointsBefore, pB[pr.ID]},
			{"points", row.Points, pA[pr.ID]},
			{"available_points", row.AvailablePoints, av},
			{"target", row.Target, s.TargetCases * (pr.ContractedHours - pr.ReductionHours) / s.FullTimeHours},
			{"change", float64(row.Change), float64(nA[pr.ID] - nB[pr.ID])},
		} {
			if !near(f.got, f.want) {
				bad(f.col, fmtNum(f.got), fmtNum(f.want))
			}
		}
		for _, f := range []struct {
			col string
			got *float64
			pts float64
		}{{"capacity_before", row.CapacityBefore, pB[pr.ID]}, {"capacity", row.Capacity, pA[pr.ID]}} {
			switch {
			case av <= 0 && f.got != nil:
				bad(f.col, fmtNum(*f.got), "empty (no available points)")
			case av > 0 && f.got == nil:
				bad(f.col, "empty", fmtNum(100*f.pts/av))
			case av > 0 && !near(*f.got, 100*f.pts/av):
				bad(f.col, fmtNum(*f.got), fmtNum(100*f.pts/av))
			}
		}
	}
	for _, pr := range k.r.Practitioners {
		if pr.Grade.HoldsCases() && !seen[pr.ID] {
			k.add("caseload.rows", plan.CaseloadFile, "%s has no row", pr.ID)
		}
	}
}

// caseloadStats recomputes the capacity statistics over the POs and PSOs
// of pracs with available points.
func (k *caseloadChecker) caseloadStats(pracs []string, pts map[string]float64, n map[string]int) plan.CaseloadStats {
	var st plan.CaseloadStats
	var caps []float64
	var av float64
	for _, id := range pracs {
		st.Cases += n[id]
		st.Points += pts[id]
		if k.avail[id] <= 0 {
			continue
		}
		av += k.avail[id]
		caps = append(caps, 100*pts[id]/k.avail[id])
	}
	st.Practitioners = len(caps)
	if len(caps) == 0 {
		return st
	}
	st.Min, st.Max = math.Inf(1), math.Inf(-1)
	sum := 0.0
	for _, c := range caps {
		sum += c
		st.Min, st.Max = math.Min(st.Min, c), math.Max(st.Max, c)
		if c > 100 {
			st.Over100++
		}
		if c > 110 {
			st.Over110++
		}
	}
	st.Mean = sum / float64(len(caps))
	for _, c := range caps {
		st.StdDev += (c - st.Mean) * (c - st.Mean)
	}
	st.StdDev = math.Sqrt(st.StdDev / float64(len(caps)))
	st.Spread = st.Max - st.Min
	st.Overall = 100 * st.Points / av
	return st
}

func (k *caseloadChecker) compareStats(what string, got, want plan.CaseloadStats) {
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"practitioners", float64(got.Practitioners), float64(want.Practitioners)},
		{"cases", float64(got.Cases), float64(want.Cases)},
		{"points", got.Points, want.Points},
		{"overall", got.Overall, want.Overall},
		{"mean", got.Mean, want.Mean},
		{"min", got.Min, want.Min},
		{"max", got.Max, want.Max},
		{"spread", got.Spread, want.Spread},
		{"std_dev", got.StdDev, want.StdDev},
		{"over_100", float64(got.Over100), float64(want.Over100)},
		{"over_110", float64(got.Over110), float64(want.Over110)},
	} {
		if !near(f.got, f.want) {
			k.add("caseload.summary", plan.CaseloadSummaryFile, "%s.%s is %s, want %s", what, f.name, fmtNum(f.got), fmtNum(f.want))
		}
	}
}

// teamCounts are one team's recomputed counts.
type teamCounts struct {
	moves, required, allocs, unplaced, cases int
	points                                   float64
}

// countTeams recomputes each team's counts, and the cases held before.
func (k *caseloadChecker) countTeams(balance []plan.Move) (map[string]*teamCounts, int) {
	r := k.r
	byTeam := map[string]*teamCounts{}
	for _, t := range r.Teams {
		byTeam[t.ID] = &teamCounts{}
	}
	isBalance := map[string]bool{}
	for _, mv := range balance {
		isBalance[mv.ServiceUser] = true
	}
	held := 0
	for i := range r.ServiceUsers {
		u := &r.ServiceUsers[i]
		c := byTeam[u.Team]
		if c == nil {
			continue
		}
		c.cases++
		c.points += r.Points(i)
		if u.CaseManager != "" {
			held++
		}
		switch {
		case !k.placeable(u):
			c.unplaced++
		case isBalance[u.ID]:
			c.moves++
		case k.after[u.ID] == u.CaseManager:
		case u.CaseManager == "":
			c.allocs++
		default:
			c.required++
		}
	}
	return byTeam, held
}

// shortfalls are a team's shortfalls in FTE by the target measure and by
// the other (the cross-check).
func shortfalls(s model.Settings, cases int, points, fte, av float64) (target, crossCheck float64) {
	byCases := float64(cases)/s.TargetCases - fte
	byCapacity := points/(s.NominalPoints*s.TargetCapacity/100) - av/s.NominalPoints
	if s.TargetMeasure == model.TargetByCases {
		return byCases, byCapacity
	}
	return byCapacity, byCases
}

// checkTeam compares team t's summary line with the recomputed figures
// and returns its FTE and shortfalls.
func (k *caseloadChecker) checkTeam(t model.Team, c *teamCounts, line *plan.CaseloadTeam, pB map[string]float64, nB map[string]int, pA map[string]float64, nA map[string]int) (fte, short, cross float64) {
	r, s := k.r, k.r.Settings
	var av float64
	var members []string
	for p, pr := range r.Practitioners {
		if pr.Team == t.ID && pr.Grade.HoldsCases() {
			fte += r.FTE(p)
			av += k.avail[pr.ID]
			members = append(members, pr.ID)
		}
	}
	short, cross = shortfalls(s, c.cases, c.points, fte, av)
	want := plan.CaseloadTeam{Team: t.ID, Cases: c.cases, Points: c.points, Practitioners: len(members),
		FTE: fte, AvailableFTE: av / s.NominalPoints, ShortfallFTE: short, CrossCheckFTE: cross,
		MaxBefore: k.caseloadStats(members, pB, nB).Max, MaxAfter: k.caseloadStats(members, pA, nA).Max,
		Moves: c.moves, RequiredMoves: c.required, Allocations: c.allocs, Unplaced: c.unplaced}
	if fte > 0 {
		want.CasesPerFTE = float64(c.cases) / fte
	}
	if av > 0 {
		want.Reachable = 100 * c.points / av
	}
	if line == nil {
		return fte, short, cross
	}
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"cases", float64(line.Cases), float64(want.Cases)},
		{"points", line.Points, want.Points},
		{"practitioners", float64(line.Practitioners), float64(want.Practitioners)},
		{"fte", line.FTE, want.FTE},
		{"available_fte", line.AvailableFTE, want.AvailableFTE},
		{"cases_per_fte", line.CasesPerFTE, want.CasesPerFTE},
		{"shortfall_fte", line.ShortfallFTE, want.ShortfallFTE},
		{"cross_check_shortfall_fte", line.CrossCheckFTE, want.CrossCheckFTE},
		{"reachable_capacity", line.Reachable, want.Reachable},
		{"max_before", line.MaxBefore, want.MaxBefore},
		{"max_after", line.MaxAfter, want.MaxAfter},
		{"moves", float64(line.Moves), float64(want.Moves)},
		{"required_moves", float64(line.RequiredMoves), float64(want.RequiredMoves)},
		{"allocations", float64(line.Allocations), float64(want.Allocations)},
		{"unplaced", float64(line.Unplaced), float64(want.Unplaced)},
	} {
		if !near(f.got, f.want) {
			k.add("caseload.summary", plan.CaseloadSummaryFile, "team %s: %s is %s, want %s", t.ID, f.name, fmtNum(f.got), fmtNum(f.want))
		}
	}
	return fte, short, cross
}

func (k *caseloadChecker) checkSummary(balance []plan.Move, pB map[string]float64, nB map[string]int, pA map[string]float64, nA map[string]int) {
	r, sum := k.r, k.c.Summary
	var holders []string
	for _, pr := range r.Practitioners {
		if pr.Grade.HoldsCases() {
			holders = append(holders, pr.ID)
		}
	}
	k.compareStats("before", sum.Before, k.caseloadStats(holders, pB, nB))
	k.compareStats("after", sum.After, k.caseloadStats(holders, pA, nA))

	byTeam, held := k.countTeams(balance)
	var tot teamCounts
	var fteAll, shortAll, crossAll float64
	teamLine := map[string]plan.CaseloadTeam{}
	for _, t := range sum.Teams {
		teamLine[t.Team] = t
	}
	for _, t := range r.Teams {
		c := byTeam[t.ID]
		tot.moves += c.moves
		tot.required += c.required
		tot.allocs += c.allocs
		tot.unplaced += c.unplaced
		var line *plan.CaseloadTeam
		if l, ok := teamLine[t.ID]; ok {
			line = &l
		} else {
			k.add("caseload.summary", plan.CaseloadSummaryFile, "team %s has no line", t.ID)
		}
		fte, short, cross := k.checkTeam(t, c, line, pB, nB, pA, nA)
		fteAll += fte
		shortAll += math.Max(0, short)
		crossAll += math.Max(0, cross)
	}
	k.checkTotals(tot, fteAll, shortAll, crossAll)
	if sum.FromScratchMoves < 0 || sum.FromScratchMoves > held {
		k.add("caseload.summary", plan.CaseloadSummaryFile, "from_scratch_moves is %d, not between 0 and the %d cases held before", sum.FromScratchMoves, held)
	}
}

// checkTotals compares the summary's totals with the recomputed ones.
func (k *caseloadChecker) checkTotals(tot teamCounts, fteAll, shortAll, crossAll float64) {
	r, sum, s := k.r, k.c.Summary, k.r.Settings
	measure, other := model.TargetByCapacity, model.TargetByCases
	if s.TargetMeasure == model.TargetByCases {
		measure, other = other, measure
	}
	if sum.TargetMeasure != measure || sum.CrossCheckMeasure != other {
		k.add("caseload.summary", plan.CaseloadSummaryFile, "target_measure %q and cross_check_measure %q; want %q and %q",
			sum.TargetMeasure, sum.CrossCheckMeasure, measure, other)
	}
	casesPerFTE := 0.0
	if fteAll > 0 {
		casesPerFTE = float64(len(r.ServiceUsers)) / fteAll
	}
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"target_capacity", sum.TargetCapacity, s.TargetCapacity},
		{"target_cases", sum.TargetCases, s.TargetCases},
		{"moves", float64(sum.Moves), float64(tot.moves)},
		{"required_moves", float64(sum.RequiredMoves), float64(tot.required)},
		{"allocations", float64(sum.Allocations), float64(tot.allocs)},
		{"unplaced", float64(sum.Unplaced), float64(tot.unplaced)},
		{"cases_per_fte", sum.CasesPerFTE, casesPerFTE},
		{"shortfall_fte", sum.ShortfallFTE, shortAll},
		{"cross_check_shortfall_fte", sum.CrossCheckFTE, crossAll},
	} {
		if !near(f.got, f.want) {
			k.add("caseload.summary", plan.CaseloadSummaryFile, "%s is %s, want %s", f.name, fmtNum(f.got), fmtNum(f.want))
		}
	}
}
