//go:build linux

package goclient

import "syscall"

// childProcAttr makes the fake die with the test binary, even when the binary is killed.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
