// Many OS threads: goroutines locked to their threads (runtime.LockOSThread)
// make the runtime clone one thread each, and they hand a token round a ring
// through channels, so every thread blocks in futex and is woken in turn;
// the one that sees the count reach 0 (goroutine 3) ends the round.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"syscall"
)

func main() {
	const n = 12
	ring := make([]chan int, n)
	for i := range ring {
		ring[i] = make(chan int)
	}
	tids := make([]int, n)
	done := make(chan bool)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			runtime.LockOSThread()
			tids[i] = syscall.Gettid()
			for {
				v, ok := <-ring[i]
				if !ok {
					return
				}
				if v == 0 {
					done <- true
					return
				}
				ring[(i+1)%n] <- v - 1
			}
		}(i)
	}
	ring[0] <- 10*n + 3
	<-done
	for i := range ring {
		if i != 3 {
			close(ring[i])
		}
	}
	wg.Wait()
	distinct := map[int]bool{}
	for _, t := range tids {
		distinct[t] = true
	}
	fmt.Println("token went round; distinct threads:", len(distinct))
}
