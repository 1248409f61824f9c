package scenario

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/caseload"
)

// countAffected counts the rows and the people of affected.csv.
func countAffected(rows []Affected) AffectedCounts {
	c := AffectedCounts{PeopleByEffect: map[string]int{}, RowsByEffect: map[string]int{}, RowsByWhat: map[string]int{}}
	worst := map[string]int{}
	travel := map[string]float64{}
	for _, a := range rows {
		c.Rows++
		c.RowsByEffect[a.Effect]++
		c.RowsByWhat[a.What]++
		rank := slices.Index(effectRank, a.Effect)
		if w, ok := worst[a.ServiceUser]; !ok || rank < w {
			worst[a.ServiceUser] = rank
		}
		if a.TravelBefore != nil {
			travel[a.ServiceUser] -= *a.TravelBefore
		}
		if a.TravelAfter != nil {
			travel[a.ServiceUser] += *a.TravelAfter
		}
	}
	c.People = len(worst)
	for _, w := range worst {
		c.PeopleByEffect[effectRank[w]]++
	}
	for _, t := range travel {
		if t > 1e-9 {
			c.TravelGrows++
			c.TravelGrowsMax = max(c.TravelGrowsMax, round2(t))
		}
	}
	return c
}

// headline is the report in a few lines, as `rota scenario` prints it.
func (rep *Report) headline() []string {
	s := &rep.Summary
	a := s.Affected
	var lines []string
	if a.People == 0 {
		l := s.Description + ": nobody affected"
		if rep.Unchanged {
			l += " (the changes leave the data as it was)"
		}
		lines = append(lines, l)
	} else {
		var parts []string
		verbs := map[string]string{
			EffectMovesSite: "move site", EffectMovesTime: "move day or slot",
			EffectNewManager: "change case manager", EffectGains: "gain something",
		}
		for _, e := range []string{EffectMovesSite, EffectMovesTime, EffectNewManager, EffectLoses, EffectGains} {
			n := a.PeopleByEffect[e]
			switch {
			case n == 0:
			case e == EffectLoses:
				parts = append(parts, fmt.Sprintf("%d lose %s", n, lostWhat(rep.Affected)))
			default:
				parts = append(parts, fmt.Sprintf("%d %s", n, verbs[e]))
			}
		}
		lines = append(lines, fmt.Sprintf("%s: %d %s affected: %s", s.Description, a.People, plural(a.People, "person", "people"), strings.Join(parts, ", ")))
	}
	d := func(name string) float64 { k, _ := rep.KPI(name); return k.Delta }
	lines = append(lines, fmt.Sprintf("unmet appointments %s, unmet sessions %s, unmet hours %s; mean travel %s km, longest %s km",
		Signed(d("unmet_appointments")), Signed(d("unmet_sessions")), Signed(d("unmet_hours")),
		Signed(d("travel_km_mean")), Signed(d("travel_km_max"))))
	if rep.Baseline.Balance != nil && rep.Scenario.Balance != nil {
		b, sc := rep.Baseline.Balance.Summary, rep.Scenario.Balance.Summary
		if l := unheldLine(sc.Unheld, len(b.Unheld)); l != "" {
			lines = append(lines, l)
		}
		lines = append(lines, fmt.Sprintf("caseload: capacity std dev %.1f → %.1f, spread %.1f → %.1f, over 110%% %d → %d; balance moves %d → %d, allocations %d → %d",
			b.After.StdDev, sc.After.StdDev, b.After.Spread, sc.After.Spread, b.After.Over110, sc.After.Over110,
			b.Moves, sc.Moves, b.Allocations, sc.Allocations))
	}
	lines = append(lines, fmt.Sprintf("baseline %s (gap %.2f%%), scenario %s (gap %.2f%%); rota check: %s and %s",
		s.Baseline.Status, 100*s.Baseline.Gap, s.Scenario.Status, 100*s.Scenario.Gap,
		violations(s.Baseline.Violations), violations(s.Scenario.Violations)))
	for _, n := range rep.Notes {
		lines = append(lines, "note: "+n)
	}
	return lines
}

// lostWhat names the kinds of thing lost, each with the commonest reason
// of its losses: "a session (no facilitator with the skill free)", "an
// appointment (…) or a session (…)".
func lostWhat(rows []Affected) string {
	names := map[string]string{"appointment": "an appointment", plan.KindSession: "a session", plan.KindWorkParty: "a work party"}
	var kinds []string
	for _, k := range []string{"appointment", plan.KindSession, plan.KindWorkParty} {
		if slices.ContainsFunc(rows, func(a Affected) bool { return a.Effect == EffectLoses && a.What == k }) {
			kinds = append(kinds, names[k]+commonReason(rows, k))
		}
	}
	if len(kinds) < 2 {
		return strings.Join(kinds, "")
	}
	return strings.Join(kinds[:len(kinds)-1], ", ") + " or " + kinds[len(kinds)-1]
}

// commonReason gives " (reason)" for the commonest reason of losses of
// kind what, up to its first ";" (the rest is in affected.csv).
func commonReason(rows []Affected, what string) string {
	n := map[string]int{}
	best := ""
	for _, a := range rows {
		if a.Effect != EffectLoses || a.What != what {
			continue
		}
		r, _, _ := strings.Cut(a.Reason, ";")
		n[r]++
		if best == "" || n[r] > n[best] || (n[r] == n[best] && r < best) {
			best = r
		}
	}
	if best == "" {
		return ""
	}
	return " (" + best + ")"
}

// unheldLine says how many cases nobody in their team may hold in the
// scenario, by team, with the commonest reason; "" when none.
func unheldLine(unheld []caseload.UnheldCase, before int) string {
	if len(unheld) == 0 {
		return ""
	}
	byTeam := map[string]int{}
	reason := map[string]string{}
	var teams []string
	for _, uc := range unheld {
		if byTeam[uc.Team] == 0 {
			teams = append(teams, uc.Team)
			r, _, _ := strings.Cut(uc.Reason, "; po_only")
			r, _, _ = strings.Cut(r, "; PO-only")
			reason[uc.Team] = r
		}
		byTeam[uc.Team]++
	}
	parts := make([]string, len(teams))
	for i, t := range teams {
		parts[i] = fmt.Sprintf("%s %d (%s)", t, byTeam[t], reason[t])
	}
	return fmt.Sprintf("cases with no case manager: %d (baseline %d), nobody in their team may hold them: %s; reasons in affected.csv and scenario/caseload.json",
		len(unheld), before, strings.Join(parts, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func violations(n int) string {
	return strconv.Itoa(n) + " " + plural(n, "violation", "violations")
}

// Signed gives x, rounded to hundredths, with its sign: "+8", "-1.4", "0".
func Signed(x float64) string {
	x = round2(x)
	if x == 0 {
		return "0"
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if x > 0 {
		s = "+" + s
	}
	return s
}

// WriteDir writes the report into dir: affected.csv, kpis.csv and
// summary.json, and each side's full rota folder (as `rota solve` writes
// it, caseload files included when balanced) with its data folder, under
// baseline/ and scenario/. Every file is written atomically, so
// `rota check --data DIR/scenario/data --rota DIR/scenario` verifies the
// scenario (and likewise the baseline).
func (rep *Report) WriteDir(dir string) error {
	for _, side := range []struct {
		name string
		sd   *Side
	}{{BaselineDir, rep.Baseline}, {ScenarioDir, rep.Scenario}} {
		sub := filepath.Join(dir, side.name)
		if err := side.sd.Result.Plan.WriteDir(sub); err != nil {
			return err
		}
		if side.sd.Balance != nil {
			if err := side.sd.Balance.WriteDir(sub); err != nil {
				return err
			}
		} else {
			for _, n := range []string{caseload.CaseloadFile, caseload.MovesFile, caseload.SummaryFile} {
				os.Remove(filepath.Join(sub, n)) // a stale file would describe another run
			}
		}
		data := filepath.Join(sub, DataDir)
		if old, err := filepath.Glob(filepath.Join(data, "*.csv")); err == nil {
			for _, f := range old {
				if _, ok := side.sd.Files[filepath.Base(f)]; !ok {
					os.Remove(f)
				}
			}
		}
		if err := writeFiles(data, side.sd.Files); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		name string
		rows any
	}{{AffectedFile, rep.Affected}, {KPIFile, rep.KPIs}} {
		b, err := plan.EncodeCSV(f.rows)
		if err != nil {
			return fmt.Errorf("scenario: %s: %w", f.name, err)
		}
		if err := plan.WriteFileAtomic(filepath.Join(dir, f.name), b); err != nil {
			return fmt.Errorf("scenario: %w", err)
		}
	}
	b, err := json.MarshalIndent(rep.Summary, "", "  ")
	if err != nil {
		return fmt.Errorf("scenario: %s: %w", SummaryFile, err)
	}
	if err := plan.WriteFileAtomic(filepath.Join(dir, SummaryFile), append(b, '\n')); err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	return nil
}
