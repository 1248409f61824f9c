//go:build !linux

package worker

import "os/exec"

// setParentDeathSignal: elsewhere the child ends when its request pipe
// closes, between solves.
func setParentDeathSignal(*exec.Cmd) {}
