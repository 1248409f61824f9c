package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGenerateCLI: generate writes a folder that validates, the same bytes
// for the same seed, and refuses bad flags with exit 2.
func TestGenerateCLI(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	mustRota(t, "generate", "--cases", "120", "--seed", "3", "--out", a)
	mustRota(t, "generate", "--cases", "120", "--seed", "3", "--out", b)
	mustRota(t, "validate", "--data", a)
	for _, f := range []string{"sites.csv", "service_users.csv", "requirements.csv"} {
		if got, want := readFile(t, filepath.Join(a, f)), readFile(t, filepath.Join(b, f)); got != want {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
	}
	for _, args := range [][]string{
		{"generate", "--cases", "10", "--out", filepath.Join(dir, "c")},
		{"generate", "--cases", "100"},
	} {
		if code, _, _ := rota(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
