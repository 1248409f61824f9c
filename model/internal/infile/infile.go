// Package infile reads the files of a data or rota folder within limits,
// so that no file, however made, hangs a command or exhausts its memory:
//
//   - only regular files are read (not a FIFO, a device or a folder, even
//     behind a symbolic link), of at most MaxFileBytes;
//   - a CSV record (a line, or the lines of a quoted cell) has at most
//     MaxRecordBytes, and a cell at most MaxCellBytes;
//   - a CSV file is UTF-8 (a byte order mark is skipped) and
//     comma-separated: a UTF-16 file, another encoding, or a header split
//     by ';' or tabs is refused with one message saying how to save it;
//   - rows whose cells are all empty (spreadsheets leave them below the
//     data) are skipped like blank lines;
//   - reading stops when the context is cancelled.
package infile

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// The limits.
const (
	MaxFileBytes   = 256 << 20 // a file
	MaxRecordBytes = 64 << 10  // a CSV record: a line, or the lines of a quoted cell
	MaxCellBytes   = 16 << 10  // a CSV cell
)

// Error is a problem with a file: its content cannot be read as a CSV file
// of this format at all (Fatal: reading stops), or one record or cell
// breaks a limit (reading goes on). Line is 0 for the file as a whole;
// Column is the 0-based cell, -1 for the whole row.
type Error struct {
	Line   int
	Column int
	Msg    string
	Fatal  bool
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func fatal(line int, format string, args ...any) *Error {
	return &Error{Line: line, Column: -1, Msg: fmt.Sprintf(format, args...), Fatal: true}
}

// ReadFile reads a whole regular file of at most max bytes (MaxFileBytes
// when max is 0), for files that are not CSV (summary.json).
func ReadFile(ctx context.Context, fsys fs.FS, name string, max int64) ([]byte, error) {
	if max <= 0 {
		max = MaxFileBytes
	}
	f, err := open(fsys, name, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(&limited{ctx: ctx, r: f, left: max})
}

// open opens name if it is a regular file of at most max bytes. The file
// is checked before it is opened (opening a FIFO blocks) and again after
// (it may have been replaced in between).
func open(fsys fs.FS, name string, max int64) (fs.File, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := regular(info, max); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err == nil {
		err = regular(info, max)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func regular(info fs.FileInfo, max int64) error {
	switch m := info.Mode(); {
	case m.IsDir():
		return fatal(0, "is a folder, not a file")
	case !m.IsRegular():
		return fatal(0, "is not a regular file (%s): only plain files are read", kind(m))
	case info.Size() > max:
		return fatal(0, "is %s; at most %s is read", size(info.Size()), size(max))
	}
	return nil
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// limited reads at most left bytes, and stops when ctx is done or when the
// bytes since reset pass recordMax (when it is > 0).
type limited struct {
	ctx       context.Context
	r         io.Reader
	left      int64
	recordMax int64
	sinceMark int64
	err       error // sticky
}

var (
	errTooLarge = errors.New("file too large")
	errRecord   = errors.New("record too long")
)

func (l *limited) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if err := l.ctx.Err(); err != nil {
		l.err = err
		return 0, err
	}
	if l.left <= 0 {
		// One byte more than allowed tells a file that grew from one that
		// ends at the limit.
		var b [1]byte
		if n, _ := l.r.Read(b[:]); n > 0 {
			l.err = errTooLarge
			return 0, l.err
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	l.sinceMark += int64(n)
	if l.recordMax > 0 && l.sinceMark > l.recordMax {
		l.err = errRecord
		return 0, l.err
	}
	return n, err
}

// Reader reads the records of a CSV file within the limits. It implements
// csvutil.Reader.
type Reader struct {
	f       fs.File
	lim     *limited
	cr      *csv.Reader
	header  bool // the header has been read
	line    int  // line of the last record's first cell
	endLine int  // line of the last record's last cell
}

// Open opens the CSV file name of fsys. A missing file gives an error
// that matches fs.ErrNotExist; a file that is not regular, too large, or
// not UTF-8 or UTF-16 text gives a fatal *Error.
func Open(ctx context.Context, fsys fs.FS, name string) (*Reader, error) {
	f, err := open(fsys, name, MaxFileBytes)
	if err != nil {
		return nil, err
	}
	lim := &limited{ctx: ctx, r: f, left: MaxFileBytes, recordMax: MaxRecordBytes + 4096}
	br := bufio.NewReaderSize(lim, 4096)
	if err := sniff(br); err != nil {
		f.Close()
		return nil, err
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	return &Reader{f: f, lim: lim, cr: cr}, nil
}

// sniff refuses UTF-16 and binary files, and skips a UTF-8 byte order mark.
func sniff(br *bufio.Reader) error {
	head, _ := br.Peek(512)
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return fatal(0, "is UTF-16: save it as CSV UTF-8")
	case bytes.HasPrefix(head, []byte("\ufeff")):
		br.Discard(3)
		return nil
	}
	if zeros := bytes.Count(head, []byte{0}); zeros > 0 {
		if zeros*3 >= len(head) && utf16ish(head) {
			return fatal(0, "is UTF-16: save it as CSV UTF-8")
		}
		return fatal(0, "is not a text file: save it as CSV UTF-8")
	}
	return nil
}

// utf16ish reports whether every other byte is zero (ASCII text in UTF-16
// without a byte order mark).
func utf16ish(b []byte) bool {
	even, odd := 0, 0
	for i, c := range b {
		if c == 0 && i%2 == 0 {
			even++
		} else if c == 0 {
			odd++
		}
	}
	return even*4 >= len(b) || odd*4 >= len(b)
}

// Close closes the file.
func (r *Reader) Close() error { return r.f.Close() }

// Line is the line of the last record read (of its first cell).
func (r *Reader) Line() int { return r.line }

// Read gives the next record that has a non-empty cell. Its errors:
// io.EOF at the end; a *csv.ParseError for a syntax error in one record,
// positioned where the record starts (a stray quote is reported where it
// opened, not where the file ends); a *Error; or the context's error.
// Reading may go on after a *csv.ParseError and a *Error that is not
// Fatal; after any other error it may not.
func (r *Reader) Read() ([]string, error) {
	for {
		r.lim.sinceMark = 0
		rec, err := r.cr.Read()
		if err != nil {
			return nil, r.readError(err)
		}
		r.line, _ = r.cr.FieldPos(0)
		r.endLine, _ = r.cr.FieldPos(len(rec) - 1)
		if err := r.check(rec); err != nil {
			return nil, err
		}
		if !r.header {
			r.header = true
			return rec, separator(rec)
		}
		if !blank(rec) {
			return rec, nil
		}
	}
}

func (r *Reader) readError(err error) error {
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return err
	case errors.As(err, &pe):
		if errors.Is(pe.Err, csv.ErrQuote) {
			return &csv.ParseError{StartLine: pe.StartLine, Line: pe.StartLine, Column: pe.Column,
				Err: errors.New("a quoted cell that starts on this line does not end properly (extraneous or missing \" in quoted-field)")}
		}
		return err
	case errors.Is(err, errRecord):
		return fatal(r.endLine+1, "a record is longer than %s: is a quote left open on this line, or a line run on?", size(MaxRecordBytes))
	case errors.Is(err, errTooLarge):
		return fatal(0, "is more than %s; at most %s is read", size(MaxFileBytes), size(MaxFileBytes))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return fatal(0, "cannot read: %v", err)
}

// check refuses a record with text that is not UTF-8 (fatal: the whole
// file is in another encoding) or a cell that is too long.
func (r *Reader) check(rec []string) error {
	n := len(rec) - 1 // the commas
	for _, c := range rec {
		n += len(c)
	}
	if n > MaxRecordBytes {
		return fatal(r.line, "a record is longer than %s: is a quote left open on this line, or a line run on?", size(MaxRecordBytes))
	}
	for i, c := range rec {
		if !utf8.ValidString(c) {
			return fatal(r.line, "not UTF-8 text (Excel's plain \"CSV\" saves Windows-1252 or -1250): save the file as CSV UTF-8")
		}
		if len(c) > MaxCellBytes {
			line, _ := r.cr.FieldPos(i)
			return &Error{Line: line, Column: i, Msg: fmt.Sprintf("the cell is longer than %s", size(MaxCellBytes)), Fatal: !r.header}
		}
	}
	return nil
}

// separator refuses a header of one cell that ';' or a tab would split:
// the file was saved with another separator than ','.
func separator(header []string) error {
	if len(header) != 1 {
		return nil
	}
	for _, s := range []struct{ sep, name string }{{";", "';'"}, {"\t", "tabs"}} {
		if strings.Contains(header[0], s.sep) {
			return fatal(0, "is separated by %s, not commas: save it as CSV UTF-8 (comma delimited)", s.name)
		}
	}
	return nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
