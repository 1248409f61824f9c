// Package coin solves mip.Problems with COIN-OR Cbc (branch and cut) and Clp
// (simplex), the Debian 12 builds (Cbc 2.10.8, Clp 1.17.6), through cgo. It is
// the only package in the project that imports "C".
//
// [SolveMIP] runs Cbc's standard driver (the code behind the cbc program,
// with its default presolve, cuts and heuristics) and [SolveLP] Clp's
// initialSolve; both have the signature mip.SolveFunc. SolveMIP hands a
// problem without integer columns to Clp, as Cbc would leave it unsolved. A
// problem with no columns, or with a lower bound above an upper bound, is
// answered without calling a solver.
//
// # Results
//
// Outcomes are mip.Status values (see package mip): infeasible and
// unbounded problems are results, not errors. Errors are for misuse (a nil
// or invalid problem, bad options, a MIP start of the wrong length), a
// context cancelled before the solve started, and C++ exceptions caught at
// the boundary. A context cancelled or expiring during a solve stops it
// within a few tens of milliseconds and returns the best solution found:
// Status Feasible (or NoSolution) and Stop mip.StopCancelled, with a nil
// error. An LP stopped early reports NoSolution.
//
// Integer columns whose values are within 1e-6 of an integer are rounded;
// Result.Objective and Result.RowActivity are recomputed from the returned X
// (Problem.Evaluate and Problem.Activity), so they describe exactly the X
// returned. LP Duals and ReducedCosts are in the problem's own sense (see
// mip.Result).
//
// # Options
//
//   - TimeLimit is wall-clock time (Cbc's timeMode elapsed; Clp is checked
//     at each iteration). Time spent waiting for another solve (see below)
//     does not count; a context deadline does.
//   - Gap is Cbc's ratioGap: Cbc stops when (incumbent − bound) is within
//     Gap times the larger of their magnitudes, Problem.Offset excluded, and
//     the result is then Optimal.
//   - Threads is Cbc's threads parameter; Seed sets randomSeed and
//     randomCbcSeed. Both are ignored by SolveLP.
//   - Start is passed to Cbc as a MIP start naming every column (Cbc
//     discards a start that leaves out an integer column). Cbc checks it
//     and says in the log whether it could use it ("MIPStart provided
//     solution with cost …").
//   - Progress receives each improved incumbent of the main search (not of
//     Cbc's internal sub-searches), forwarded every 20 ms by a watcher
//     goroutine; every call has returned when SolveMIP returns.
//   - Log receives Cbc's or Clp's log (log level 1) as it is written.
//
// # Output
//
// Cbc and Clp print to C's stdout, some lines even at log level 0. During a
// solve the binding points the C library's stdout (the FILE*, not file
// descriptor 1) at a pipe copied to Options.Log, or at /dev/null when Log is
// nil, and flushes it afterwards. Go's os.Stdout is untouched; other C code
// printing to stdout during a solve would be captured too.
//
// # Concurrency
//
// Cbc is not safe to run concurrently, even on separate models, and its
// driver keeps static state. Every solve in the process therefore takes a
// package-level semaphore, waiting for it in a way that honours the context:
// the functions are safe to call from many goroutines, but solves run one
// at a time (each may use Options.Threads threads). Run processes for
// parallel solves.
//
// # Signals
//
// The program's handlers for SIGINT, SIGTERM and SIGHUP stay in force
// during every call, so that os/signal sees Ctrl-C while Cbc or Clp runs.
// Clp's initialSolve installs a SIGINT handler of its own unless told not
// to (ClpSolve special option 2, which both SolveLP and Cbc's first LP
// set): Ctrl-C then only stopped that LP ("Clp0003I Stopped"), and Go's
// runtime can abort on a handler installed without SA_ONSTACK. Cbc's
// driver runs through the five-argument CbcMain1, which installs none. As
// a safety net, the shim compares the handlers with the program's at the
// solver's events and puts back any other.
//
// # Memory
//
// Each call builds and frees its own solver objects: C handles never leave
// the call and no finalizers are used. Problem data is passed as pinned Go
// slices for the duration of the call, and the solver copies its answers
// into Go slices before its objects are freed.
//
// # Builds without cgo
//
// Without cgo the package still compiles: [Available] reports false and the
// solve functions return mip.ErrUnavailable.
package coin
