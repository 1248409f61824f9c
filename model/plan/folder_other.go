//go:build !linux

package plan

import (
	"os"
	"syscall"
)

// exchange cannot swap two paths atomically here: Folder.Commit then moves
// the old folder aside before renaming the new one into place.
func exchange(a, b string) error {
	if _, err := os.Stat(b); err != nil {
		return syscall.ENOENT
	}
	return syscall.ENOSYS
}

// allocate is not offered here: Folder writes zeros instead.
func allocate(f *os.File, n int64) error { return syscall.ENOSYS }
