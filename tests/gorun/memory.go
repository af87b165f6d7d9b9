// Maps, closures, GC pressure (many short-lived allocations with
// runtime.GC), a big allocation touched page by page, and argv/env.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
)

type tree struct {
	l, r *tree
}

func build(d int) *tree {
	if d == 0 {
		return &tree{}
	}
	return &tree{build(d - 1), build(d - 1)}
}

func (t *tree) count() int {
	if t.l == nil {
		return 1
	}
	return 1 + t.l.count() + t.r.count()
}

func main() {
	m := map[string]int{}
	for i := 0; i < 10000; i++ {
		m[fmt.Sprintf("k%d", i%1000)] += i
	}
	fmt.Println("map entries", len(m), "k7", m["k7"])

	adders := []func(int) int{}
	for i := 0; i < 5; i++ {
		i := i
		adders = append(adders, func(x int) int { return x + i })
	}
	s := 0
	for _, f := range adders {
		s = f(s)
	}
	fmt.Println("closures", s)

	total := 0
	for i := 0; i < 40; i++ {
		total += build(12).count()
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("trees", total, "gc ran", ms.NumGC > 0)

	big := make([]byte, 64<<20)
	for i := 0; i < len(big); i += 4096 {
		big[i] = byte(i >> 12)
	}
	fmt.Println("64 MiB touched, byte at 1 MiB:", big[1<<20])

	fmt.Println("args", strings.Join(os.Args[1:], ","))
	env := []string{}
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "GO") {
			env = append(env, e)
		}
	}
	sort.Strings(env)
	fmt.Println("env", strings.Join(env, " "))
}
