// Package plantest gives tests folders that cannot be written: a folder
// this process may not write, and one on a full disk. Both mount a small
// tmpfs when the test runs as root (as CI does), so they need Linux.
package plantest

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// ReadOnlyDir returns a folder this process cannot write: a chmod
// suffices for a user; root needs a read-only mount. "" when neither
// works.
func ReadOnlyDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(dir, 0o755)
	if os.Geteuid() != 0 {
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k"); err != nil {
		t.Logf("no read-only folder to test with: %v", err)
		return ""
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	// A folder inside the mount: the mount point itself is refused sooner.
	inner := filepath.Join(dir, "rota")
	os.Mkdir(inner, 0o755)
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, "size=64k"); err != nil {
		t.Logf("no read-only folder to test with: %v", err)
		return ""
	}
	return inner
}

// FullDir returns a folder on a file system with no room (a 64 KiB tmpfs,
// filled), or "" when it cannot mount one (not root).
func FullDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "full")
	os.Mkdir(dir, 0o755)
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k"); err != nil {
		t.Logf("no full disk to test with: %v", err)
		return ""
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	os.WriteFile(filepath.Join(dir, "filler"), bytes.Repeat([]byte("x"), 60<<10), 0o644)
	return dir
}
