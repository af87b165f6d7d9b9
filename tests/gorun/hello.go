// The smallest Go program: what `make test` runs end to end first.
package main

import "fmt"

func main() { fmt.Println("hello, world") }
