package solver_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/solver"
	"github.com/probation/rota/solver/coin"
	"github.com/probation/rota/solver/mip"
)

// TestApartLinksTheGroup: a pair who must not meet is kept apart by
// Σ theirs ≤ r[o] (or w[j,d]) in a group that meets at most once, not by
// Σ theirs ≤ 1. The integer points are the same; the LP is not: with ≤ 1
// the relaxation ran a group that the pair leaves too small at half and
// seated everyone half in it. Here six people could join each group, each
// needs six, and two of each six must not meet: no group can meet, and the
// weekly model's LP must see that (its bound equals the optimum).
func TestApartLinksTheGroup(t *testing.T) {
	for _, tt := range []struct {
		name string
		w    func() world
	}{
		{"session", func() world {
			return newWorld().set("slots", "morning:09:00-12:30").add(fIvs, "id=g min_group=6").
				users(6, "u", "", "kind=intervention intervention=g").
				add(fNAs, "service_user_a=u1 service_user_b=u2")
		}},
		{"work party", func() world {
			return newWorld().set("slots", "morning:09:00-12:30").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				add(fProjects, "id=j1 places=2").
				users(2, "w", "", "kind=unpaid_work hours=7").
				add(fNAs, "service_user_a=w1 service_user_b=w2")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := model.Load(tt.w().fs())
			if err != nil {
				t.Fatal(err)
			}
			p, err := solver.Model(r)
			if err != nil {
				t.Fatal(err)
			}
			lp, err := coin.SolveLP(context.Background(), p, mip.Options{})
			if err != nil || lp.Status != mip.Optimal {
				t.Fatalf("LP: %v %v", lp, err)
			}
			res := solveAndCheck(t, r, solver.Options{TimeLimit: 20 * time.Second, Gap: 1e-9, Seed: 1})
			if got := res.Plan.Summary.SessionsRun + res.Plan.Summary.WorkParties; got != 0 {
				t.Errorf("%d groups meet, want none", got)
			}
			if math.Abs(lp.Objective-res.Plan.Summary.Objective) > 1e-6*math.Max(1, res.Plan.Summary.Objective) {
				t.Errorf("LP bound %.4f, optimum %.4f: the LP runs a group the pair leaves too small", lp.Objective, res.Plan.Summary.Objective)
			}
		})
	}
}
