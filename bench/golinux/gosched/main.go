// gosched — runtime.Gosched between two goroutines: each yields to the other
// n times; per switch (2n switches).
package main

import (
	"runtime"

	"golinux/instret"
)

const n = 10000

func main() {
	done := make(chan bool)
	start := make(chan bool)
	go func() {
		<-start
		for i := 0; i < n; i++ {
			runtime.Gosched()
		}
		done <- true
	}()
	start <- true
	before := instret.Read()
	for i := 0; i < n; i++ {
		runtime.Gosched()
	}
	after := instret.Read()
	<-done
	instret.Report("gosched_switch", before, after, 2*n)
}
