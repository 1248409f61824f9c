package model

// limits bound every setting and number column, so that whatever a folder
// holds, the solvers see numbers they handle: no product of them
// overflows, and the objective's coefficients stay within about 10^6 of
// each other (COIN-OR's tolerances are 1e-7 to 1e-9 relative; a weight of
// 1e26 beside one of 0.2 stopped Cbc on an assertion).
//
// The weekly objective prices a unit left unmet at weight × priority ×
// tier factor (1/3 … 5/3 × 0.8 … 2.4), a km at weight.travel_km × km
// (km ≤ max_travel_km), and sessions and pattern changes at their weights:
// with weights 0 or 0.001 … 1000 and at most 200 km its coefficients lie
// in about 3e-4 … 2e5. Balancing prices a case at 100 × points ÷ available
// points, with points ≤ 1000 and available points at least nominal_points
// (≥ 100) × 0.5 h ÷ full_time_hours (≤ 48), so ≤ 1e5, beside
// move_penalty ≤ 1000. Counts (rooms, seats, group sizes, moves) are
// capped far above any real service, and below what makes the products
// of the model's rows overflow.
var limits = struct {
	travelKm, targetCases, capacity, nominalLo, nominalHi, points, weight, weightLo float64
	minHoursLeft, hoursOutstanding                                                  float64
	moves, rooms, seats, group, staff, sessions                                     int
}{
	travelKm:         200,
	targetCases:      1000,
	capacity:         1000,
	nominalLo:        100,
	nominalHi:        10000,
	points:           1000,
	weight:           1000,
	weightLo:         0.001,
	minHoursLeft:     0.5,
	hoursOutstanding: 10000,
	moves:            1000000,
	rooms:            100,
	seats:            1000,
	group:            1000,
	staff:            100,
	sessions:         1000,
}
