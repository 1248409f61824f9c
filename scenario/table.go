package scenario

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/probation/rota/model/plan"
)

// table is one CSV file of a data folder, edited in place by Apply. Column
// names are matched trimmed and in any case, as model.Load matches them;
// cells are compared trimmed.
type table struct {
	name    string
	header  []string
	rows    [][]string
	changed bool
}

func readTable(name string, b []byte) (*table, error) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("scenario: %s: %w", name, err)
	}
	t := &table{name: name}
	if len(recs) > 0 {
		t.header, t.rows = recs[0], recs[1:]
	}
	for i, r := range t.rows {
		for len(r) < len(t.header) {
			r = append(r, "")
		}
		t.rows[i] = r
	}
	return t, nil
}

func (t *table) encode() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(t.header)
	w.WriteAll(t.rows) // writes to a buffer: no error to report
	return buf.Bytes()
}

// col gives the position of a column; -1 when the file has none.
func (t *table) col(name string) int {
	for i, h := range t.header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	return -1
}

// ensure gives the position of a column, adding it (empty on every row)
// when the file has none.
func (t *table) ensure(name string) int {
	if i := t.col(name); i >= 0 {
		return i
	}
	t.header = append(t.header, name)
	for i := range t.rows {
		t.rows[i] = append(t.rows[i], "")
	}
	t.changed = true
	return len(t.header) - 1
}

// get gives row i's trimmed cell of column name; "" when absent.
func (t *table) get(i int, name string) string {
	c := t.col(name)
	if c < 0 || c >= len(t.rows[i]) {
		return ""
	}
	return strings.TrimSpace(t.rows[i][c])
}

// set writes row i's cell of column name, adding the column if needed.
func (t *table) set(i int, name, v string) {
	c := t.ensure(name)
	if t.rows[i][c] != v {
		t.rows[i][c] = v
		t.changed = true
	}
}

// find gives the first row whose column name holds v.
func (t *table) find(name, v string) (int, bool) {
	for i := range t.rows {
		if t.get(i, name) == v {
			return i, true
		}
	}
	return -1, false
}

// remove deletes the rows keep rejects.
func (t *table) remove(drop func(i int) bool) int {
	var out [][]string
	n := 0
	for i, r := range t.rows {
		if drop(i) {
			n++
			continue
		}
		out = append(out, r)
	}
	if n > 0 {
		t.rows, t.changed = out, true
	}
	return n
}

func (t *table) appendRow(cells map[string]string) {
	for c := range cells {
		t.ensure(c)
	}
	row := make([]string, len(t.header))
	for c, v := range cells {
		row[t.col(c)] = v
	}
	t.rows = append(t.rows, row)
	t.changed = true
}

// ReadFS reads the CSV files at the root of fsys (a data folder, or an
// embedded sample such as fixtures.Stockton) into a map from file name to
// contents: the form Apply and Run take.
func ReadFS(fsys fs.FS) (map[string][]byte, error) {
	names, err := fs.Glob(fsys, "*.csv")
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	files := make(map[string][]byte, len(names))
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
		files[path.Base(n)] = b
	}
	return files, nil
}

// ReadDir reads a data folder's CSV files; see ReadFS.
func ReadDir(dir string) (map[string][]byte, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("scenario: %s is not a folder", dir)
	}
	return ReadFS(os.DirFS(dir))
}

// writeFiles writes a data folder's files into dir, each atomically, in
// name order.
func writeFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := plan.WriteFileAtomic(filepath.Join(dir, n), files[n]); err != nil {
			return fmt.Errorf("scenario: %w", err)
		}
	}
	return nil
}
