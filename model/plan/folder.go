package plan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Folder writes an output folder as a unit: its files go into a new folder
// beside it, which Commit syncs and swaps with the old one in one rename
// (Linux's RENAME_EXCHANGE), so that a reader sees the old folder or the new
// one, never a mix, even if the program is killed or the disk fills up
// part-way. What is left behind by a program killed before it finished (a
// new folder not yet swapped in, an old one not yet removed) is removed by
// the next NewFolder for the same folder.
//
// Open a Folder before the long work (a solve) so that a folder that cannot
// be written fails at once: NewFolder checks that dir is a folder (or
// absent), holds nothing but output files, can be written, and that there
// is room for the files.
type Folder struct {
	dir    string // the folder replaced, absolute
	tmp    string // its new contents while they are written
	names  []string
	keep   []string // names of files, in dir, that the new folder should not lose
	closed bool
}

// tmpPrefix starts the name of a folder's new contents and of an old one
// being removed, beside it: ".NAME.new-PID-…" and ".NAME.old-PID-…".
func tmpPrefix(base, kind string) string { return "." + base + "." + kind + "-" }

// reserveFile holds disk space in a new folder until its first file is
// written.
const reserveFile = ".reserve"

// outputFiles are the files a rota folder may hold: those of a plan and
// of a balanced caseload.
var outputFiles = []string{
	StaffFile, AppointmentsFile, SessionsFile, AttendanceFile, UnmetFile, SummaryFile, RegularFile,
	CaseloadFile, MovesFile, CaseloadSummaryFile, GroupsFile, GroupSessionsFile,
}

// NewFolder checks that dir can be written as a unit and starts its new
// contents, holding reserve bytes of disk space for them. allowed names the
// files dir may hold beyond a rota folder's (a name ending in "/" names a
// folder, such as "calendars/"); a folder holding anything
// else is refused, so that no one's other files are replaced. Stale
// temporary folders of earlier runs are removed. Close the Folder with
// Commit or Abort.
func NewFolder(dir string, reserve int64, allowed ...string) (*Folder, error) {
	if dir == "" {
		return nil, errors.New("output folder: no name given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", dir, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real // a link to a folder: the folder is replaced, the link kept
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if abs == parent {
		return nil, fmt.Errorf("output folder %s: the root cannot be replaced", dir)
	}
	if err := checkReplaceable(dir, abs, parent, allowed); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s: %w", dir, err)
	}
	cleanStale(parent, base)
	tmp, err := os.MkdirTemp(parent, tmpPrefix(base, "new")+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, fmt.Errorf("output folder %s: cannot write beside it: %w", dir, err)
	}
	f := &Folder{dir: abs, tmp: tmp}
	if err := os.Chmod(tmp, 0o755); err != nil {
		f.Abort()
		return nil, fmt.Errorf("output folder %s: %w", dir, err)
	}
	if err := f.hold(reserve); err != nil {
		f.Abort()
		return nil, fmt.Errorf("output folder %s: no room for the output (%d MB): %w", dir, (reserve+1<<20-1)>>20, err)
	}
	return f, nil
}

// checkReplaceable refuses a dir that is not a folder, cannot be written,
// is a mount point or holds files other than output files.
func checkReplaceable(dir, abs, parent string, allowed []string) error {
	st, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("output folder %s is a file, not a folder", dir)
	}
	if err := syscall.Access(abs, 2 /* W_OK */); err != nil {
		return fmt.Errorf("output folder %s cannot be written: %w", dir, err)
	}
	if pst, err := os.Stat(parent); err == nil && !sameDevice(st, pst) {
		return fmt.Errorf("output folder %s is a mount point: it cannot be replaced as a unit; choose a folder inside it", dir)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	var other []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && (slices.Contains(outputFiles, n) || slices.Contains(allowed, n) || isStaleFile(n)) {
			continue
		}
		if e.IsDir() && slices.Contains(allowed, n+"/") {
			continue
		}
		other = append(other, n)
	}
	if len(other) > 0 {
		more := ""
		if len(other) > 3 {
			more = fmt.Sprintf(" and %d more", len(other)-3)
			other = other[:3]
		}
		return fmt.Errorf("output folder %s holds files that are not rota output (%s%s): the folder is replaced as a whole, so choose an empty folder or one rota wrote", dir, strings.Join(other, ", "), more)
	}
	return nil
}

// isStaleFile reports a temporary file WriteFileAtomic leaves when killed.
func isStaleFile(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp")
}

func sameDevice(a, b fs.FileInfo) bool {
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return !ok1 || !ok2 || sa.Dev == sb.Dev
}

// cleanStale removes the new and old folders that runs killed part-way
// left beside parent/base, except those of processes still running.
func cleanStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		var rest string
		switch {
		case strings.HasPrefix(n, tmpPrefix(base, "new")):
			rest = n[len(tmpPrefix(base, "new")):]
		case strings.HasPrefix(n, tmpPrefix(base, "old")):
			rest = n[len(tmpPrefix(base, "old")):]
		default:
			continue
		}
		pid, err := strconv.Atoi(rest[:max(0, strings.IndexByte(rest, '-'))])
		if err == nil && pid != os.Getpid() && alive(pid) {
			continue // another rota writing the same folder now
		}
		os.RemoveAll(filepath.Join(parent, n))
	}
}

// alive reports whether process pid exists.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// hold takes n bytes of disk space in the new folder, given back when the
// first file is written: a full disk fails here, before any work.
func (f *Folder) hold(n int64) error {
	if n <= 0 {
		return nil
	}
	r, err := os.OpenFile(filepath.Join(f.tmp, reserveFile), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	err = allocate(r, n)
	if errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOSYS) {
		err = writeZeros(r, n)
	}
	if err == nil {
		err = r.Sync()
	}
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeZeros(f *os.File, n int64) error {
	buf := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, int64(len(buf)))
		if _, err := f.Write(buf[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// Dir is the folder being replaced.
func (f *Folder) Dir() string { return f.dir }

// WriteFile writes one file of the new folder; name may name a file in a
// folder inside it ("calendars/p01.ics"). Commit syncs the files to disk,
// several at once: one at a time, the 780 calendars of 25,000 generated
// cases took 1.4 s to sync (0.24 s eight at a time), most of a Ctrl-C's
// time to exit.
func (f *Folder) WriteFile(name string, b []byte) error {
	if f.closed {
		return fmt.Errorf("write %s: the folder is already closed", name)
	}
	os.Remove(filepath.Join(f.tmp, reserveFile))
	path := filepath.Join(f.tmp, name)
	if sub := filepath.Dir(path); sub != f.tmp {
		// A file of a folder inside the new one (calendars/p01.ics).
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(f.dir, name), err)
		}
	}
	w, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(f.dir, name), err)
	}
	_, err = w.Write(b)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(f.dir, name), err)
	}
	if !slices.Contains(f.names, name) {
		f.names = append(f.names, name)
	}
	return nil
}

// commitHook, when set, is called at each step of Commit (tests only: a
// test stops the program there, as a kill would).
var commitHook func(step string)

func (f *Folder) step(s string) {
	if commitHook != nil {
		commitHook(s)
	}
}

// Commit makes the new folder the folder: it syncs it, swaps it with the
// old one (or renames it into place) and removes the old one. On an error
// the old folder is left as it was and the new one removed.
func (f *Folder) Commit() error {
	if f.closed {
		return errors.New("output folder: already closed")
	}
	f.closed = true
	os.Remove(filepath.Join(f.tmp, reserveFile))
	if err := syncFiles(f.tmp, f.names); err != nil {
		os.RemoveAll(f.tmp)
		return fmt.Errorf("output folder %s: %w", f.dir, err)
	}
	if err := syncTree(f.tmp); err != nil {
		os.RemoveAll(f.tmp)
		return fmt.Errorf("output folder %s: %w", f.dir, err)
	}
	f.step("synced")
	parent := filepath.Dir(f.dir)
	err := exchange(f.tmp, f.dir)
	switch {
	case err == nil:
		f.step("swapped")
		// f.tmp now holds the old folder.
		os.RemoveAll(f.tmp)
	case errors.Is(err, syscall.ENOENT):
		// No old folder: a plain rename, which fails if one appeared since.
		if err = os.Rename(f.tmp, f.dir); err != nil {
			os.RemoveAll(f.tmp)
			return fmt.Errorf("output folder %s: %w", f.dir, err)
		}
	case errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOSYS):
		// A file system without RENAME_EXCHANGE: the old folder goes aside
		// first, and for a moment there is no folder at all, but never a
		// mix.
		if err = f.swapInTwo(); err != nil {
			os.RemoveAll(f.tmp)
			return fmt.Errorf("output folder %s: %w", f.dir, err)
		}
	default:
		os.RemoveAll(f.tmp)
		return fmt.Errorf("output folder %s: %w", f.dir, err)
	}
	if err := syncDir(parent); err != nil {
		return fmt.Errorf("output folder %s: %w", f.dir, err)
	}
	return nil
}

func (f *Folder) swapInTwo() error {
	parent, base := filepath.Dir(f.dir), filepath.Base(f.dir)
	old := filepath.Join(parent, tmpPrefix(base, "old")+strconv.Itoa(os.Getpid())+"-"+filepath.Base(f.tmp))
	if err := os.Rename(f.dir, old); err != nil {
		return err
	}
	f.step("aside")
	if err := os.Rename(f.tmp, f.dir); err != nil {
		os.Rename(old, f.dir)
		return err
	}
	os.RemoveAll(old)
	return nil
}

// Abort removes the new folder; the old one is left as it was. It does
// nothing after Commit.
func (f *Folder) Abort() {
	if f.closed {
		return
	}
	f.closed = true
	os.RemoveAll(f.tmp)
}

// syncFiles flushes the named files of dir to disk, eight at a time,
// and returns the first error.
func syncFiles(dir string, names []string) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	next := make(chan string)
	for range 8 {
		wg.Go(func() {
			for name := range next {
				err := syncFile(filepath.Join(dir, name))
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				mu.Unlock()
			}
		})
	}
	for _, name := range names {
		next <- name
	}
	close(next)
	wg.Wait()
	return first
}

// syncFile flushes a written file to disk.
func syncFile(path string) error { return syncPath(path, os.O_WRONLY) }

// syncTree flushes a folder's entries, and those of the folders inside
// it, to disk.
func syncTree(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			if err := syncTree(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return syncDir(dir)
}

// syncDir flushes a folder's entries to disk.
func syncDir(dir string) error { return syncPath(dir, os.O_RDONLY) }

// syncPath opens path with flag, flushes it to disk and closes it,
// returning the first error.
func syncPath(path string, flag int) error {
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
