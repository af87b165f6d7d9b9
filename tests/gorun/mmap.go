// The address space as Linux keeps it: anonymous mmap, a partial munmap
// (the hole faults, the rest stays), mprotect to read-only (a write faults
// with SEGV_ACCERR, recovered with debug.SetPanicOnFault), and madvise
// DONTNEED (the page reads back as zero).
package main

import (
	"fmt"
	"runtime/debug"
	"syscall"
	"unsafe"
)

var base uintptr
var sink byte

func try(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			at := "?"
			if a, ok := r.(interface{ Addr() uintptr }); ok {
				at = fmt.Sprintf("page %d + %d", (a.Addr()-base)/4096, (a.Addr()-base)%4096)
			}
			fmt.Printf("%s: fault at %s: %v\n", what, at, r)
		}
	}()
	f()
	fmt.Printf("%s: ok\n", what)
}

func main() {
	debug.SetPanicOnFault(true)
	const page = 4096
	m, err := syscall.Mmap(-1, 0, 4*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		fmt.Println("mmap:", err)
		return
	}
	base = uintptr(unsafe.Pointer(&m[0]))
	for i := range m {
		m[i] = byte(i / page)
	}
	fmt.Println("mapped 4 pages:", m[0], m[page], m[2*page], m[3*page])

	// syscall.Munmap takes only whole mappings: the raw call unmaps one page.
	if _, _, e := syscall.Syscall(syscall.SYS_MUNMAP, base+page, page, 0); e != 0 {
		fmt.Println("munmap:", e)
	}
	try("read the unmapped page", func() { sink = m[page+5] })
	try("read the page after it", func() { fmt.Println("  page 2 still holds", m[2*page]) })

	if err := syscall.Mprotect(m[2*page:3*page], syscall.PROT_READ); err != nil {
		fmt.Println("mprotect:", err)
	}
	try("write a read-only page", func() { m[2*page] = 9 })
	try("read it", func() { fmt.Println("  it still holds", m[2*page]) })
	syscall.Mprotect(m[2*page:3*page], syscall.PROT_READ|syscall.PROT_WRITE)
	try("write it after PROT_WRITE again", func() { m[2*page] = 7 })

	syscall.Madvise(m[3*page:], syscall.MADV_DONTNEED)
	fmt.Println("after MADV_DONTNEED the page reads", m[3*page])
	_, _, e := syscall.Syscall(syscall.SYS_MUNMAP, base+5, page, 0)
	fmt.Println("munmap a misaligned address:", e)
}
