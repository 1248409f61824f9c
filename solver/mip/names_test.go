package mip

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitizeNames(t *testing.T) {
	long := strings.Repeat("a", 100)
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{name: "kept", in: []string{"x[1,2]", "shift_3.a", "a-b:c@d#e/f()"}, want: []string{"x[1,2]", "shift_3.a", "a-b:c@d#e/f()"}},
		{name: "spaces and symbols", in: []string{"officer 1", "$x", "*y", "a'b\"c"}, want: []string{"officer_1", "_x", "_y", "a_b_c"}},
		{name: "empty falls back", in: []string{"", "b", ""}, want: []string{"C0", "b", "C2"}},
		{name: "duplicates", in: []string{"a", "a", "a b", "a_b", "a"}, want: []string{"a", "a_1", "a_b", "a_b_3", "a_4"}},
		{name: "fallback taken", in: []string{"C1", ""}, want: []string{"C1", "C1_1"}},
		{name: "numbers", in: []string{"12", "1e5", "inf", "NaN", "-3.5", "1st"}, want: []string{"_12", "_1e5", "_inf", "_NaN", "_-3.5", "1st"}},
		{name: "reserved", in: []string{"MARKER", "marker"}, want: []string{"MARKER_0", "marker"}},
		{name: "non-ASCII", in: []string{"Zoë", "日本"}, want: []string{"Zo_", "__"}},
		{name: "long", in: []string{long, long}, want: []string{long[:64], long[:62] + "_1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sanitizeNames(tt.in, "C", "MARKER")
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sanitizeNames(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// validNames fails the test unless names are what MPS readers accept.
func validNames(t *testing.T, in, names []string, reserved string) {
	t.Helper()
	seen := map[string]bool{reserved: true}
	for k, n := range names {
		if n == "" || len(n) > maxNameLen || !utf8.ValidString(n) {
			t.Fatalf("name %d of %q: %q is empty, too long or not UTF-8", k, in, n)
		}
		for _, r := range n {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("_.-[]():,@#/", r)) {
				t.Fatalf("name %d of %q: %q contains %q", k, in, n, r)
			}
		}
		if _, err := strconv.ParseFloat(n, 64); err == nil {
			t.Fatalf("name %d of %q: %q reads as a number", k, in, n)
		}
		if seen[n] {
			t.Fatalf("name %d of %q: %q is not unique", k, in, n)
		}
		seen[n] = true
	}
}

func FuzzSanitizeNames(f *testing.F) {
	f.Add("x", "x", "")
	f.Add("R0", "", "R1")
	f.Add("1e5", "inf", "OBJ")
	f.Add(strings.Repeat("é", 40), strings.Repeat("é", 41), "a b")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		in := []string{a, b, c, a, b + " ", ""}
		got := sanitizeNames(in, "R", "OBJ")
		validNames(t, in, got, "OBJ")
		if again := sanitizeNames(in, "R", "OBJ"); strings.Join(again, "\x00") != strings.Join(got, "\x00") {
			t.Fatalf("sanitizeNames(%q) is not deterministic", in)
		}
		// Round trip: the names survive an MPS file.
		p := &Problem{}
		for _, n := range in {
			p.AddCol(Col{Name: n, Hi: 1, Integer: true})
			p.AddRow(Row{Name: n, Lo: -inf, Hi: 1}, []int{p.NumCols() - 1}, []float64{1})
		}
		var sb strings.Builder
		if err := p.WriteMPS(&sb); err != nil {
			t.Fatal(err)
		}
		q := readMPS(t, sb.String())
		sameAsMinimisation(t, q, p)
	})
}
