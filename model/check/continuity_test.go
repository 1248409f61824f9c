package check

import (
	"slices"
	"strings"
	"testing"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// continuityMutations break the continuity rules: summary.json states the
// changes from last week's rota, and last week's rota is edited so that
// they are wrong.
func continuityMutations() []mutation {
	return []mutation{
		{name: "last week u1 was seen on another weekday", want: "continuity.counts",
			also: []string{"continuity.term", "summary.objective"}, // one moved appointment is priced
			previous: func(t *testing.T, prev *plan.Plan) {
				a := apptOf(t, prev, "u1")
				a.Date, a.Weekday = wed, "wed"
			}},
		{name: "last week u1 was seen at another site, same weekday", want: "continuity.counts",
			also:     []string{"continuity.term", "summary.objective"},
			previous: func(t *testing.T, prev *plan.Plan) { apptOf(t, prev, "u1").Site = "far" }},
		{name: "last week p4 worked elsewhere on Monday", want: "continuity.counts",
			also: []string{"continuity.term", "summary.objective"}, // one practitioner-day priced
			previous: func(t *testing.T, prev *plan.Plan) {
				for i := range prev.Staff {
					if s := &prev.Staff[i]; s.Practitioner == "p4" && s.Date == mon {
						s.Site = "far"
					}
				}
			}},
		{name: "a person last week who is not in the input", want: "continuity.counts",
			previous: func(t *testing.T, prev *plan.Plan) {
				prev.Appointments = append(prev.Appointments, plan.Appointment{ServiceUser: "gone", Site: "city", Date: mon, Weekday: "mon", Slot: "morning"})
			}},
		{name: "u4, seen two weeks ago, not carried into regular.csv", want: "continuity.regular",
			previous: func(t *testing.T, prev *plan.Plan) {
				prev.Regular = append(prev.Regular, plan.RegularRow{ServiceUser: "u4", Date: "2018-05-29", Weekday: "tue", Slot: "morning", Site: "city"})
			}},
		{name: "a person who left carried into regular.csv", want: "continuity.regular",
			output: func(t *testing.T, p *plan.Plan) {
				p.Regular = append(p.Regular, plan.RegularRow{ServiceUser: "gone", Date: "2018-05-29", Weekday: "tue", Slot: "morning", Site: "city"})
			},
			previous: func(*testing.T, *plan.Plan) {}},
		{name: "unmet hours priced without the order's clock", want: "summary.terms.unmet_hours",
			input: func(t *testing.T, f files) {
				// u8 owes 140 hours by the week's Sunday: urgency 3.
				lines := f.lines(model.FileRequirements)
				for i := range lines {
					switch {
					case i == 0:
						lines[i] += ",hours_outstanding,order_end"
					case strings.HasPrefix(lines[i], "u8,"):
						lines[i] += ",140,2018-06-10"
					default:
						lines[i] += ",,"
					}
				}
				f.setLines(model.FileRequirements, lines)
			},
			sum: func(s *plan.Summary) { s.Terms.UnmetHours /= 3 }},
		{name: "continuity term misstated", want: "continuity.term",
			previous: func(*testing.T, *plan.Plan) {},
			sum:      func(s *plan.Summary) { s.Terms.Continuity = 5 }},
	}
}

// lastWeek is a copy of the valid rota p, as last week's, when want.
func lastWeek(p *plan.Plan, want bool) *plan.Plan {
	if !want {
		return nil
	}
	return &plan.Plan{Staff: slices.Clone(p.Staff), Appointments: slices.Clone(p.Appointments)}
}

// checkMutated applies m's summary and last-week edits and checks p: with
// last week's rota when m has one, its counts stated in summary.json as
// they were before the edit.
func checkMutated(t *testing.T, r *model.Region, p, prev *plan.Plan, m mutation) *Report {
	t.Helper()
	if prev != nil {
		c := continuityCount(p, prev)
		p.Summary.Continuity = &c
		extra := p.Regular // a mutation's rows
		p.Regular = append(plan.RegularOf(&plan.Plan{Appointments: p.Appointments}), extra...)
	}
	if m.sum != nil {
		m.sum(&p.Summary)
	}
	if prev == nil {
		return Check(r, p)
	}
	m.previous(t, prev)
	return CheckPrevious(r, p, prev)
}

func apptOf(t *testing.T, p *plan.Plan, user string) *plan.Appointment {
	t.Helper()
	for i := range p.Appointments {
		if p.Appointments[i].ServiceUser == user {
			return &p.Appointments[i]
		}
	}
	t.Fatalf("no appointment of %s", user)
	return nil
}

// TestContinuityValid: the valid rota against itself as last week's keeps
// everything, and against a last week with u1 on another weekday, counts
// that move, with no violation when summary.json says so.
func TestContinuityValid(t *testing.T) {
	r := load(t, nil)
	p := baseline()
	derive(r, p)
	summarize(r, p)
	prev := lastWeek(p, true)
	c := continuityCount(p, prev)
	if c.Regular == 0 || c.Kept != c.Regular || c.StaffMoved != 0 || c.KeptShare != 1 {
		t.Fatalf("against itself: %+v, want every appointment kept", c)
	}
	p.Summary.Continuity = &c
	p.Regular = plan.RegularOf(p)
	if rep := CheckPrevious(r, p, prev); !rep.OK() {
		t.Errorf("against itself: %v", rep.Violations)
	}
	a := apptOf(t, prev, "u1")
	a.Date, a.Weekday = wed, "wed"
	c = continuityCount(p, prev)
	if got, want := c.Regular-c.Kept, 1; got != want {
		t.Fatalf("moved %d, want %d (%+v)", got, want, c)
	}
	if c.MovedWeekday != 1 {
		t.Errorf("moved_weekday %d, want 1", c.MovedWeekday)
	}
	p.Summary.Continuity = &c
	p.Summary.Terms.Continuity = r.Settings.Weights.PreviousAppointment
	p.Summary.Objective += p.Summary.Terms.Continuity
	p.Summary.Bound = p.Summary.Objective
	if rep := CheckPrevious(r, p, prev); !rep.OK() {
		t.Errorf("u1 moved: %v", rep.Violations)
	}
	if rep := Check(r, p); !rep.OK() {
		t.Errorf("without last week's rota, the term as given: %v", rep.Violations)
	}
}
