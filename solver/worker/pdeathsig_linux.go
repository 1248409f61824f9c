package worker

import (
	"os/exec"
	"syscall"
)

// setParentDeathSignal has the kernel kill the child if this process dies
// without closing its pipes (a child in a long solve does not read them).
func setParentDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
