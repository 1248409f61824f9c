package main

import (
	"context"
	"fmt"
	"time"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/report"
)

// openOutput checks the --out folder before any long work and starts its
// new contents (see plan.Folder): a folder that cannot be written, or a
// disk without room for the rota, fails here with exit code 2, not after
// the solve.
func openOutput(dir string, r *model.Region) (*plan.Folder, error) {
	f, err := plan.NewFolder(dir, outputSize(r), report.HTMLFile, report.CalendarsDir+"/")
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("rota: %w", err)}
	}
	return f, nil
}

// outputSize is a generous estimate of a rota folder's size: 25,000
// generated cases wrote 2.4 MB of rota and 0.3 MB of caseload files.
func outputSize(r *model.Region) int64 {
	return 1<<20 + 256*int64(len(r.ServiceUsers)+len(r.Requirements)) + 4096*int64(len(r.Practitioners))
}

// budget is --time-limit for the whole command, balancing, planning and
// writing included: balancing may take half of it, the week what is left.
// A zero limit means none.
type budget struct {
	start time.Time
	limit time.Duration
}

func newBudget(limit time.Duration) budget { return budget{start: time.Now(), limit: limit} }

// balanceContext ends balancing at half the limit.
func (b budget) balanceContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if b.limit <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithDeadline(ctx, b.start.Add(b.limit/2))
}

// weekLimit is the solver's time limit: what is left of the limit, at
// least a second.
func (b budget) weekLimit() time.Duration {
	if b.limit <= 0 {
		return 0
	}
	return max(b.limit-b.limit/writeShare-time.Since(b.start), time.Second)
}

// writeShare: the week ends 1/writeShare of the limit before it, left for
// the solver's return and the rota's writing (at 25,000 generated cases
// about 1 s; 2.4 s of a 60 s limit), so the command ends within the limit.
const writeShare = 25

// weekContext stops the solver at the end of the limit at the latest: its
// own limit is shared among its steps and does not count building the
// model, so the context is what holds the command to it. The solver's
// return and the write then take the last 1/writeShare of the limit.
func (b budget) weekContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if b.limit <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithDeadline(ctx, b.start.Add(b.limit-b.limit/writeShare))
}
