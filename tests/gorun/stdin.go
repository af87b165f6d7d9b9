// Reads stdin to end of file, counting lines and bytes; echoes the last line.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

func main() {
	data, err := io.ReadAll(bufio.NewReader(os.Stdin))
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	lines, last := 0, ""
	start := 0
	for i, c := range data {
		if c == '\n' {
			lines++
			last = string(data[start:i])
			start = i + 1
		}
	}
	fmt.Printf("%d lines, %d bytes, last %q\n", lines, len(data), last)
}
