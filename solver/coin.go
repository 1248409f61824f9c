package solver

import "github.com/probation/rota/solver/coin"

// defaultSolve is COIN-OR Cbc through the project's binding.
var defaultSolve = coin.SolveMIP
