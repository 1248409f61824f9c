// Package mip describes mixed-integer linear programmes and the results of
// solving them, independently of any particular solver.
//
// A [Problem] is
//
//	minimise (or maximise)   Offset + Σ_j Cost_j·x_j
//	subject to               Row_i.Lo ≤ Σ_j a_ij·x_j ≤ Row_i.Hi   for every row i
//	                         Col_j.Lo ≤ x_j ≤ Col_j.Hi            for every column j
//	                         x_j integer                          where Col_j.Integer
//
// Bounds may be infinite (math.Inf); a row with Lo == Hi is an equality, a row
// with both bounds infinite is free. Columns are added with [Problem.AddCol]
// and rows, with their coefficients, with [Problem.AddRow]; the matrix is kept
// sparse and handed to solvers in compressed sparse column form
// ([Problem.CSC]). [Problem.WriteMPS] writes a free-format MPS file that the
// cbc, glpsol --freemps and HiGHS programs read, so any model can be re-solved
// outside this program. [Problem.Check] verifies a solution independently of
// the solver that produced it.
//
// # Solving
//
// This package holds no solver. The COIN-OR binding in package
// github.com/probation/rota/solver/coin provides SolveMIP (Cbc) and SolveLP
// (Clp), both of type [SolveFunc], taking [Options] and returning a [Result].
//
// # Statuses
//
// A solve ends in one of these [Status] values; infeasibility and
// unboundedness are results, not errors:
//
//   - [Optimal]: the solution is proven optimal within Options.Gap.
//   - [Feasible]: the solve stopped early, on the time limit or because the
//     context was cancelled, and Result.X holds the best solution found.
//     Result.Stop says which; Result.Bound and Result.Gap say how good it is.
//   - [Infeasible]: no solution satisfies the constraints.
//   - [Unbounded]: the objective can improve without limit (for a MIP this is
//     what the solver proved of the continuous relaxation).
//   - [NoSolution]: the solve stopped early, as for Feasible, before any
//     solution was found.
//   - [Abandoned]: the solver gave up, for instance on numerical trouble.
//
// Result.Stop ([StopReason]) records why a solve ended early, so a cancelled
// solve that had an incumbent reads Status == Feasible, Stop == StopCancelled.
// [Status.HasSolution] reports whether Result.X is meaningful.
//
// # Gap
//
// Result.Gap is the relative gap |Objective − Bound| / max(1e-9, |Objective|),
// where Objective includes Problem.Offset and Bound is the best proven bound
// on the objective in the problem's own sense (a lower bound when minimising,
// an upper bound when maximising). It is 0 for an LP solved to optimality and
// +Inf when there is no solution. Options.Gap is the solver's own stopping
// test, close to this but not identical (Cbc's ignores Problem.Offset; see
// package coin), so a result may be Optimal with a Gap slightly above
// Options.Gap when the offset is large.
//
// # Thread safety
//
// A Problem is not safe for concurrent mutation, but any number of goroutines
// may read it, and solve it, at the same time once it is built. Results are
// plain values owned by the caller.
package mip
