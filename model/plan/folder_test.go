package plan

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/probation/rota/model/plan/plantest"
)

// rotaA and rotaB are two rotas told apart by every file.
var (
	rotaA = &Plan{Summary: Summary{Status: "optimal", Objective: 1}, Unmet: []Unmet{{ServiceUser: "a", Kind: "appointment", Due: 1, Unmet: 1}}}
	rotaB = &Plan{Summary: Summary{Status: "feasible", Objective: 2}, Unmet: []Unmet{{ServiceUser: "b", Kind: "appointment", Due: 1, Unmet: 1}}}
)

// writeFolder writes p into dir as a unit.
func writeFolder(t *testing.T, dir string, p *Plan) error {
	t.Helper()
	f, err := NewFolder(dir, 1<<16)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := p.WriteFolder(f); err != nil {
		return err
	}
	return f.Commit()
}

// contents reads every file of dir.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

// written is what writing p into an empty folder gives.
func written(t *testing.T, p *Plan) map[string]string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "rota")
	if err := writeFolder(t, dir, p); err != nil {
		t.Fatal(err)
	}
	return contents(t, dir)
}

// siblings lists what is beside dir other than dir itself.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != filepath.Base(dir) {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestFolderReplacesAsAUnit: a second rota replaces the first whole, files
// the new one lacks included, and leaves nothing beside it; the same rota
// written twice gives the same bytes.
func TestFolderReplacesAsAUnit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rota")
	if err := writeFolder(t, dir, rotaA); err != nil {
		t.Fatal(err)
	}
	// A caseload file of an earlier balanced run, and a temporary file
	// left by a killed writer of the old kind.
	os.WriteFile(filepath.Join(dir, CaseloadFile), []byte("old\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".staff.csv.tmp123"), []byte("half"), 0o644)
	if err := writeFolder(t, dir, rotaB); err != nil {
		t.Fatal(err)
	}
	if got, want := contents(t, dir), written(t, rotaB); !equal(got, want) {
		t.Errorf("after the second write the folder holds %v, want %v", keys(got), keys(want))
	}
	if s := siblings(t, dir); len(s) > 0 {
		t.Errorf("left beside the folder: %v", s)
	}
	if err := writeFolder(t, dir, rotaB); err != nil {
		t.Fatal(err)
	}
	if got, want := contents(t, dir), written(t, rotaB); !equal(got, want) {
		t.Error("the same rota written twice differs")
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("folder mode %v (%v), want rwxr-xr-x", st.Mode(), err)
	}
}

// TestFolderEarlyErrors: a folder that cannot be replaced fails NewFolder,
// before any work, and is left as it was.
func TestFolderEarlyErrors(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	other := filepath.Join(base, "other")
	os.Mkdir(other, 0o755)
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644)
	tests := []struct {
		name, dir, want string
	}{
		{"no name", "", "no name"},
		{"a file", file, "is a file"},
		{"a folder with other files", other, "notes.txt"},
	}
	if ro := plantest.ReadOnlyDir(t); ro != "" {
		tests = append(tests, struct{ name, dir, want string }{"a read-only folder", ro, "cannot be written"})
	}
	if full := plantest.FullDir(t); full != "" {
		tests = append(tests, struct{ name, dir, want string }{"a full disk", filepath.Join(full, "rota"), "no room"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := NewFolder(tt.dir, 1<<20)
			if err == nil {
				f.Abort()
				t.Fatalf("NewFolder(%q) succeeded", tt.dir)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to say %q", err, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(b) != "mine" {
		t.Error("a refused folder was changed")
	}
}

// TestFolderFullDiskMidWrite: a disk that fills while the files are written
// leaves the old rota whole and nothing beside it.
func TestFolderFullDiskMidWrite(t *testing.T) {
	full := plantest.FullDir(t)
	if full == "" {
		t.Skip("needs root to mount a small file system")
	}
	os.Remove(filepath.Join(full, "filler"))
	dir := filepath.Join(full, "rota")
	if err := writeFolder(t, dir, rotaA); err != nil {
		t.Fatal(err)
	}
	want := contents(t, dir)
	big := &Plan{Summary: rotaB.Summary}
	for range 5000 {
		big.Unmet = append(big.Unmet, rotaB.Unmet...)
	}
	f, err := NewFolder(dir, 0) // no room held: the write itself fails
	if err != nil {
		t.Fatal(err)
	}
	err = big.WriteFolder(f)
	if err == nil {
		err = f.Commit()
	}
	f.Abort()
	if err == nil {
		t.Fatal("writing 5,000 unmet rows to a 64 KiB disk succeeded")
	}
	if got := contents(t, dir); !equal(got, want) {
		t.Errorf("after a failed write the folder holds %v, want the old rota", keys(got))
	}
	if s := siblings(t, dir); len(s) > 0 {
		t.Errorf("left beside the folder: %v", s)
	}
}

// TestFolderKilled: a writer killed (SIGKILL) at each step of Commit leaves
// the old rota or the new one, whole, and the next writer removes what it
// left behind.
func TestFolderKilled(t *testing.T) {
	if step := os.Getenv("ROTA_PLAN_KILL_AT"); step != "" {
		// The child: write rota B over A and die at step.
		commitHook = func(s string) {
			if s == step {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
		}
		if err := writeFolder(t, os.Getenv("ROTA_PLAN_DIR"), rotaB); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, step := range []string{"synced", "swapped"} {
		t.Run(step, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "rota")
			if err := writeFolder(t, dir, rotaA); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestFolderKilled$")
			cmd.Env = append(os.Environ(), "ROTA_PLAN_KILL_AT="+step, "ROTA_PLAN_DIR="+dir)
			err := cmd.Run()
			if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the writer was not killed: %v", err)
			}
			got := contents(t, dir)
			if !equal(got, written(t, rotaA)) && !equal(got, written(t, rotaB)) {
				t.Fatalf("after a kill at %q the folder is a mix: %v", step, got)
			}
			if len(siblings(t, dir)) == 0 {
				t.Logf("nothing left beside the folder after a kill at %q", step)
			}
			// The next writer cleans up.
			if err := writeFolder(t, dir, rotaA); err != nil {
				t.Fatal(err)
			}
			if s := siblings(t, dir); len(s) > 0 {
				t.Errorf("left beside the folder after the next write: %v", s)
			}
		})
	}
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}

// TestFolderThroughALink: --out naming a link to a folder replaces the
// folder and keeps the link.
func TestFolderThroughALink(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	if err := writeFolder(t, real, rotaA); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(base, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := writeFolder(t, link, rotaB); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link is gone: %v %v", fi, err)
	}
	if got, want := contents(t, real), written(t, rotaB); !equal(got, want) {
		t.Errorf("the linked folder holds %v, want the new rota", keys(got))
	}
}
