// Package benchmarks measures rota at the sizes it is meant for (500 to
// 25,000 cases, synthetic regions of package synth with seed 1): model
// building, solving (every plan re-verified by model/check), and caseload
// balancing, as Go benchmarks; peers.sh runs the same exported MPS through
// the cbc program, GLPK and HiGHS. README.md has the commands and the
// figures last measured.
package benchmarks
