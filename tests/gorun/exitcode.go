// os.Exit's status reaches the caller; deferred calls do not run.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	defer fmt.Println("never printed")
	n, _ := strconv.Atoi(os.Args[1])
	fmt.Fprintln(os.Stderr, "exiting with", n)
	os.Exit(n)
}
