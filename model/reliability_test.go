package model

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf16"
)

// validWith is testdata/valid with one file's bytes replaced.
func validWith(t *testing.T, name string, data []byte) fstest.MapFS {
	t.Helper()
	m := readFolder(t, "testdata/valid", func(b []byte) []byte { return b })
	m[name] = &fstest.MapFile{Data: data}
	return m
}

func validFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/valid", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// problemsOf gives the messages of a Load error, one a line.
func problemsOf(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

// withPrefix gives the messages that start with prefix.
func withPrefix(msgs []string, prefix string) []string {
	var out []string
	for _, m := range msgs {
		if strings.HasPrefix(m, prefix) {
			out = append(out, m)
		}
	}
	return out
}

// within fails the test if f has not returned after a minute (a hang, not
// a slow machine).
func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("still running after a minute")
	}
}

// TestLoadRefusesSpecialFiles: a FIFO, a link to /dev/zero or a folder
// named sites.csv is refused at once, with one message, instead of
// hanging or reading without end.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	tests := []struct {
		name string
		make func(path string) error
		want string
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "sites.csv is not a regular file (a named pipe): only plain files are read"},
		{"link to /dev/zero", func(p string) error { return os.Symlink("/dev/zero", p) }, "sites.csv is not a regular file (a device): only plain files are read"},
		{"folder", func(p string) error { return os.Mkdir(p, 0o755) }, "sites.csv is a folder, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, f := range readFolder(t, "testdata/valid", func(b []byte) []byte { return b }) {
				if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, FileSites)
			os.Remove(path)
			if err := tt.make(path); err != nil {
				t.Skipf("cannot make it here: %v", err)
			}
			var err error
			within(t, func() { _, err = LoadDir(dir) })
			if got := withPrefix(problemsOf(err), "sites.csv"); len(got) != 1 || got[0] != tt.want {
				t.Errorf("sites.csv problems = %q, want [%q]", got, tt.want)
			}
		})
	}
}

// countingFS cancels a context once its files have given more than after
// bytes, and counts the bytes given.
type countingFS struct {
	fs.FS
	after  int64
	read   atomic.Int64
	cancel context.CancelFunc
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingFile{File: f, fs: c}, nil
}

type countingFile struct {
	fs.File
	fs *countingFS
}

func (f *countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	if f.fs.read.Add(int64(n)) > f.fs.after {
		f.fs.cancel()
	}
	return n, err
}

// bigUsers is service_users.csv with n rows.
func bigUsers(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id,team,case_manager,lat,lon,town,gender,dob,rosh,tier,case_type\n")
	for i := range n {
		fmt.Fprintf(&b, "U%07d,west,p01,52.54,-1.37,,male,1991-03-02,medium,B2,community\n", i)
	}
	return b.Bytes()
}

// TestLoadStopsOnCancel: loading stops soon after its context is
// cancelled, in the middle of a large file, with an error that wraps
// context.Canceled.
func TestLoadStopsOnCancel(t *testing.T) {
	data := bigUsers(200_000) // about 14 MB
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfs := &countingFS{FS: validWith(t, FileServiceUsers, data), after: 1 << 20, cancel: cancel}
	r, err := LoadContext(ctx, cfs, Options{})
	if r != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("LoadContext = %v, %v; want an error wrapping context.Canceled", r, err)
	}
	if got, total := cfs.read.Load(), int64(len(data)); got > total/2 {
		t.Errorf("read %d bytes of %d after the cancel at 1 MiB", got, total)
	}
}

func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xff, 0xfe)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// TestEncodingsAndSeparators: a file in UTF-16, in Windows-1252 or saved
// with ';' or tabs is named in one message, with no knock-on problems in
// it or in the files that refer to it.
func TestEncodingsAndSeparators(t *testing.T) {
	sites := string(validFile(t, FileSites))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"UTF-16 with a BOM", utf16LE(sites, true), "sites.csv is UTF-16: save it as CSV UTF-8"},
		{"UTF-16 without a BOM", utf16LE(sites, false), "sites.csv is UTF-16: save it as CSV UTF-8"},
		{"Windows-1252", []byte(strings.Replace(sites, "Atkins", "Atkins Caf\xe9", 1)),
			`sites.csv:3: not UTF-8 text (Excel's plain "CSV" saves Windows-1252 or -1250): save the file as CSV UTF-8`},
		{"semicolons", []byte(strings.ReplaceAll(sites, ",", ";")), "sites.csv is separated by ';', not commas: save it as CSV UTF-8 (comma delimited)"},
		{"tabs", []byte(strings.ReplaceAll(sites, ",", "\t")), "sites.csv is separated by tabs, not commas: save it as CSV UTF-8 (comma delimited)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(validWith(t, FileSites, tt.data))
			if got := problemsOf(err); len(got) != 1 || got[0] != tt.want {
				t.Errorf("problems = %q, want only %q", got, tt.want)
			}
		})
	}
}

// TestWideRows: a 50 MB line of commas, or one 50 MB cell, gives one
// short message; a file with thousands of bad rows keeps a few dozen and
// counts the rest.
func TestWideRows(t *testing.T) {
	head := "id,team,case_manager,lat,lon,town,gender,dob,rosh,tier,case_type\n"
	row := "LR001,west,p01,52.54,-1.37,,male,1991-03-02,medium,B2,community\n"
	var many bytes.Buffer
	many.WriteString(head)
	for i := range 5000 {
		fmt.Fprintf(&many, "U%d,west,p01,52.54,-1.37,,male,1991-03-02,medium,B2,bail\n", i)
	}
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"a line of commas", []byte(head + row + strings.Repeat(",", 50<<20) + "\n"),
			[]string{"service_users.csv:3: a record is longer than 64 KiB: is a quote left open on this line, or a line run on?"}},
		{"a long cell", []byte(head + row + "LR002,west,p01,52.54,-1.37," + strings.Repeat("x", 50<<20) + ",male,1991-03-02,medium,B2,community\n"),
			[]string{"service_users.csv:3: a record is longer than 64 KiB: is a quote left open on this line, or a line run on?"}},
		{"a cell over 16 KiB", []byte(head + row + "LR002,west,p01,52.54,-1.37," + strings.Repeat("x", 20<<10) + ",male,1991-03-02,medium,B2,community\n"),
			[]string{"service_users.csv:3: town: the cell is longer than 16 KiB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(validWith(t, FileServiceUsers, tt.data))
			got := withPrefix(problemsOf(err), "service_users.csv")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems = %.300q, want %q", got, tt.want)
			}
		})
	}
	t.Run("many bad rows", func(t *testing.T) {
		_, err := Load(validWith(t, FileServiceUsers, many.Bytes()))
		got := withPrefix(problemsOf(err), "service_users.csv")
		if len(got) != maxFileProblems+1 {
			t.Fatalf("%d problems for service_users.csv, want %d", len(got), maxFileProblems+1)
		}
		if want := fmt.Sprintf("service_users.csv: and %d more problems in this file", 5000-maxFileProblems); got[len(got)-1] != want {
			t.Errorf("last = %q, want %q", got[len(got)-1], want)
		}
		all := err.(interface{ Unwrap() []error }).Unwrap()
		var last *FieldError
		for _, e := range all {
			if fe := e.(*FieldError); fe.File == FileServiceUsers {
				last = fe
			}
		}
		if last == nil || last.More != 5000-maxFileProblems {
			t.Errorf("the last service_users.csv problem is %+v; want More %d", last, 5000-maxFileProblems)
		}
	})
}

// TestPositions: a stray quote is reported on the line it opened, not at
// the end of the file; rows of empty cells that spreadsheets leave below
// the data are ignored.
func TestPositions(t *testing.T) {
	users := string(validFile(t, FileServiceUsers))
	lines := strings.SplitAfter(users, "\n")
	lines[5] = strings.Replace(lines[5], ",male,", `,"male,`, 1) // line 6
	t.Run("stray quote", func(t *testing.T) {
		_, err := Load(validWith(t, FileServiceUsers, []byte(strings.Join(lines, ""))))
		got := withPrefix(problemsOf(err), "service_users.csv")
		if len(got) == 0 || !strings.HasPrefix(got[0], "service_users.csv:6: bad CSV:") {
			t.Errorf("problems = %q, want the first on line 6", got)
		}
	})
	t.Run("empty rows below", func(t *testing.T) {
		data := users + strings.Repeat(",,,,,,,,,,,,,,\r\n", 120) + strings.Repeat(",,,\n", 3)
		r, err := Load(validWith(t, FileServiceUsers, []byte(data)))
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if got, want := len(r.ServiceUsers), len(lines)-2; got != want {
			t.Errorf("%d service users, want %d", got, want)
		}
	})
}

// TestPriorityZero: an empty priority and 0 both mean 3, as documented.
func TestPriorityZero(t *testing.T) {
	reqs := string(validFile(t, FileRequirements))
	reqs = strings.Replace(reqs, "LR001,appointment,,,,,\n", "LR001,appointment,,,,,0\n", 1)
	r, err := Load(validWith(t, FileRequirements, []byte(reqs)))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := r.Requirements[0].Priority; got != 3 {
		t.Errorf("priority 0 loads as %d, want 3", got)
	}
}

// TestPersonalValuesWithheld: messages about service users, their
// requirements and non-associations name the row, the column and the
// rule, never the value, unless Options.ShowValues.
func TestPersonalValuesWithheld(t *testing.T) {
	users := "id,team,case_manager,lat,lon,town,gender,dob,rosh,tier,case_type,iom,available,step_free,flags\n" +
		"LR001,west,p01,52.54,-1.37,,male,1991-03-02,medium,B2,community,false,,false,\n" +
		"LR002,west,pSECRET1,,,SECRETTOWN,SECRETGENDER,SECRETDOB,SECRETRISK,SECRETTIER,SECRETTYPE,SECRETIOM,SECRETDAY,SECRETSTEP,SECRETFLAG\n" +
		"LR003,west,p05,99.5001,-1.37,,male,1891-03-02,high,B2,community,false,mon:SECRETSLOT,false,\n" +
		"LR004,west,p01,52.54,-1.37,,male,2017-03-02,medium,B2,community,false,,false,\n" +
		"LR005,west,p01,52.54,-1.37,,male,1991-03-02,very_high,B2,community,false,,false,\n"
	reqs := "service_user,kind,intervention,sessions,hours,hours_outstanding,priority\n" +
		"LR001,SECRETKIND,,77,,,9\n" +
		"LR001,unpaid_work,,,12.345,3.21,\n" +
		"LR001,rar,SECRETIV,,,,\n"
	nas := "service_user_a,service_user_b,reason\nLR001,LR001,x\nLR001,SECRETPAIR,y\n"
	fsys := readFolder(t, "testdata/valid", func(b []byte) []byte { return b })
	fsys[FileServiceUsers] = &fstest.MapFile{Data: []byte(users)}
	fsys[FileRequirements] = &fstest.MapFile{Data: []byte(reqs)}
	fsys[FileNonAssociations] = &fstest.MapFile{Data: []byte(nas)}
	secrets := []string{"SECRET", "99.5", "1891", "2017-03-02", "77", "12.345", "3.21", "p05"}

	_, err := Load(fsys)
	if err == nil {
		t.Fatal("Load accepted it")
	}
	n := 0
	for _, m := range problemsOf(err) {
		if !strings.HasPrefix(m, FileServiceUsers) && !strings.HasPrefix(m, FileRequirements) && !strings.HasPrefix(m, FileNonAssociations) {
			continue
		}
		n++
		rule := m[strings.Index(m, ": ")+2:] // after the file and line
		_, rule, _ = strings.Cut(rule, ": ") // after the column
		for _, s := range secrets {
			if strings.Contains(rule, s) {
				t.Errorf("%s shows %q", m, s)
			}
		}
	}
	if n < 15 {
		t.Errorf("only %d problems about people: %v", n, err)
	}
	_, err = LoadContext(context.Background(), fsys, Options{ShowValues: true})
	for _, s := range []string{"SECRETGENDER", "SECRETDOB", "SECRETTIER", "SECRETFLAG", "99.5001", "1891-03-02", "SECRETPAIR", "3.21"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("with ShowValues, no message shows %q", s)
		}
	}
}

// TestShownValuesAreShort: a message shows at most 40 characters of a
// value.
func TestShownValuesAreShort(t *testing.T) {
	sites := strings.Replace(string(validFile(t, FileSites)), "52.5387", strings.Repeat("9", 10000), 1)
	_, err := Load(validWith(t, FileSites, []byte(sites)))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("Load: %.300v (%d bytes); want one short message", err, len(fmt.Sprint(err)))
	}
}
