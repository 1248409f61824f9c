package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/probation/rota/model/plan"
	"github.com/probation/rota/solver/coin"
)

// rota runs the command line as main does and returns the exit code and
// what was written to stdout and stderr.
func rota(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append([]string{"rota"}, args...), &out, &errb)
	code = exitCode(err, &errb)
	return code, out.String(), errb.String()
}

// mustRota runs a command that must succeed.
func mustRota(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := rota(t, args...)
	if code != 0 {
		t.Fatalf("rota %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

func needCbc(t *testing.T) {
	t.Helper()
	if !coin.Available() {
		t.Skip("COIN-OR Cbc is not available in this build (cgo off)")
	}
}

// lines reads a file's non-empty lines.
func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(strings.Split(string(b), "\n"), func(s string) bool { return s == "" })
}

func TestCLI(t *testing.T) {
	tests := []struct {
		name       string
		before     [][]string // commands that must succeed first
		args       []string   // "{tmp}" is the test's temporary folder
		code       int
		stdout     []string // substrings expected on stdout
		stderr     []string // substrings expected on stderr
		stderrFile string   // a file whose every line is expected on stderr
		after      func(t *testing.T, tmp string)
	}{
		{
			name:   "validate the embedded sample",
			args:   []string{"validate"},
			stdout: []string{"ok: 7 sites, 4 teams, 56 practitioners", "2080 service users", "535 appointments", "184 sessions"},
		},
		{
			name:       "validate a broken folder",
			args:       []string{"validate", "--data", "testdata/broken/bad_values"},
			code:       2,
			stderr:     []string{"problems in the data folder:"},
			stderrFile: "testdata/broken/bad_values/want.txt",
		},
		{
			name:   "validate a folder that does not exist",
			args:   []string{"validate", "--data", "{tmp}/nowhere"},
			code:   2,
			stderr: []string{"nowhere"},
		},
		{
			name:   "unknown flag",
			args:   []string{"validate", "--bogus"},
			code:   2,
			stderr: []string{"flag provided but not defined: -bogus"},
		},
		{
			name:   "unknown command",
			args:   []string{"frobnicate"},
			code:   2,
			stderr: []string{"frobnicate"},
		},
		{
			name:   "init without a folder",
			args:   []string{"init"},
			code:   2,
			stderr: []string{"init: give exactly one folder"},
		},
		{
			name:   "init an unknown sample",
			args:   []string{"init", "--sample", "atlantis", "{tmp}/x"},
			code:   2,
			stderr: []string{`"atlantis" is not one of`},
		},
		{
			name:   "init writes the county, which validates",
			before: [][]string{{"init", "{tmp}/county"}},
			args:   []string{"validate", "--data", "{tmp}/county"},
			stdout: []string{"ok: 7 sites, 4 teams", "2080 service users"},
		},
		{
			name:   "init writes Stockton, which validates",
			before: [][]string{{"init", "--sample", "stockton", "{tmp}/st"}},
			args:   []string{"validate", "--data", "{tmp}/st"},
			stdout: []string{"ok: 6 sites, 2 teams, 6 practitioners", "150 service users"},
		},
		{
			name:   "export --mps writes a file",
			before: [][]string{{"init", "--sample", "stockton", "{tmp}/st"}},
			args:   []string{"export", "--data", "{tmp}/st", "--mps", "{tmp}/week.mps"},
			stdout: []string{"wrote {tmp}/week.mps:", "rows", "columns"},
			after: func(t *testing.T, tmp string) {
				b, err := os.ReadFile(filepath.Join(tmp, "week.mps"))
				if err != nil {
					t.Fatal(err)
				}
				for _, section := range []string{"ROWS", "COLUMNS", "RHS", "BOUNDS", "ENDATA"} {
					if !regexp.MustCompile(`(?m)^` + section + `\b`).Match(b) {
						t.Errorf("week.mps has no %s section", section)
					}
				}
			},
		},
		{
			name:   "export without --mps",
			args:   []string{"export"},
			code:   2,
			stderr: []string{"give --mps FILE"},
		},
		{
			name:   "check a rota folder that does not exist",
			before: [][]string{{"init", "--sample", "stockton", "{tmp}/st"}},
			args:   []string{"check", "--data", "{tmp}/st", "--rota", "{tmp}/nowhere"},
			code:   2,
			stderr: []string{"check: reading {tmp}/nowhere"},
		},
		{
			name:   "check with broken data",
			args:   []string{"check", "--data", "testdata/broken/bad_values", "--rota", "{tmp}"},
			code:   2,
			stderr: []string{"problems in the data folder:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			fill := func(args []string) []string {
				out := make([]string, len(args))
				for i, a := range args {
					out[i] = strings.ReplaceAll(a, "{tmp}", tmp)
				}
				return out
			}
			for _, args := range tt.before {
				mustRota(t, fill(args)...)
			}
			code, stdout, stderr := rota(t, fill(tt.args)...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			want := fill(tt.stderr)
			if tt.stderrFile != "" {
				want = append(want, lines(t, tt.stderrFile)...)
			}
			for _, s := range fill(tt.stdout) {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range want {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if tt.after != nil {
				tt.after(t, tmp)
			}
		})
	}
}

// solveStockton writes the Stockton sample into dir/data and solves it
// into dir/out; it returns the two folders.
func solveStockton(t *testing.T, dir, out string) (data string) {
	t.Helper()
	data = filepath.Join(dir, "data")
	if _, err := os.Stat(data); err != nil {
		mustRota(t, "init", "--sample", "stockton", data)
	}
	// No time limit: every step ends at its gap or a node limit, so the
	// rota is optimal however loaded the machine is (a limit, now for the
	// whole command, stopped it under load).
	stdout := mustRota(t, "solve", "--data", data, "--out", out, "--time-limit", "0", "--seed", "1")
	if !strings.Contains(stdout, "rota: optimal") {
		t.Errorf("solve did not report an optimal rota:\n%s", stdout)
	}
	return data
}

// TestSolveThenCheck solves Stockton, checks the rota, and checks that
// tampering with the written files is caught.
func TestSolveThenCheck(t *testing.T) {
	needCbc(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	data := solveStockton(t, dir, out)

	code, stdout, stderr := rota(t, "check", "--data", data, "--rota", out)
	if code != 0 {
		t.Fatalf("check of a fresh rota: exit %d\n%s%s", code, stdout, stderr)
	}
	if !regexp.MustCompile(`(?m)^check: 0 violations; objective [0-9.]+ \(unmet appointments [0-9.]+, unmet sessions [0-9.]+, unmet hours [0-9.]+, travel [0-9.]+, worst travel [0-9.]+, sessions run [0-9.]+, pattern changes [0-9.]+, staff travel [0-9.]+\)\n$`).MatchString(stdout) {
		t.Errorf("check printed:\n%s", stdout)
	}

	tests := []struct {
		name   string
		tamper func(t *testing.T, rota string)
		rules  []string // each must be reported
	}{
		{
			name: "an attendance row deleted",
			tamper: func(t *testing.T, rota string) {
				editCSV(t, filepath.Join(rota, plan.AttendanceFile), func(_ []string, rows [][]string) [][]string {
					return rows[1:]
				})
			},
			rules: []string{"file.attendance"},
		},
		{
			name: "an appointment moved to a closed site",
			tamper: func(t *testing.T, rota string) {
				// Hardwick is open on Tuesday and Thursday only.
				editCSV(t, filepath.Join(rota, plan.AppointmentsFile), func(h []string, rows [][]string) [][]string {
					site, day := col(t, h, "site"), col(t, h, "weekday")
					for _, r := range rows {
						if r[day] == "mon" || r[day] == "wed" || r[day] == "fri" {
							r[site] = "hardwick"
							return rows
						}
					}
					t.Fatal("no appointment on a Monday, Wednesday or Friday")
					return nil
				})
			},
			rules: []string{"appointment.site-open"},
		},
		{
			name: "a practitioner moved off their usual pattern",
			tamper: func(t *testing.T, rota string) {
				// p01's pattern puts them at Stockton on Monday.
				editCSV(t, filepath.Join(rota, plan.StaffFile), func(h []string, rows [][]string) [][]string {
					who, day, site := col(t, h, "practitioner"), col(t, h, "weekday"), col(t, h, "site")
					for _, r := range rows {
						if r[who] == "p01" && r[day] == "mon" {
							r[site] = "thornaby"
						}
					}
					return rows
				})
			},
			rules: []string{"staff.pattern"},
		},
		{
			name: "an unmet row deleted",
			tamper: func(t *testing.T, rota string) {
				editCSV(t, filepath.Join(rota, plan.UnmetFile), func(_ []string, rows [][]string) [][]string {
					return rows[1:]
				})
			},
			rules: []string{"file.unmet"},
		},
		{
			name: "the objective changed",
			tamper: func(t *testing.T, rota string) {
				path := filepath.Join(rota, plan.SummaryFile)
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				b = regexp.MustCompile(`"objective": [0-9.]+`).ReplaceAll(b, []byte(`"objective": 1`))
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
			},
			rules: []string{"summary.objective"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "rota")
			copyDir(t, out, bad)
			tt.tamper(t, bad)
			code, stdout, stderr := rota(t, "check", "--data", data, "--rota", bad)
			if code != 1 {
				t.Errorf("exit code %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			for _, rule := range tt.rules {
				if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(rule) + `: \S+: `).MatchString(stdout) {
					t.Errorf("no %s violation reported:\n%s", rule, stdout)
				}
			}
			if !regexp.MustCompile(`(?m)^check: [1-9][0-9]* violations?; objective `).MatchString(stdout) {
				t.Errorf("no summary line with the count:\n%s", stdout)
			}
			if !strings.Contains(stderr, "check: the rota in "+bad+" has ") {
				t.Errorf("stderr:\n%s", stderr)
			}
		})
	}
}

// timingFields matches summary.json's timing fields.
var timingFields = regexp.MustCompile(`"(seconds|solve_seconds)": [-0-9.eE+]+`)

// TestSolveDeterministic: the same input and seed give byte-identical
// files, apart from summary.json's timing fields.
func TestSolveDeterministic(t *testing.T) {
	needCbc(t)
	dir := t.TempDir()
	out1, out2 := filepath.Join(dir, "out1"), filepath.Join(dir, "out2")
	solveStockton(t, dir, out1)
	solveStockton(t, dir, out2)
	for _, name := range []string{plan.StaffFile, plan.AppointmentsFile, plan.SessionsFile, plan.AttendanceFile, plan.UnmetFile, plan.SummaryFile} {
		a, err := os.ReadFile(filepath.Join(out1, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out2, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == plan.SummaryFile {
			a = timingFields.ReplaceAll(a, []byte(`"$1": 0`))
			b = timingFields.ReplaceAll(b, []byte(`"$1": 0`))
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two solves with seed 1", name)
		}
	}
	entries, err := os.ReadDir(out1)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left in the rota folder", e.Name())
		}
	}
}

// col is the index of a column of a CSV header.
func col(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %q in %v", name, header)
	}
	return i
}

// editCSV rewrites a CSV file through edit, which gets the header and the
// rows and returns the rows to write.
func editCSV(t *testing.T, path string, edit func(header []string, rows [][]string) [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 {
		t.Fatalf("%s has no rows to tamper with", path)
	}
	rows := edit(recs[0], recs[1:])
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(recs[0])
	w.WriteAll(rows)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}
