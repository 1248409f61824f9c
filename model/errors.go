package model

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FieldError is one problem with the data folder, located by file, line and
// column. Load joins every FieldError of a folder with errors.Join.
type FieldError struct {
	File   string // file name within the folder, e.g. "sites.csv"
	Line   int    // 1-based line; 0 = the file as a whole
	Column string // column name; "" = the row or file as a whole
	Msg    string
	Err    error // underlying parse error, if any
	More   int   // on the line after a file's last kept problem: how many more it has
}

// Error gives "file:line: column: message", leaving out the line when 0 and
// the column when empty. A message about a whole file that starts "is "
// follows the file's name as a sentence: "sites.csv is UTF-16: …".
func (e *FieldError) Error() string {
	if e.Line == 0 && e.Column == "" && strings.HasPrefix(e.Msg, "is ") {
		return e.File + " " + e.Msg
	}
	s := e.File
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	s += ": "
	if e.Column != "" {
		s += e.Column + ": "
	}
	return s + e.Msg
}

// Unwrap gives the underlying parse error, if any.
func (e *FieldError) Unwrap() error { return e.Err }

// maxFileProblems is the most errors, and the most warnings, kept for one
// file; the rest are counted ("and N more").
const maxFileProblems = 40

// problems collects FieldErrors and warnings while loading, at most
// maxFileProblems of each for a file.
type problems struct {
	errs     []*FieldError
	warnings []*FieldError
	nErrs    map[string]int // errors found by file, kept or not
	nWarns   map[string]int
}

func (p *problems) add(file string, line int, col, msg string) {
	p.addError(&FieldError{File: file, Line: line, Column: col, Msg: msg})
}

// addError keeps e unless its file already has maxFileProblems errors.
func (p *problems) addError(e *FieldError) {
	if p.nErrs == nil {
		p.nErrs = map[string]int{}
	}
	if p.nErrs[e.File]++; p.nErrs[e.File] <= maxFileProblems {
		p.errs = append(p.errs, e)
	}
}

// full reports whether file's errors are past maxFileProblems.
func (p *problems) full(file string) bool { return p.nErrs[file] > maxFileProblems }

func (p *problems) warn(file string, line int, col, msg string) {
	if p.nWarns == nil {
		p.nWarns = map[string]int{}
	}
	if p.nWarns[file]++; p.nWarns[file] <= maxFileProblems {
		p.warnings = append(p.warnings, &FieldError{File: file, Line: line, Column: col, Msg: msg})
	}
}

// withMore sorts es and puts after each file's last problem the count of
// those not kept: "and N more problems".
func withMore(es []*FieldError, counts map[string]int, what string) []*FieldError {
	sortFieldErrors(es)
	out := make([]*FieldError, 0, len(es)+1)
	for i, e := range es {
		out = append(out, e)
		if i+1 < len(es) && es[i+1].File == e.File {
			continue
		}
		if n := counts[e.File] - maxFileProblems; n > 0 {
			out = append(out, &FieldError{File: e.File, Msg: fmt.Sprintf("and %d more %s in this file", n, what), More: n})
		}
	}
	return out
}

func sortFieldErrors(es []*FieldError) {
	slices.SortStableFunc(es, func(a, b *FieldError) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// err joins the errors, sorted by file, line, column and message; nil if
// there are none.
func (p *problems) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	all := withMore(p.errs, p.nErrs, "problems")
	es := make([]error, len(all))
	for i, e := range all {
		es[i] = e
	}
	return errors.Join(es...)
}

// warningStrings gives the warnings, sorted like the errors.
func (p *problems) warningStrings() []string {
	all := withMore(p.warnings, p.nWarns, "warnings")
	out := make([]string, len(all))
	for i, w := range all {
		out[i] = w.Error()
	}
	return out
}
