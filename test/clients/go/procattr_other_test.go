//go:build !linux

package goclient

import "syscall"

func childProcAttr() *syscall.SysProcAttr {
	return nil
}
