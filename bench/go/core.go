// core.go — Go's own goroutines and channels, the peer for bench/host/core.c:
// context switch (runtime.Gosched between two goroutines), unbuffered channel
// round trip, goroutine spawn+exit. Run with GOMAXPROCS=1 by bench/core.sh.
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
)

const minDuration = 200 * time.Millisecond // each timed run lasts at least 0.2 s

// timeOp returns ns per operation of op(n), which runs it n times: n grows
// until one run lasts minDuration (also the warm-up), then the best of three.
func timeOp(op func(n int)) float64 {
	n := 1000
	var took time.Duration
	for {
		start := time.Now()
		op(n)
		took = time.Since(start)
		if took >= minDuration {
			break
		}
		if took < minDuration/64 {
			n *= 64
		} else {
			n = int(int64(n) * int64(minDuration) / int64(took) * 5 / 4)
		}
	}
	best := took
	for run := 0; run < 3; run++ {
		start := time.Now()
		op(n)
		if took = time.Since(start); took < best {
			best = took
		}
	}
	return float64(best.Nanoseconds()) / float64(n)
}

// n switches: n/2 Gosched calls of this goroutine, each answered by the partner's.
func switches(n int) {
	var stop int32
	done := make(chan struct{})
	go func() {
		for atomic.LoadInt32(&stop) == 0 {
			runtime.Gosched()
		}
		close(done)
	}()
	for i := 0; i < n/2; i++ {
		runtime.Gosched()
	}
	atomic.StoreInt32(&stop, 1)
	<-done
}

func roundTrips(n int) {
	ping, pong := make(chan uint32), make(chan uint32)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	var v uint32
	for i := 0; i < n; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
}

func nothing() {}

// As bench/host/core.c does: spawn, then yield so the new goroutine runs and exits.
func spawnExit(n int) {
	for i := 0; i < n; i++ {
		go nothing()
		runtime.Gosched()
	}
}

func main() {
	fmt.Printf("go switch %.1f\n", timeOp(switches))
	fmt.Printf("go chan_round_trip %.1f\n", timeOp(roundTrips))
	fmt.Printf("go spawn_exit %.1f\n", timeOp(spawnExit))
}
