package check

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// Violation is one broken rule of a written rota.
type Violation struct {
	Rule  string // stable rule id, e.g. "staff.one-site-a-day"; see the package documentation
	Where string // "FILE:LINE" of the offending row (line 1 is the header), or a file or id
	Msg   string // what is wrong, with the figures involved
}

// String gives "rule: where: msg".
func (v Violation) String() string { return v.Rule + ": " + v.Where + ": " + v.Msg }

// Report is the outcome of Check: every violation found, sorted by file,
// line and rule, and the objective terms and coverage recomputed from the
// input and the rota alone.
type Report struct {
	Violations []Violation
	Terms      plan.Terms
	Objective  float64
	Coverage   plan.Coverage
}

// OK reports whether the rota broke no rule.
func (rep *Report) OK() bool { return len(rep.Violations) == 0 }

// Rules lists every rule id Check may report, in the order of the package
// documentation.
func Rules() []string { return slices.Clone(ruleIDs) }

// Check verifies a written rota p against the week's input r: every hard
// rule, the consistency of the files with one another, and summary.json's
// objective, terms and coverage against values recomputed here. It never
// modifies r or p. Check does not use the solver; it trusts nothing the
// rota says that it can recompute. r should come from model.Load (Check
// applies the loader's defaults itself where it needs them); r and p must
// not be nil.
func Check(r *model.Region, p *plan.Plan) *Report { return run(r, p, nil) }

// run is Check, and with last week's rota prev, CheckPrevious.
func run(r *model.Region, p, prev *plan.Plan) *Report {
	c := newChecker(r, p)
	c.prev = prev
	c.parse()
	c.checkFiles()
	c.checkStaff()
	c.checkAppointments()
	c.checkSessions()
	c.checkAttendance()
	c.checkOneCohort() // cohort.go
	c.checkParties()
	c.checkOccupancy()
	c.checkTimes()
	c.checkAway()
	c.checkUnmet()
	c.checkStaffRules()
	c.checkContinuity() // before checkSummary, which adds up the terms
	c.checkPins()
	c.checkGroups() // groups.go
	c.checkSummary()
	c.vs = sortViolations(c.vs)
	return &Report{Violations: c.vs, Terms: c.terms, Objective: c.terms.Sum(), Coverage: c.cov}
}

// eps is the tolerance for hours and minutes compared as floats.
const eps = 1e-6

// close reports whether a and b agree within a relative and absolute
// tolerance of 1e-6.
func closeTo(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6+1e-6*math.Max(math.Abs(a), math.Abs(b))
}

// where gives "file:line" for row i (0-based) of a CSV file with a header.
func where(file string, i int) string { return file + ":" + strconv.Itoa(i+2) }

func (c *checker) add(rule, at, format string, args ...any) {
	c.vs = append(c.vs, Violation{Rule: rule, Where: at, Msg: fmt.Sprintf(format, args...)})
}

// sortKey splits Where into a file and a line (0 when it has none).
func sortKey(w string) (string, int) {
	if i := strings.LastIndexByte(w, ':'); i >= 0 {
		if n, err := strconv.Atoi(w[i+1:]); err == nil {
			return w[:i], n
		}
	}
	return w, 0
}

// fileOrder puts the rota's files in the order a reader meets them.
var fileOrder = map[string]int{
	plan.StaffFile: 1, plan.AppointmentsFile: 2, plan.SessionsFile: 3,
	plan.AttendanceFile: 4, plan.UnmetFile: 5, plan.SummaryFile: 6, model.FileRequirements: 7,
	plan.GroupSessionsFile: 8, plan.GroupsFile: 9,
}

func sortViolations(vs []Violation) []Violation {
	slices.SortStableFunc(vs, func(a, b Violation) int {
		fa, la := sortKey(a.Where)
		fb, lb := sortKey(b.Where)
		if oa, ob := fileOrder[fa], fileOrder[fb]; oa != ob {
			if oa == 0 {
				return 1
			}
			if ob == 0 {
				return -1
			}
			return oa - ob
		}
		if fa != fb {
			return strings.Compare(fa, fb)
		}
		if la != lb {
			return la - lb
		}
		if a.Rule != b.Rule {
			return strings.Compare(a.Rule, b.Rule)
		}
		return strings.Compare(a.Msg, b.Msg)
	})
	// The same finding reached twice (for instance a conflict seen from
	// both of its rows' sides) is reported once.
	out := vs[:0]
	for _, v := range vs {
		if len(out) > 0 && v == out[len(out)-1] {
			continue
		}
		out = append(out, v)
	}
	return out
}
