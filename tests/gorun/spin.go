// Preemption: goroutines that spin in user code must not starve main.
// "tight" spins with no call at all, which only asynchronous preemption
// (SIGURG through tgkill) can stop; "calls" spins through a function call,
// which the runtime's monitor thread can stop once the kernel's time slice
// lets it run (also with GODEBUG=asyncpreemptoff=1).
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

var stop int32

//go:noinline
func inc(n int64) int64 { return n + 1 }

// step calls on, so it is no leaf: its prologue checks the stack guard,
// where a goroutine is preempted synchronously.
//
//go:noinline
func step(n int64) int64 { return inc(n) }

func main() {
	tight := len(os.Args) > 1 && os.Args[1] == "tight"
	var spins [2]int64
	for g := 0; g < 2; g++ {
		go func(g int) {
			if tight {
				for atomic.LoadInt32(&stop) == 0 {
					spins[g]++
				}
				return
			}
			for atomic.LoadInt32(&stop) == 0 {
				spins[g] = step(spins[g])
			}
		}(g)
	}
	time.Sleep(50 * time.Millisecond)
	atomic.StoreInt32(&stop, 1)
	runtime.Gosched()
	fmt.Println("main ran again while two goroutines spun; GOMAXPROCS", runtime.GOMAXPROCS(0))
}
