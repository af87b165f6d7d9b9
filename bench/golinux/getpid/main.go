// getpid — one system call's round trip, user -> kernel -> user: N calls of
// syscall.Getpid (Go's raw syscall path: no scheduler hand-off), per call.
package main

import (
	"syscall"

	"golinux/instret"
)

const n = 10000

func main() {
	for i := 0; i < 100; i++ { // warm: page faults, caches of the emulator
		syscall.Getpid()
	}
	before := instret.Read()
	for i := 0; i < n; i++ {
		syscall.Getpid()
	}
	after := instret.Read()
	instret.Report("getpid", before, after, n)
}
