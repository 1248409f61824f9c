package mip

import (
	"strconv"
	"strings"
)

// maxNameLen bounds sanitised names; GLPK accepts 255 bytes, HiGHS and Cbc
// more, and short names keep logs readable.
const maxNameLen = 64

// ColNames returns the column names as MPS files and solvers see them:
// non-empty, unique, at most 64 bytes of ASCII letters, digits and
// _.-[]():,@#/ (any other character becomes '_'), never spelling a number
// (such names get a leading '_'), and never "MARKER" or "OBJ_CONST" (see
// WriteMPS). A missing name becomes
// C<index>; a name already taken gets a suffix _<index>.
func (p *Problem) ColNames() []string {
	names := make([]string, len(p.cols))
	for j, c := range p.cols {
		names[j] = c.Name
	}
	return sanitizeNames(names, "C", "MARKER", constCol)
}

// RowNames returns the row names as MPS files and solvers see them, by the
// rules of ColNames, with fallback R<index> and "OBJ" (the objective row)
// reserved.
func (p *Problem) RowNames() []string {
	names := make([]string, len(p.rows))
	for i, r := range p.rows {
		names[i] = r.Name
	}
	return sanitizeNames(names, "R", "OBJ")
}

// sanitizeNames maps names to MPS-safe, unique names; see ColNames. The
// result depends only on the input, in order.
func sanitizeNames(names []string, fallback string, reserved ...string) []string {
	taken := make(map[string]bool, len(names)+len(reserved))
	for _, r := range reserved {
		taken[r] = true
	}
	out := make([]string, len(names))
	for k, name := range names {
		base := sanitizeName(name)
		if base == "" {
			base = fallback + strconv.Itoa(k)
		}
		s := base
		for n := 0; taken[s]; n++ {
			suffix := "_" + strconv.Itoa(k)
			if n > 0 {
				suffix += "_" + strconv.Itoa(n)
			}
			s = fit(base, suffix)
		}
		taken[s] = true
		out[k] = s
	}
	return out
}

func sanitizeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() >= maxNameLen {
			break
		}
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9',
			strings.ContainsRune("_.-[]():,@#/", r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return fit(b.String(), "")
}

// fit returns base+suffix cut to maxNameLen by shortening base, with a
// leading '_' if it would otherwise read as a number.
func fit(base, suffix string) string {
	if base == "" && suffix == "" {
		return ""
	}
	cut := func(base string) string {
		if len(base)+len(suffix) > maxNameLen {
			base = base[:maxNameLen-len(suffix)]
		}
		return base + suffix
	}
	s := cut(base)
	if _, err := strconv.ParseFloat(s, 64); err == nil || isNumberish(s) {
		s = cut("_" + base)
	}
	return s
}

// isNumberish catches what some MPS readers parse as a number although Go's
// ParseFloat does not: a leading digit, sign or point followed by digits.
func isNumberish(s string) bool {
	if s == "" {
		return false
	}
	t := strings.TrimLeft(s, "+-.")
	return t != "" && t[0] >= '0' && t[0] <= '9' && strings.IndexFunc(t, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r == '.' || r == 'e' || r == 'E' || r == '+' || r == '-')
	}) < 0
}
