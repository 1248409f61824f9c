package solver

import "github.com/probation/rota/solver/coin"

// defaultSolve is COIN-OR Cbc through the project's binding.
var (
	defaultSolve = coin.SolveMIP
	solveLP      = coin.SolveLP
)

// cbcArgs tune Cbc for the weekly model. Its preprocessing spends the whole
// time limit on the county without producing a model (measured: 67 s on
// the embedded sample), while the root LP takes about 1 s, so it is off.
var cbcArgs = []string{"-preprocess", "off"}
