package model

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
)

// FieldError is one problem with the data folder, located by file, line and
// column. Load joins every FieldError of a folder with errors.Join.
type FieldError struct {
	File   string // file name within the folder, e.g. "sites.csv"
	Line   int    // 1-based line; 0 = the file as a whole
	Column string // column name; "" = the row or file as a whole
	Msg    string
	Err    error // underlying parse error, if any
}

// Error gives "file:line: column: message", leaving out the line when 0 and
// the column when empty.
func (e *FieldError) Error() string {
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

// problems collects FieldErrors and warnings while loading.
type problems struct {
	errs     []*FieldError
	warnings []*FieldError
}

func (p *problems) add(file string, line int, col, msg string) {
	p.errs = append(p.errs, &FieldError{File: file, Line: line, Column: col, Msg: msg})
}

func (p *problems) warn(file string, line int, col, msg string) {
	p.warnings = append(p.warnings, &FieldError{File: file, Line: line, Column: col, Msg: msg})
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
	sortFieldErrors(p.errs)
	es := make([]error, len(p.errs))
	for i, e := range p.errs {
		es[i] = e
	}
	return errors.Join(es...)
}

// warningStrings gives the warnings, sorted like the errors.
func (p *problems) warningStrings() []string {
	sortFieldErrors(p.warnings)
	out := make([]string, len(p.warnings))
	for i, w := range p.warnings {
		out[i] = w.Error()
	}
	return out
}
