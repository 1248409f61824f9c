package plan

import (
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// renameExchange is RENAME_EXCHANGE of renameat2(2).
const renameExchange = 1 << 1

// sysRenameat2 is renameat2's system call number, which package syscall
// names only on some architectures.
var sysRenameat2 = map[string]uintptr{"amd64": 316, "arm64": 276, "386": 353, "arm": 382, "riscv64": 276, "loong64": 276, "ppc64le": 357, "s390x": 347}

// exchange swaps two paths atomically. It fails with ENOENT when b does not
// exist, and with EINVAL or ENOSYS where the file system or kernel cannot
// swap.
func exchange(a, b string) error {
	nr, ok := sysRenameat2[runtime.GOARCH]
	if !ok {
		return syscall.ENOSYS
	}
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	const atFDCWD = -100
	fd := atFDCWD
	_, _, errno := syscall.Syscall6(nr, uintptr(fd), uintptr(unsafe.Pointer(pa)), uintptr(fd), uintptr(unsafe.Pointer(pb)), renameExchange, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// allocate takes n bytes of disk space for f.
func allocate(f *os.File, n int64) error { return syscall.Fallocate(int(f.Fd()), 0, 0, n) }
