package model

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestOrderEnd: order_end is a date on an unpaid-work requirement; a bad
// date, or one on another kind, is an error naming file, line and column.
func TestOrderEnd(t *testing.T) {
	for _, tc := range []struct {
		name string
		cell map[int]string // line of requirements.csv → order_end
		want []string
	}{
		{"dates on unpaid work", map[int]string{10: "2018-07-01", 11: "2019-05-31"}, nil},
		{"not a date", map[int]string{10: "2018-13-40"}, []string{"requirements.csv:10: order_end: the value is not a date (YYYY-MM-DD)"}},
		{"on an appointment", map[int]string{2: "2018-07-01"}, []string{"requirements.csv:2: order_end: only for kind unpaid_work"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := fstest.MapFS{}
			ents, err := os.ReadDir("testdata/valid")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ents {
				b, err := fs.ReadFile(os.DirFS("testdata/valid"), e.Name())
				if err != nil {
					t.Fatal(err)
				}
				m[e.Name()] = &fstest.MapFile{Data: b}
			}
			lines := strings.Split(strings.TrimSuffix(string(m[FileRequirements].Data), "\n"), "\n")
			for i := range lines {
				lines[i] += "," + tc.cell[i+1]
			}
			lines[0] = strings.TrimSuffix(lines[0], ",") + ",order_end"
			m[FileRequirements].Data = []byte(strings.Join(lines, "\n") + "\n")
			r, err := Load(m)
			got := messages(t, err)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			if err == nil && r.Requirements[8].OrderEnd.String() != "2018-07-01" {
				t.Errorf("line 10's order_end = %s, want 2018-07-01", r.Requirements[8].OrderEnd)
			}
		})
	}
}
