// A misbehaving program gets errors, not a crash: EFAULT for wild pointers,
// ENOSYS for a call the table lacks, ENOENT and EROFS for paths. Host files
// read (relative to where gorun runs), a pipe through the runtime's poller,
// and the pid.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"unsafe"
)

func main() {
	_, _, e := syscall.Syscall(syscall.SYS_WRITE, 1, 0x10, 5)
	fmt.Println("write from address 0x10:", e)
	_, _, e = syscall.Syscall(syscall.SYS_READ, 0, 0x3fffffff000, 5)
	fmt.Println("read into an unmapped page:", e)
	var ts syscall.Timespec
	_, _, e = syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 1, uintptr(unsafe.Pointer(&ts)), 0)
	fmt.Println("clock_gettime:", e == 0, ts.Sec >= 0)
	_, _, e = syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 1, ^uintptr(0)-15, 0)
	fmt.Println("clock_gettime into a kernel address:", e)
	_, _, e = syscall.Syscall(999, 0, 0, 0)
	fmt.Println("syscall 999:", e)
	_, err := os.Open("/nonexistent/file")
	fmt.Println("open:", err)
	_, err = os.Create("tests/gorun/new-file")
	fmt.Println("create:", err)
	src, err := os.ReadFile("tests/gorun/hello.go")
	fi, _ := os.Stat("tests/gorun/hello.go")
	fmt.Printf("read a host file: %q %v, size %d = %d\n", strings.SplitN(string(src), "\n", 2)[0], err, fi.Size(), len(src))

	r, w, err := os.Pipe()
	if err != nil {
		fmt.Println("pipe:", err)
		os.Exit(1)
	}
	go func() {
		w.Write([]byte("through a pipe"))
		w.Close()
	}()
	data, err := io.ReadAll(r)
	fmt.Printf("pipe: %q %v\n", data, err)
	fmt.Println("pid > 0:", os.Getpid() > 0, "tid > 0:", syscall.Gettid() > 0)
}
