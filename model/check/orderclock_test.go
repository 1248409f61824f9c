package check

import (
	"testing"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

// TestUrgency works the order's clock out by hand (week from Monday
// 2018-06-04, cap 3).
func TestUrgency(t *testing.T) {
	s := model.DefaultSettings()
	c := newChecker(&model.Region{Settings: s}, &plan.Plan{})
	for _, tc := range []struct {
		name        string
		hours, owed float64
		end         string
		want        float64
	}{
		{"no order end", 7, 70, "", 1},
		{"4 weeks left, 17.5 h a week needed", 7, 70, "2018-07-01", 2.5},
		{"4 weeks and a day: 5 weeks", 7, 70, "2018-07-02", 2},
		{"plenty of time", 7, 70, "2019-05-31", 1},
		{"last week: capped", 7, 70, "2018-06-10", 3},
		{"ended before the week: one week left, capped", 7, 70, "2018-05-01", 3},
		{"owed less than the week's hours", 7, 0, "2018-06-10", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := &model.Requirement{Kind: model.KindUnpaidWork, Hours: tc.hours, HoursOutstanding: tc.owed}
			if tc.end != "" {
				q.OrderEnd = model.MustDate(tc.end)
			}
			if got := c.urgency(q); !closeTo(got, tc.want) {
				t.Errorf("urgency = %g, want %g", got, tc.want)
			}
		})
	}
}
