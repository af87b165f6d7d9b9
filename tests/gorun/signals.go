// Signals a program sends itself: SIGUSR1 reaches os/signal's channel; with
// the handler reset, SIGTERM's default action ends the program (status 143).
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGINT)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	select {
	case s := <-c:
		fmt.Println("got", s)
	case <-time.After(time.Second):
		fmt.Println("no signal")
	}
	signal.Reset()
	fmt.Println("raising SIGTERM")
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	time.Sleep(time.Second)
	fmt.Println("still alive")
}
