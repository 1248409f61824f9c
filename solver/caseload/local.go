package caseload

import "math"

// search is a local search over a team model's counts, used to give each
// stage's MIP a good start (Cbc's own heuristics find poor solutions of
// these min-max models slowly) and, alone, for the from-scratch figure.
type search struct {
	m     *teamModel
	x     [][]int   // counts of class k at its j-th destination
	load  []float64 // points by local practitioner
	mv    int       // balance moves
	moved []int     // balance moves out of and into each local practitioner
	capT  int       // team cap on balance moves, < 0 none
	capP  int       // per-practitioner cap, ≤ 0 none
}

const eps = 1e-9

func newSearch(m *teamModel, x []float64) *search {
	s := &search{m: m, x: make([][]int, len(m.classes)), capT: m.capTeam, capP: m.capPrac}
	for k := range m.classes {
		s.x[k] = make([]int, len(m.x[k]))
		for j, col := range m.x[k] {
			s.x[k][j] = int(math.Round(x[col]))
		}
	}
	s.load = m.loads(x)
	s.moved = make([]int, len(m.t.pracs))
	for k, c := range m.classes {
		if c.inc < 0 {
			continue
		}
		for j, l := range c.dest {
			if l != c.inc && s.x[k][j] > 0 {
				s.mv += s.x[k][j]
				s.moved[c.inc] += s.x[k][j]
				s.moved[l] += s.x[k][j]
			}
		}
	}
	return s
}

// vector writes the counts into a solution of the MIP.
func (s *search) vector() []float64 {
	x := make([]float64, s.m.p.NumCols())
	for k := range s.x {
		for j, col := range s.m.x[k] {
			x[col] = float64(s.x[k][j])
		}
	}
	s.m.complete(x)
	return x
}

func (s *search) cap(l int) float64 {
	return 100 * s.load[l] / s.m.in.avail[s.m.t.pracs[l]]
}

// moveEffect is what moving one case of class k from destination j to j2
// does to the balance moves: dmv and the change in moved of the
// practitioners concerned.
func (s *search) allowed(k, j, j2 int) (dmv int, ok bool) {
	c := s.m.classes[k]
	if c.inc < 0 {
		return 0, true
	}
	a, b := c.dest[j], c.dest[j2]
	var da, db, dinc int
	switch {
	case a == c.inc: // leaves its case manager
		dmv, dinc, db = 1, 1, 1
	case b == c.inc: // goes back
		dmv, dinc, da = -1, -1, -1
	default:
		da, db = -1, 1
	}
	if dmv > 0 && s.capT >= 0 && s.mv+dmv > s.capT {
		return 0, false
	}
	if s.capP > 0 && (s.moved[a]+da > s.capP || s.moved[b]+db > s.capP || s.moved[c.inc]+dinc > s.capP) {
		return 0, false
	}
	return dmv, true
}

func (s *search) apply(k, j, j2 int) {
	c := s.m.classes[k]
	s.x[k][j]--
	s.x[k][j2]++
	a, b := c.dest[j], c.dest[j2]
	s.load[a] -= c.points
	s.load[b] += c.points
	if c.inc < 0 {
		return
	}
	switch {
	case a == c.inc:
		s.mv++
		s.moved[c.inc]++
		s.moved[b]++
	case b == c.inc:
		s.mv--
		s.moved[c.inc]--
		s.moved[a]--
	default:
		s.moved[a]--
		s.moved[b]++
	}
}

// active lists the local practitioners with available points.
func (s *search) active() []int {
	var out []int
	for l := range s.m.t.pracs {
		if s.m.colO[l] >= 0 {
			out = append(out, l)
		}
	}
	return out
}

// worst is the largest capacity and the sum of squares above the balance
// point, the keys of phase A.
func (s *search) worst(act []int) (float64, float64) {
	w, sq := math.Inf(-1), 0.0
	for _, l := range act {
		c := s.cap(l)
		w = math.Max(w, c)
		if d := c - s.m.bal; d > 0 {
			sq += d * d
		}
	}
	return w, sq
}

// minimiseMax moves single cases off the practitioners at the largest
// capacity while that lowers (the largest capacity, the squares above the
// balance point), and then tries exchanges of a case for a smaller one.
func (s *search) minimiseMax() {
	act := s.active()
	for iter := 0; iter < 100000; iter++ {
		w, sq := s.worst(act)
		best := struct {
			w, sq      float64
			k, j, j2   int
			k2, i, i2  int
			swap, have bool
		}{w: w, sq: sq}
		better := func(w2, sq2 float64) bool {
			return w2 < best.w-eps || (w2 < best.w+eps && sq2 < best.sq-eps)
		}
		try := func() (float64, float64) { return s.worst(act) }
		for k, c := range s.m.classes {
			for j, a := range c.dest {
				if s.x[k][j] == 0 || s.cap(a) < w-eps {
					continue
				}
				for j2 := range c.dest {
					if j2 == j {
						continue
					}
					if _, ok := s.allowed(k, j, j2); !ok {
						continue
					}
					s.apply(k, j, j2)
					w2, sq2 := try()
					s.apply(k, j2, j)
					if better(w2, sq2) {
						best.w, best.sq, best.k, best.j, best.j2, best.swap, best.have = w2, sq2, k, j, j2, false, true
					}
				}
			}
		}
		if !best.have {
			// Exchanges: a case of class k at a (at the max) for a smaller
			// case of class k2 at b.
			for k, c := range s.m.classes {
				for j, a := range c.dest {
					if s.x[k][j] == 0 || s.cap(a) < w-eps {
						continue
					}
					for j2, b := range c.dest {
						if j2 == j {
							continue
						}
						for k2, c2 := range s.m.classes {
							if c2.points >= c.points {
								continue
							}
							i, i2 := destIndex(c2, b), destIndex(c2, a)
							if i < 0 || i2 < 0 || s.x[k2][i] == 0 {
								continue
							}
							if _, ok := s.allowed(k, j, j2); !ok {
								continue
							}
							s.apply(k, j, j2)
							if _, ok := s.allowed(k2, i, i2); !ok {
								s.apply(k, j2, j)
								continue
							}
							s.apply(k2, i, i2)
							w2, sq2 := try()
							s.apply(k2, i2, i)
							s.apply(k, j2, j)
							if better(w2, sq2) {
								best.w, best.sq, best.k, best.j, best.j2 = w2, sq2, k, j, j2
								best.k2, best.i, best.i2, best.swap, best.have = k2, i, i2, true, true
							}
						}
					}
				}
			}
		}
		if !best.have {
			return
		}
		s.apply(best.k, best.j, best.j2)
		if best.swap {
			s.apply(best.k2, best.i, best.i2)
		}
	}
}

func destIndex(c class, l int) int {
	for j, d := range c.dest {
		if d == l {
			return j
		}
	}
	return -1
}

// minimiseDeviation makes the single moves that lower Σ|c_p − T'| +
// penalty × balance moves most, keeping every capacity at most T + mcap,
// while one does.
func (s *search) minimiseDeviation(mcap, pen float64) {
	m := s.m
	limit := m.target + mcap
	dev := func(l int) float64 { return math.Abs(s.cap(l) - m.bal) }
	for iter := 0; iter < 100000; iter++ {
		best, bk, bj, bj2 := -eps*100, -1, -1, -1
		for k, c := range m.classes {
			for j, a := range c.dest {
				if s.x[k][j] == 0 {
					continue
				}
				aA := m.in.avail[m.t.pracs[a]]
				da := math.Abs(100*(s.load[a]-c.points)/aA-m.bal) - dev(a)
				for j2, b := range c.dest {
					if j2 == j {
						continue
					}
					aB := m.in.avail[m.t.pracs[b]]
					cb := 100 * (s.load[b] + c.points) / aB
					if cb > limit+eps {
						continue
					}
					dmv, ok := s.allowed(k, j, j2)
					if !ok {
						continue
					}
					d := da + math.Abs(cb-m.bal) - dev(b) + pen*float64(dmv)
					if d < best {
						best, bk, bj, bj2 = d, k, j, j2
					}
				}
			}
		}
		if bk < 0 {
			return
		}
		s.apply(bk, bj, bj2)
	}
}
