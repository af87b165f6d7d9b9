// chan — an unbuffered channel round trip between two goroutines: main sends,
// the echo goroutine receives and sends back; per round trip.
package main

import "golinux/instret"

const n = 10000

func main() {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	for i := 0; i < 100; i++ {
		ping <- i
		<-pong
	}
	before := instret.Read()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	after := instret.Read()
	close(ping)
	instret.Report("chan_round_trip", before, after, n)
}
