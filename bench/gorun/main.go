// Instructions per operation of a Go program on 8266go's Linux personality,
// counted by instret (exact under QEMU's -icount shift=0): one syscall round
// trip (syscall.Getpid), an unbuffered channel round trip between two
// goroutines, and a runtime.Gosched between two goroutines. Each figure is
// the average over N operations, the loop's own cost included (reported
// apart as "empty loop").
package main

import (
	"fmt"
	"runtime"
	"syscall"
)

const n = 4000

func instret() uint64

//go:noinline
func nothing() {}

func main() {
	t0 := instret()
	for i := 0; i < n; i++ {
		nothing()
	}
	t1 := instret()
	fmt.Printf("empty loop (call of an empty function): %d instructions\n", (t1-t0)/n)

	syscall.Getpid()
	t0 = instret()
	for i := 0; i < n; i++ {
		syscall.Getpid()
	}
	t1 = instret()
	fmt.Printf("syscall.Getpid round trip: %d instructions\n", (t1-t0)/n)

	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	ping <- 0
	<-pong
	t0 = instret()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	t1 = instret()
	close(ping)
	fmt.Printf("unbuffered channel round trip: %d instructions\n", (t1-t0)/n)

	done := make(chan bool)
	go func() {
		for i := 0; i < n; i++ {
			runtime.Gosched()
		}
		done <- true
	}()
	runtime.Gosched()
	t0 = instret()
	for i := 0; i < n; i++ {
		runtime.Gosched()
	}
	t1 = instret()
	<-done
	fmt.Printf("runtime.Gosched between two goroutines: %d instructions\n", (t1-t0)/(2*n))
}
