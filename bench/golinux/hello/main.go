// hello — hello world, and where it starts: the instret counter read first
// thing in main.main is the instructions from reset (QEMU's and 8266go's
// boot, the ELF load, the Go runtime's start-up) to Go's main.main.
package main

import (
	"fmt"

	"golinux/instret"
)

func main() {
	at := instret.Read()
	fmt.Println("hello, world")
	instret.Report("reset_to_main", 0, at, 1)
}
