// Goroutines, unbuffered and buffered channels, select with a timeout,
// sync.WaitGroup and a mutex shared by many goroutines.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	sum := 0
	for i := 0; i < 1000; i++ {
		ping <- i
		sum += <-pong
	}
	close(ping)
	_, ok := <-pong
	fmt.Println("ping-pong sum", sum, "closed", !ok)

	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for g := 0; g < 50; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				mu.Lock()
				total += g
				mu.Unlock()
			}
		}(g)
	}
	wg.Wait()
	fmt.Println("mutex total", total)

	buf := make(chan string, 3)
	buf <- "a"
	buf <- "b"
	fmt.Println("buffered", len(buf), <-buf, <-buf)

	start := time.Now()
	select {
	case <-make(chan int):
		fmt.Println("impossible")
	case <-time.After(30 * time.Millisecond):
		fmt.Println("select timeout after >= 30ms:", time.Since(start) >= 30*time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	tick := time.NewTicker(5 * time.Millisecond)
	for i := 0; i < 3; i++ {
		<-tick.C
	}
	tick.Stop()
	fmt.Println("ticker ticked 3 times")
}
