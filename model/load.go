package model

import (
	"bytes"
	"encoding"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/jszwec/csvutil"
)

// The files of a data folder.
const (
	FileSites           = "sites.csv"
	FileTeams           = "teams.csv"
	FilePractitioners   = "practitioners.csv"
	FileServiceUsers    = "service_users.csv"
	FileRequirements    = "requirements.csv"
	FileInterventions   = "interventions.csv"
	FileProjects        = "projects.csv"
	FileNonAssociations = "non_associations.csv"
	FileSettings        = "settings.csv"
)

// fileSpec says what a file must hold: whether the file is required, and
// the columns that must be present. Each of those columns must also have a
// value on every row, except the columns of mayBeEmpty, whose empty cells
// the file's row check reports (with a more specific message) or accepts.
type fileSpec struct {
	name       string
	required   bool
	columns    []string
	mayBeEmpty []string
}

var (
	specSites = fileSpec{FileSites, true, []string{"id", "name", "town", "lat", "lon", "open_days"}, []string{"open_days"}}
	specTeams = fileSpec{FileTeams, true, []string{"id", "name", "base"}, nil}
	specPracs = fileSpec{FilePractitioners, true, []string{"id", "name", "team", "grade", "contracted_hours", "base_site"}, nil}
	specUsers = fileSpec{FileServiceUsers, true, []string{"id", "team", "gender", "dob", "rosh", "tier", "case_type"}, nil}
	specReqs  = fileSpec{FileRequirements, true, []string{"service_user", "kind"}, nil}
	specIntvs = fileSpec{FileInterventions, true, []string{"id", "name", "kind", "session_hours", "min_group", "max_group", "facilitators"}, nil}
	specProjs = fileSpec{FileProjects, false, []string{"id", "name", "site", "days", "places"}, nil}
	specNAs   = fileSpec{FileNonAssociations, false, []string{"service_user_a", "service_user_b"}, nil}
	specSets  = fileSpec{FileSettings, false, []string{"key", "value"}, []string{"value"}}
)

// LoadDir loads the data folder dir; see Load.
func LoadDir(dir string) (*Region, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("model: %s is not a folder", dir)
	}
	return Load(os.DirFS(dir))
}

// Load reads, validates and cross-references the data folder at the root of
// fsys (the format is docs/data-format.md). It reports every problem it
// finds: the error is an errors.Join of *FieldError, sorted by file, line
// and column. Problems that do not stop planning (unknown columns) become
// the Region's Warnings. On error the Region is nil.
func Load(fsys fs.FS) (*Region, error) {
	l := &loader{fsys: fsys, r: &Region{Settings: DefaultSettings()}, loaded: map[string]bool{}}
	l.loadSettings()
	l.loadSites()
	l.loadTeams()
	l.loadPractitioners()
	l.loadInterventions()
	l.loadServiceUsers()
	l.loadRequirements()
	l.loadProjects()
	l.loadNonAssociations()
	l.checkAreas()
	if err := l.p.err(); err != nil {
		return nil, err
	}
	l.warnCrossFile()
	l.r.Warnings = l.p.warningStrings()
	l.r.derive()
	l.r.buildIndex()
	return l.r, nil
}

// loader holds the state of one Load.
type loader struct {
	fsys   fs.FS
	r      *Region
	p      problems
	loaded map[string]bool // files read (so references into a missing file are not each reported)

	badOpenDays map[string]bool // sites whose open_days are in error

	// Lines of each decoded row, for the cross-file warnings.
	siteLines, teamLines, pracLines, userLines, projLines []int

	// id → position, first row wins; built as files load.
	sites, teams, pracs, intvs, users map[string]int
}

// row is one decoded record with its raw cells, for checks that need to
// know whether a cell was empty.
type row struct {
	file   string
	line   int
	header map[string]int
	rec    []string
	bad    []string // columns whose cell did not parse
	p      *problems
}

// raw gives the trimmed cell of col; "" when empty or the column is absent.
func (r *row) raw(col string) string {
	i, ok := r.header[col]
	if !ok || i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// has reports whether col has a value that parsed.
func (r *row) has(col string) bool { return r.raw(col) != "" && !slices.Contains(r.bad, col) }

// ok reports whether col's cell parsed (an empty cell parses).
func (r *row) ok(col string) bool { return !slices.Contains(r.bad, col) }

// errf reports a problem with col on this row.
func (r *row) errf(col, format string, args ...any) {
	r.p.add(r.file, r.line, col, fmt.Sprintf(format, args...))
}

// cellError is a parse error of one cell, caught during decoding.
type cellError struct {
	col string
	err error
}

// decodeFile reads the file of spec into a []T, calling check on every row.
// It returns the rows and their lines; nil if the file is missing or
// unreadable (which it reports).
func decodeFile[T any](l *loader, spec fileSpec, check func(*row, *T)) ([]T, []int) {
	data, err := fs.ReadFile(l.fsys, spec.name)
	if errors.Is(err, fs.ErrNotExist) {
		if spec.required {
			l.p.add(spec.name, 0, "", "missing file")
		}
		return nil, nil
	}
	if err != nil {
		l.p.add(spec.name, 0, "", "cannot read: "+err.Error())
		return nil, nil
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		l.p.add(spec.name, 1, "", "empty file; want a header row")
		return nil, nil
	}
	if err != nil {
		l.csvError(spec.name, err)
		return nil, nil
	}
	l.loaded[spec.name] = true
	hmap := l.checkHeader(spec, header, csvHeader[T]())

	dec, err := csvutil.NewDecoder(cr, header...)
	if err != nil { // cannot happen with a header given
		l.p.add(spec.name, 1, "", err.Error())
		return nil, nil
	}
	var (
		col      string
		cellErrs []cellError
	)
	catch := func(err error) error {
		cellErrs = append(cellErrs, cellError{col, err})
		return nil
	}
	dec.Map = func(field, c string, _ any) string {
		col = c
		return strings.TrimSpace(field)
	}
	dec.WithUnmarshalers(csvutil.NewUnmarshalers(
		csvutil.UnmarshalFunc(func(b []byte, v *int) error {
			x, err := parseInt(string(b))
			*v = x
			if err != nil {
				return catch(err)
			}
			return nil
		}),
		csvutil.UnmarshalFunc(func(b []byte, v *float64) error {
			x, err := parseNumber(string(b))
			*v = x
			if err != nil {
				return catch(err)
			}
			return nil
		}),
		csvutil.UnmarshalFunc(func(b []byte, v *bool) error {
			x, err := ParseBool(string(b))
			*v = x
			if err != nil {
				return catch(err)
			}
			return nil
		}),
		csvutil.UnmarshalFunc(func(b []byte, v encoding.TextUnmarshaler) error {
			if err := v.UnmarshalText(b); err != nil {
				return catch(err)
			}
			return nil
		}),
	))

	var (
		out      []T
		lines    []int
		lastLine = -1
	)
	for {
		var v T
		cellErrs = cellErrs[:0]
		err := dec.Decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, csvutil.ErrFieldCount) {
				line, _ := cr.FieldPos(0)
				l.p.add(spec.name, line, "", fmt.Sprintf("has %d cells; the header has %d", len(dec.Record()), len(header)))
				continue
			}
			var de *csvutil.DecodeError
			if errors.As(err, &de) {
				l.p.errs = append(l.p.errs, &FieldError{File: spec.name, Line: de.Line, Column: de.Field, Msg: de.Err.Error(), Err: de.Err})
				continue
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) && pe.StartLine != lastLine {
				lastLine = pe.StartLine
				l.csvError(spec.name, err)
				continue
			}
			if pe == nil {
				l.p.add(spec.name, 0, "", err.Error())
			}
			break // no progress: stop reading this file
		}
		line, _ := cr.FieldPos(0)
		r := &row{file: spec.name, line: line, header: hmap, rec: dec.Record(), p: &l.p}
		for _, ce := range cellErrs {
			r.bad = append(r.bad, ce.col)
			l.p.errs = append(l.p.errs, &FieldError{File: spec.name, Line: line, Column: ce.col, Msg: ce.err.Error(), Err: ce.err})
		}
		for _, c := range spec.columns {
			if _, present := hmap[c]; present && r.raw(c) == "" && !slices.Contains(spec.mayBeEmpty, c) {
				r.errf(c, "missing value")
			}
		}
		if check != nil {
			check(r, &v)
		}
		out = append(out, v)
		lines = append(lines, line)
	}
	return out, lines
}

// csvHeader gives the column names of T's csv tags.
func csvHeader[T any]() []string {
	var zero T
	h, err := csvutil.Header(zero, "csv")
	if err != nil {
		panic("model: " + err.Error()) // a programmer error in the types
	}
	return h
}

// csvError reports a CSV syntax error.
func (l *loader) csvError(file string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		l.p.errs = append(l.p.errs, &FieldError{File: file, Line: pe.Line, Msg: "bad CSV: " + pe.Err.Error(), Err: err})
		return
	}
	l.p.add(file, 0, "", "bad CSV: "+err.Error())
}

// checkHeader normalises the header in place (trimmed, lower case), reports
// duplicate, unknown and missing columns, and maps names to positions.
func (l *loader) checkHeader(spec fileSpec, header, known []string) map[string]int {
	hmap := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		header[i] = h
		if _, dup := hmap[h]; dup {
			l.p.add(spec.name, 1, h, "column given twice")
			header[i] = "" // ignore the second copy
			continue
		}
		hmap[h] = i
		if !slices.Contains(known, h) {
			l.p.warn(spec.name, 1, "", fmt.Sprintf("column %q is not known; ignored", h))
		}
	}
	for _, c := range spec.columns {
		if _, ok := hmap[c]; !ok {
			l.p.add(spec.name, 1, c, "missing column")
		}
	}
	return hmap
}
