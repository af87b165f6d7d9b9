// A nil dereference becomes Go's runtime panic through SIGSEGV and is
// recovered; an index out of range and a division by zero too; defers run
// in order; then an unrecovered panic ends the program with status 2.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

type node struct{ next *node; v int }

func deref(n *node) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return n.next.v, nil
}

func index(s []int, i int) (err error) {
	defer func() { err, _ = recover().(error) }()
	_ = s[i]
	return nil
}

func divide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			var re runtime.Error
			if errors.As(r.(error), &re) {
				err = re
			}
		}
	}()
	return a / b, nil
}

func main() {
	_, err := deref(&node{})
	fmt.Println("recovered:", err)
	fmt.Println("recovered:", index([]int{1, 2}, 5))
	_, err = divide(1, 0)
	fmt.Println("recovered:", err)
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	if len(os.Args) > 1 && os.Args[1] == "die" {
		var m map[string]int
		m["x"] = 1
	}
}
