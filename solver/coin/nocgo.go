//go:build !cgo

package coin

import (
	"context"

	"github.com/probation/rota/solver/mip"
)

// Available reports whether the COIN-OR solvers are linked in: false in a
// build without cgo.
func Available() bool { return false }

// SolveMIP returns mip.ErrUnavailable in a build without cgo.
func SolveMIP(ctx context.Context, p *mip.Problem, opt mip.Options) (*mip.Result, error) {
	return nil, mip.ErrUnavailable
}

// SolveLP returns mip.ErrUnavailable in a build without cgo.
func SolveLP(ctx context.Context, p *mip.Problem, opt mip.Options) (*mip.Result, error) {
	return nil, mip.ErrUnavailable
}
