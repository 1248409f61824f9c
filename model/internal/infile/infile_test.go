package infile

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// readAll reads every record of data as the loader does: going on after a
// syntax error or a cell error, stopping at any other. It gives the
// records and the errors, each as text.
func readAll(t testing.TB, ctx context.Context, data []byte) (recs [][]string, errs []string) {
	t.Helper()
	r, err := Open(ctx, fstest.MapFS{"f.csv": {Data: data}}, "f.csv")
	if err != nil {
		return nil, []string{err.Error()}
	}
	defer r.Close()
	for range len(data) + 2 {
		rec, err := r.Read()
		if err == io.EOF {
			return recs, errs
		}
		if rec != nil {
			recs = append(recs, rec)
		}
		if err == nil {
			continue
		}
		errs = append(errs, err.Error())
		var pe *csv.ParseError
		var fe *Error
		if !errors.As(err, &pe) && !(errors.As(err, &fe) && !fe.Fatal) {
			return recs, errs
		}
	}
	t.Fatalf("Read did not reach the end of %d bytes", len(data))
	return nil, nil
}

func TestRead(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantRecs int
		wantErrs []string
	}{
		{"plain", "a,b\n1,2\n3,4\n", 3, nil},
		{"BOM and CRLF", "\ufeffa,b\r\n1,2\r\n", 2, nil},
		{"rows of empty cells", "a,b\n1,2\n,\n , \n,\n", 2, nil},
		{"UTF-16", "\xff\xfea\x00,\x00b\x00", 0, []string{"is UTF-16: save it as CSV UTF-8"}},
		{"UTF-16 without a BOM", "a\x00,\x00b\x00\n\x001\x00,\x002\x00", 0, []string{"is UTF-16: save it as CSV UTF-8"}},
		{"binary", "a,b\n\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e", 0, []string{"is not a text file: save it as CSV UTF-8"}},
		{"Windows-1250", "a,b\n1,2\n\x9aa,3\n", 2, []string{`line 3: not UTF-8 text (Excel's plain "CSV" saves Windows-1252 or -1250): save the file as CSV UTF-8`}},
		{"semicolons", "a;b\n1;2\n", 1, []string{"is separated by ';', not commas: save it as CSV UTF-8 (comma delimited)"}},
		{"stray quote", "a,b\n1,2\n3,\"4\n5,6\n7,8\n", 2, []string{"parse error on line 3, column 5: a quoted cell that starts on this line does not end properly (extraneous or missing \" in quoted-field)"}},
		{"long cell", "a,b\n1," + strings.Repeat("x", MaxCellBytes+1) + "\n3,4\n", 2, []string{"line 2: the cell is longer than 16 KiB"}},
		{"long line", "a,b\n1,2\n" + strings.Repeat(",", MaxRecordBytes+5000) + "\n3,4\n", 2, []string{"line 3: a record is longer than 64 KiB: is a quote left open on this line, or a line run on?"}},
		{"quote left open", "a,b\n1,2\n3,\"" + strings.Repeat("x\n", MaxRecordBytes) + "\n", 2, []string{"line 3: a record is longer than 64 KiB: is a quote left open on this line, or a line run on?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs := readAll(t, context.Background(), []byte(tt.data))
			if len(recs) != tt.wantRecs {
				t.Errorf("%d records, want %d: %.200q", len(recs), tt.wantRecs, recs)
			}
			if strings.Join(errs, "\n") != strings.Join(tt.wantErrs, "\n") {
				t.Errorf("errors %q, want %q", errs, tt.wantErrs)
			}
		})
	}
}

func TestReadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, errs := readAll(t, ctx, []byte("a,b\n1,2\n"))
	if len(errs) != 1 || errs[0] != context.Canceled.Error() {
		t.Errorf("errors %q, want [%q]", errs, context.Canceled)
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFileBytes+1); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.csv")); err != nil {
		t.Skip(err)
	}
	os.Mkdir(filepath.Join(dir, "dir.csv"), 0o755)
	fsys := os.DirFS(dir)
	tests := []struct{ name, want string }{
		{"big.csv", "is 256 MiB; at most 256 MiB is read"},
		{"zero.csv", "is not a regular file (a device): only plain files are read"},
		{"dir.csv", "is a folder, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(context.Background(), fsys, tt.name)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Open: %v, want %s", err, tt.want)
			}
		})
	}
	if _, err := Open(context.Background(), fsys, "none.csv"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(none.csv): %v, want fs.ErrNotExist", err)
	}
	if _, err := ReadFile(context.Background(), fsys, "zero.csv", 0); err == nil {
		t.Error("ReadFile(zero.csv) read a device")
	}
}

// FuzzRead: any bytes give records within the limits, valid UTF-8 and
// never a row of empty cells past the header, and the reading ends.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\ufeffa,b\r\n\"x\"\"y\",2\n", "a;b\n", "\xff\xfea\x00", "a,b\n,\n\"", "a,b\n\x9a,1\n", "a\n\"\n\"\"\"x\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, _ := readAll(t, context.Background(), data)
		for i, rec := range recs {
			n := 0
			for _, c := range rec {
				n += len(c)
				if !utf8.ValidString(c) || len(c) > MaxCellBytes {
					t.Fatalf("record %d has a bad cell (%d bytes)", i, len(c))
				}
			}
			if i > 0 && blank(rec) {
				t.Fatalf("record %d is blank", i)
			}
			if n > MaxRecordBytes+8192 {
				t.Fatalf("record %d has %d bytes", i, n)
			}
		}
	})
}
