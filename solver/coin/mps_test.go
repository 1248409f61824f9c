package coin

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/probation/rota/solver/mip"
)

// TestMPSWithCbcProgram writes each test problem with Problem.WriteMPS, has
// the cbc program (and glpsol --freemps, if installed) solve the file, and
// compares the optimum with ours. The file is a minimisation, so a
// maximisation's optimum appears negated.
func TestMPSWithCbcProgram(t *testing.T) {
	skipWithoutSolver(t)
	cbc, err := exec.LookPath("cbc")
	if err != nil {
		t.Skip("cbc program not on PATH (Debian package coinor-cbc)")
	}
	var problems []*mip.Problem
	for _, tt := range append(append([]textbook{}, lps...), mips...) {
		problems = append(problems, tt.build())
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for k := range 10 {
		p := randomMIP(rng)
		p.Name = fmt.Sprintf("random %d", k)
		problems = append(problems, p)
	}
	mixed := assignment(3, 8, 5, 0.8, true)
	mixed.Offset = 12.5
	problems = append(problems, mixed)
	negated := assignment(3, 8, 5, 0.8, true) // the same, as a maximisation
	negated.Name, negated.Sense, negated.Offset = "negated "+negated.Name, mip.Maximize, -12.5
	for j, c := range negated.Cols() {
		negated.SetCost(j, -c.Cost)
	}
	problems = append(problems, negated)
	glpsol, _ := exec.LookPath("glpsol")

	dir := t.TempDir()
	for k, p := range problems {
		t.Run(p.Name, func(t *testing.T) {
			r := mustSolve(t, SolveMIP, p, mip.Options{})
			var buf bytes.Buffer
			if err := p.WriteMPS(&buf); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, fmt.Sprintf("p%d.mps", k))
			sol := filepath.Join(dir, fmt.Sprintf("p%d.sol", k))
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(cbc, file, "-solve", "-solu", sol).CombinedOutput()
			if err != nil {
				t.Fatalf("cbc: %v\n%s", err, out)
			}
			text, err := os.ReadFile(sol)
			if err != nil {
				t.Fatalf("cbc wrote no solution: %v\n%s", err, out)
			}
			status, obj := parseCbcSolution(t, string(text))
			switch r.Status {
			case mip.Optimal:
				sign := 1.0
				if p.Sense == mip.Maximize {
					sign = -1
				}
				if status != "Optimal" || !near(obj, sign*r.Objective) {
					t.Errorf("cbc on the MPS file: %s %v, want Optimal %v (our %v %v)", status, obj, sign*r.Objective, r.Status, r.Objective)
				}
			case mip.Infeasible:
				if !strings.HasSuffix(status, "nfeasible") { // "Infeasible" or "Integer infeasible"
					t.Errorf("cbc on the MPS file: %s, want Infeasible", status)
				}
			default:
				t.Fatalf("our status %v", r.Status)
			}
			if glpsol == "" || r.Status != mip.Optimal {
				return
			}
			report := filepath.Join(dir, fmt.Sprintf("p%d.glpk", k))
			if out, err := exec.Command(glpsol, "--freemps", file, "-o", report).CombinedOutput(); err != nil {
				t.Fatalf("glpsol: %v\n%s", err, out)
			}
			text, err = os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			m := regexp.MustCompile(`Objective:\s+OBJ = (\S+) \(MINimum\)`).FindSubmatch(text)
			if m == nil {
				t.Fatalf("no objective in the glpsol report:\n%s", text)
			}
			got, _ := strconv.ParseFloat(string(m[1]), 64)
			sign := 1.0
			if p.Sense == mip.Maximize {
				sign = -1
			}
			if !near(got, sign*r.Objective) {
				t.Errorf("glpsol --freemps on the MPS file: %v, want %v", got, sign*r.Objective)
			}
		})
	}
}

// parseCbcSolution reads the first line of a cbc -solu file, such as
// "Optimal - objective value -40.00000000".
func parseCbcSolution(t *testing.T, text string) (status string, obj float64) {
	t.Helper()
	first, _, _ := strings.Cut(text, "\n")
	status, rest, ok := strings.Cut(first, " - objective value ")
	if !ok {
		t.Fatalf("unexpected cbc solution line %q", first)
	}
	obj, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
	if err != nil {
		t.Fatalf("unexpected cbc solution line %q", first)
	}
	return strings.TrimSpace(status), obj
}
