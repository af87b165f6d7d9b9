// Package instret reads the hart's retired-instruction counter from user
// mode: the cost figures of Go programs on 8266go's Linux personality, exact
// under QEMU's -icount shift=0. The kernel opens the counter to U-mode
// (mcounteren/scounteren.IR), as Go's own rdtime needs TM.
package instret

import "syscall"

// Read returns the instret CSR: instructions retired on this hart since reset.
func Read() uint64

// Report prints "bench golinux NAME PER-OP" and the totals behind it on
// stdout (without fmt, so the measured programs stay small): instructions
// from before to after, divided by ops.
func Report(name string, before, after, ops uint64) {
	total := after - before
	tenths := (total*10 + ops/2) / ops
	syscall.Write(1, []byte("bench golinux "+name+" "+itoa(tenths/10)+"."+itoa(tenths%10)+
		" total "+itoa(total)+" ops "+itoa(ops)+"\n"))
}

func itoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}
