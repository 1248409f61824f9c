package model

import (
	"context"
	"encoding"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/jszwec/csvutil"

	"github.com/probation/rota/model/internal/infile"
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

// Options control Load. The zero value is the default.
type Options struct {
	// ShowValues puts the offending value into messages about the files
	// on people on probation (service_users.csv, requirements.csv and
	// non_associations.csv). By default those messages name the row, the
	// column and the rule only: the values are personal data (special
	// category and criminal offence data under UK GDPR), and messages go
	// to logs and CI output. Set it only for the user's own terminal.
	ShowValues bool
}

// LoadDir loads the data folder dir; see Load.
func LoadDir(dir string) (*Region, error) {
	return LoadDirContext(context.Background(), dir, Options{})
}

// LoadDirContext loads the data folder dir; see LoadContext.
func LoadDirContext(ctx context.Context, dir string, opt Options) (*Region, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("model: %s is not a folder", dir)
	}
	return LoadContext(ctx, os.DirFS(dir), opt)
}

// Load reads, validates and cross-references the data folder at the root of
// fsys; it is LoadContext with a background context and the default
// Options.
func Load(fsys fs.FS) (*Region, error) {
	return LoadContext(context.Background(), fsys, Options{})
}

// LoadContext reads, validates and cross-references the data folder at
// the root of fsys (the format is docs/data-format.md). It reports every
// problem it finds, up to a few dozen a file ("and N more"): the error is
// an errors.Join of *FieldError, sorted by file, line and column.
// Problems that do not stop planning (unknown columns) become the
// Region's Warnings. On error the Region is nil.
//
// Only regular files are read, within the limits of docs/data-format.md
// (file, line and cell length); loading stops when ctx is done, and the
// error then wraps ctx.Err().
func LoadContext(ctx context.Context, fsys fs.FS, opt Options) (*Region, error) {
	l := &loader{ctx: ctx, opt: opt, fsys: fsys, r: &Region{Settings: DefaultSettings()}, loaded: map[string]bool{}}
	for _, load := range []func(){l.loadSettings, l.loadSites, l.loadTeams, l.loadPractitioners,
		l.loadInterventions, l.loadServiceUsers, l.loadRequirements, l.loadProjects, l.loadNonAssociations} {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("model: loading stopped: %w", err)
		}
		load()
	}
	l.loadAway()
	l.loadPins()
	l.loadGroups()
	l.checkWomenStaff()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("model: loading stopped: %w", err)
	}
	l.checkAreas()
	if err := l.p.err(); err != nil {
		return nil, err
	}
	l.warnCrossFile()
	l.r.Warnings = l.p.warningStrings()
	l.r.derive()
	l.r.buildIndex()
	if err := l.setPins(); err != nil {
		return nil, err
	}
	return l.r, nil
}

// loader holds the state of one Load.
type loader struct {
	ctx    context.Context
	opt    Options
	fsys   fs.FS
	r      *Region
	p      problems
	loaded map[string]bool // files read (so references into a missing file are not each reported)

	badOpenDays map[string]bool // sites whose open_days are in error

	// Lines of each decoded row, for the cross-file warnings.
	siteLines, teamLines, pracLines, userLines, projLines []int
	intvLines, naLines                                    []int // for pins' messages (pins.go)

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
	hide   bool // values are left out of messages (see Options.ShowValues)
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

// errf reports a problem with col on this row. A value from the row goes
// into the message as r.v(value), never as itself.
func (r *row) errf(col, format string, args ...any) {
	r.p.add(r.file, r.line, col, fmt.Sprintf(format, args...))
}

// cellErr reports err, the parse error of col's cell.
func (r *row) cellErr(col string, err error) {
	msg := err.Error()
	var ve *ValueError
	if errors.As(err, &ve) {
		msg = fmt.Sprintf("%q %s", r.v(ve.Value), ve.Rule)
	}
	r.p.addError(&FieldError{File: r.file, Line: r.line, Column: col, Msg: msg, Err: err})
}

// checkMissing reports the columns of spec that must have a value and
// have none.
func (r *row) checkMissing(spec fileSpec) {
	for _, c := range spec.columns {
		if _, present := r.header[c]; present && r.raw(c) == "" && !slices.Contains(spec.mayBeEmpty, c) {
			r.errf(c, "missing value")
		}
	}
}

// personalFiles hold data on people on probation: their values are left
// out of messages unless Options.ShowValues.
var personalFiles = map[string]bool{FileServiceUsers: true, FileRequirements: true, FileNonAssociations: true}

// v is a value of the row as a message shows it: itself, cut to 40
// characters, or "the value" when the row's values are withheld.
func (r *row) v(x any) shown { return shown{x, r.hide} }

type shown struct {
	x    any
	hide bool
}

// Format writes the value (quoted for %q), or "the value".
func (s shown) Format(f fmt.State, verb rune) {
	if s.hide {
		io.WriteString(f, "the value")
		return
	}
	t := shorten(fmt.Sprint(s.x))
	if verb == 'q' {
		t = strconv.Quote(t)
	}
	io.WriteString(f, t)
}

// cellError is a parse error of one cell, caught during decoding.
type cellError struct {
	col string
	err error
}

// decodeFile reads the file of spec into a []T, calling check on every row.
// It returns the rows and their lines; nil if the file is missing or
// unreadable (which it reports). Past maxFileProblems errors in the file,
// rows are still checked, to count the problems, but no longer kept.
func decodeFile[T any](l *loader, spec fileSpec, check func(*row, *T)) ([]T, []int) {
	f, header := l.open(spec)
	if f == nil {
		return nil, nil
	}
	defer f.Close()
	hmap := l.checkHeader(spec, header, csvHeader[T]())
	d, err := newDecoder(f, header)
	if err != nil { // cannot happen with a header given
		l.p.add(spec.name, 1, "", err.Error())
		return nil, nil
	}
	var (
		out   []T
		lines []int
	)
	for {
		var v T
		err := d.decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			if l.readError(spec.name, f, d, header, err) {
				continue
			}
			break
		}
		r := &row{file: spec.name, line: f.Line(), header: hmap, rec: d.Record(), p: &l.p, hide: !l.opt.ShowValues && personalFiles[spec.name]}
		for _, ce := range d.errs {
			r.bad = append(r.bad, ce.col)
			r.cellErr(ce.col, ce.err)
		}
		r.checkMissing(spec)
		if check != nil {
			check(r, &v)
		}
		if l.p.full(spec.name) {
			l.loaded[spec.name] = false // its ids are no longer all known
			continue
		}
		out = append(out, v)
		lines = append(lines, r.line)
	}
	return out, lines
}

// open opens the file of spec and reads its header; nil when the file is
// missing or cannot be read (reported).
func (l *loader) open(spec fileSpec) (*infile.Reader, []string) {
	f, err := infile.Open(l.ctx, l.fsys, spec.name)
	if errors.Is(err, fs.ErrNotExist) {
		if spec.required {
			l.p.add(spec.name, 0, "", "missing file")
		}
		return nil, nil
	}
	if err == nil {
		var header []string
		if header, err = f.Read(); err == nil {
			l.loaded[spec.name] = true
			return f, header
		}
		f.Close()
	}
	if err == io.EOF {
		l.p.add(spec.name, 1, "", "empty file; want a header row")
	} else {
		l.readError(spec.name, nil, nil, nil, err)
	}
	return nil, nil
}

// readError reports an error reading file, and whether reading may go on.
// The context's error is not reported: Load returns it.
func (l *loader) readError(file string, f *infile.Reader, d *decoder, header []string, err error) bool {
	var (
		pe *csv.ParseError
		fe *infile.Error
		de *csvutil.DecodeError
	)
	switch {
	case errors.Is(err, csvutil.ErrFieldCount):
		l.p.add(file, f.Line(), "", fmt.Sprintf("has %d cells; the header has %d", len(d.Record()), len(header)))
	case errors.As(err, &de):
		l.p.addError(&FieldError{File: file, Line: f.Line(), Column: de.Field, Msg: de.Err.Error(), Err: de.Err})
	case errors.As(err, &pe):
		l.p.addError(&FieldError{File: file, Line: pe.Line, Msg: "bad CSV: " + pe.Err.Error(), Err: err})
	case errors.As(err, &fe):
		col := ""
		if fe.Column >= 0 && fe.Column < len(header) {
			col = header[fe.Column]
		}
		l.p.addError(&FieldError{File: file, Line: fe.Line, Column: col, Msg: fe.Msg, Err: err})
		if fe.Fatal {
			l.loaded[file] = false // the rest is unread: its ids are not known
		}
		return !fe.Fatal
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	default:
		l.p.add(file, 0, "", "cannot read: "+err.Error())
		return false
	}
	return true
}

// decoder decodes rows, catching the parse error of each cell so that one
// row reports every bad cell.
type decoder struct {
	*csvutil.Decoder
	col  string // the column being decoded
	errs []cellError
}

func newDecoder(f csvutil.Reader, header []string) (*decoder, error) {
	dec, err := csvutil.NewDecoder(f, header...)
	if err != nil {
		return nil, err
	}
	d := &decoder{Decoder: dec}
	dec.Map = func(field, c string, _ any) string {
		d.col = c
		return strings.TrimSpace(field)
	}
	dec.WithUnmarshalers(csvutil.NewUnmarshalers(
		csvutil.UnmarshalFunc(func(b []byte, v *int) error {
			x, err := parseInt(string(b))
			*v = x
			return d.catch(err)
		}),
		csvutil.UnmarshalFunc(func(b []byte, v *float64) error {
			x, err := parseNumber(string(b))
			*v = x
			return d.catch(err)
		}),
		csvutil.UnmarshalFunc(func(b []byte, v *bool) error {
			x, err := ParseBool(string(b))
			*v = x
			return d.catch(err)
		}),
		csvutil.UnmarshalFunc(func(b []byte, v encoding.TextUnmarshaler) error {
			return d.catch(v.UnmarshalText(b))
		}),
	))
	return d, nil
}

func (d *decoder) catch(err error) error {
	if err != nil {
		d.errs = append(d.errs, cellError{d.col, err})
	}
	return nil
}

// decode decodes the next row into v.
func (d *decoder) decode(v any) error {
	d.errs = d.errs[:0]
	return d.Decode(v)
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
			l.p.warn(spec.name, 1, "", fmt.Sprintf("column %q is not known; ignored", shorten(h)))
		}
	}
	for _, c := range spec.columns {
		if _, ok := hmap[c]; !ok {
			l.p.add(spec.name, 1, c, "missing column")
		}
	}
	return hmap
}
