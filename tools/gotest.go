// gotest.go — Go's own test programs as a conformance suite for the Linux
// personality: selects the "// run" programs of $(go env GOROOT)/test that
// need nothing but a build and a run, builds each for linux/riscv64 (cached),
// runs it through a runner (tools/gorun by default) and compares its exit
// status and combined stdout+stderr with the program's .out file.
//
// Selection follows the GOROOT's test/run.go: the directories it walks, its
// execution recipe (the comment lines before the first blank line, a leading
// "+build" line dropped), its build constraints evaluated for linux/riscv64
// without cgo. A program qualifies when its recipe line is "// run" alone (no
// arguments, extra files or go-command flags) and it does not import os/exec
// (those run the Go toolchain on the test tree). Programs that run.go itself
// expects not to build with this compiler (its go118Failures list) are
// reported apart, not counted.
//
//	gotest [-runner CMD] [-timeout D] [-j N] [-list] [-only RE] [FILE.go...]
//
// The runner command comes from -runner, else $GOTEST_RUNNER, else
// tools/gorun; it is run as RUNNER PROGRAM with stdin at end of file and the
// harness's environment (so GODEBUG, GOMAXPROCS, GOGC, GOTRACEBACK reach it),
// plus GOOS/GOARCH as run.go sets them for the programs that read them.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"go/build"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
)

const (
	goos   = "linux"
	goarch = "riscv64"
)

// The directories run.go walks, in its order.
var testDirs = []string{".", "ken", "chan", "interface", "syntax", "dwarf", "fixedbugs",
	"codegen", "runtime", "abi", "typeparam", "typeparam/mdempsky"}

var (
	runnerFlag  = flag.String("runner", "", "command that runs a linux/riscv64 ELF (default $GOTEST_RUNNER, else tools/gorun)")
	timeoutFlag = flag.Duration("timeout", 10*time.Minute, "time one program may run")
	jobsFlag    = flag.Int("j", runtime.NumCPU(), "programs built and run at once")
	listFlag    = flag.Bool("list", false, "list the selected programs and exit")
	verboseFlag = flag.Bool("v", false, "a line per program: \"ok - NAME (TIME)\" or \"not ok - NAME: REASON\"")
	onlyFlag    = flag.String("only", "", "run only programs whose path matches this regexp")
	buildFlag   = flag.String("build", "build/gotest", "directory for binaries and logs")
	gorootFlag  = flag.String("goroot", "", "Go tree whose test/ is used (default: go env GOROOT)")
)

// goVersion is the version of the go command that builds the programs.
var goVersion string

// program is one test: its path under test/ and what became of it.
type program struct {
	name      string // e.g. "fixedbugs/issue1234.go"
	src       []byte
	elf       string
	buildErr  string // the compiler's output when the build failed
	expectBad bool   // run.go expects this file not to build with this Go
	verdict   string // "" when passed, else a one-line reason
	took      time.Duration
	log       string // full output of a failing run
}

func main() {
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: gotest [flags] [FILE.go...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *jobsFlag < 1 {
		fail("-j must be at least 1")
	}
	out, err := exec.Command("go", "env", "GOROOT", "GOVERSION").Output()
	if err != nil {
		fail("go env: %v", err)
	}
	goroot, version, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	goVersion = version
	if *gorootFlag != "" {
		goroot = *gorootFlag
	}
	testDir := filepath.Join(goroot, "test")
	expectBad, err := expectedBuildFailures(filepath.Join(testDir, "run.go"))
	if err != nil {
		fail("%v", err)
	}

	progs, err := selectPrograms(testDir, flag.Args())
	if err != nil {
		fail("%v", err)
	}
	if *onlyFlag != "" {
		re, err := regexp.Compile(*onlyFlag)
		if err != nil {
			fail("-only: %v", err)
		}
		kept := progs[:0]
		for _, p := range progs {
			if re.MatchString(p.name) {
				kept = append(kept, p)
			}
		}
		progs = kept
	}
	for _, p := range progs {
		p.expectBad = expectBad[p.name]
	}
	if *listFlag {
		for _, p := range progs {
			fmt.Println(p.name)
		}
		return
	}
	if len(progs) == 0 {
		fail("no programs selected")
	}

	runner := strings.Fields(*runnerFlag)
	if len(runner) == 0 {
		runner = strings.Fields(os.Getenv("GOTEST_RUNNER"))
	}
	if len(runner) == 0 {
		runner = []string{"tools/gorun"}
	}
	if _, err := exec.LookPath(runner[0]); err != nil {
		fail("runner %q: %v", runner[0], err)
	}

	start := time.Now()
	buildAll(testDir, progs)
	built := time.Since(start)

	var toRun []*program
	var skipped, buildFailed []*program
	for _, p := range progs {
		switch {
		case p.buildErr != "" && p.expectBad:
			skipped = append(skipped, p)
		case p.buildErr != "":
			p.verdict = "build failed: " + firstLine(p.buildErr)
			buildFailed = append(buildFailed, p)
			if *verboseFlag {
				fmt.Printf("not ok - %s: %s\n", p.name, p.verdict)
			}
		default:
			toRun = append(toRun, p)
		}
	}
	total := len(toRun) + len(buildFailed)
	fmt.Fprintf(os.Stderr, "gotest: %d selected from %s, %d built (%s); running through %s with timeout %s\n",
		len(progs), testDir, len(toRun), built.Round(time.Second), strings.Join(runner, " "), *timeoutFlag)
	runAll(testDir, runner, toRun, len(buildFailed), total)

	var failures []*program
	for _, p := range progs {
		if p.verdict != "" {
			failures = append(failures, p)
		}
	}
	writeFailureLog(failures)
	for _, p := range skipped {
		fmt.Printf("gotest: not counted: %s does not build with %s (run.go expects this): %s\n",
			p.name, goVersion, firstLine(p.buildErr))
	}
	fmt.Printf("gotest: %d passed, %d failed of %d (%s)\n", total-len(failures), len(failures), total,
		time.Since(start).Round(time.Second))
	for _, p := range failures {
		fmt.Printf("FAIL %s: %s\n", p.name, p.verdict)
	}
	if len(failures) > 0 {
		fmt.Printf("gotest: outputs of the failures in %s\n", filepath.Join(*buildFlag, "failures.log"))
		os.Exit(1)
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "gotest: "+format+"\n", args...)
	os.Exit(2)
}

// selectPrograms returns the runnable programs among files (paths under
// testDir), or among all files of run.go's directories when files is empty.
func selectPrograms(testDir string, files []string) ([]*program, error) {
	named := len(files) > 0
	if !named {
		for _, dir := range testDirs {
			entries, err := os.ReadDir(filepath.Join(testDir, dir))
			if err != nil {
				return nil, err
			}
			var names []string
			for _, e := range entries {
				if n := e.Name(); !strings.HasPrefix(n, ".") && strings.HasSuffix(n, ".go") {
					names = append(names, n)
				}
			}
			sort.Strings(names)
			for _, n := range names {
				files = append(files, filepath.ToSlash(filepath.Join(dir, n)))
			}
		}
	}
	var progs []*program
	for _, name := range files {
		src, err := os.ReadFile(filepath.Join(testDir, name))
		if err != nil {
			return nil, err
		}
		if plainRun(src) {
			progs = append(progs, &program{name: name, src: src})
		} else if named {
			return nil, fmt.Errorf("%s is not a plain \"// run\" program for %s/%s", name, goos, goarch)
		}
	}
	return progs, nil
}

// plainRun applies run.go's reading of a test's recipe (the comment lines
// before the first blank line, a leading "+build" line dropped): true when
// its line is "// run" alone (no arguments, extra source files or flags for
// the go command), the constraints admit linux/riscv64 without cgo, and the
// program starts no other program. Lines after "// run" in a recipe are a
// missing blank line's doing (four files: comment text or the package
// clause, which run.go would pass as ignored arguments).
func plainRun(srcBytes []byte) bool {
	src := string(srcBytes)
	if src == "" || src[0] == '\n' {
		return false
	}
	action, _, ok := strings.Cut(src, "\n\n")
	if !ok {
		return false
	}
	if first, rest, ok := strings.Cut(action, "\n"); ok && strings.Contains(first, "+build") {
		action = rest
	}
	recipe, _, _ := strings.Cut(action, "\n")
	header, _, ok := strings.Cut(src, "\npackage")
	if !ok {
		header = action
	}
	fields, err := splitQuoted(strings.TrimPrefix(recipe, "//"))
	return err == nil && len(fields) == 1 && fields[0] == "run" &&
		constraintsAdmit(header) && !startsPrograms(srcBytes)
}

// startsPrograms reports whether the program imports os/exec: those run the
// Go toolchain on files of the test tree, which a machine that runs nothing
// but the program under test does not have.
func startsPrograms(src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err != nil {
		return false
	}
	for _, imp := range f.Imports {
		if imp.Path.Value == `"os/exec"` {
			return true
		}
	}
	return false
}

// constraintsAdmit evaluates every build constraint line of header as
// run.go's shouldTest does, for goos/goarch with cgo disabled.
func constraintsAdmit(header string) bool {
	for _, line := range strings.Split(header, "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		if expr, err := constraint.Parse(line); err == nil && !expr.Eval(tagMatches) {
			return false
		}
	}
	return true
}

func tagMatches(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '_' && c != '.' {
			return false
		}
	}
	if strings.HasPrefix(name, "goexperiment.") {
		for _, tag := range build.Default.ToolTags {
			if tag == name {
				return true
			}
		}
		return false
	}
	// No cgo (CGO_ENABLED=0) and no -N/-l in GO_GCFLAGS: "cgo" and
	// "gcflags_noopt" are false.
	return name == goos || name == goarch || name == "gc" || name == "test_run"
}

// splitQuoted splits s at runs of white space, honouring quotes and
// backslash escapes, as run.go splits a recipe.
func splitQuoted(s string) ([]string, error) {
	var args []string
	var arg []rune
	escaped, quoted := false, false
	quote := rune(0)
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
			continue
		case quote != 0:
			if r == quote {
				quote = 0
				continue
			}
		case r == '"' || r == '\'':
			quoted = true
			quote = r
			continue
		case unicode.IsSpace(r):
			if quoted || len(arg) > 0 {
				quoted = false
				args = append(args, string(arg))
				arg = arg[:0]
			}
			continue
		}
		arg = append(arg, r)
	}
	if quoted || len(arg) > 0 {
		args = append(args, string(arg))
	}
	if quote != 0 {
		return args, errors.New("unclosed quote")
	}
	if escaped {
		return args, errors.New("unfinished escaping")
	}
	return args, nil
}

// expectedBuildFailures reads the names in run.go's go118Failures set: the
// files its compiler is known not to handle (this Go has no unified IR).
func expectedBuildFailures(runGo string) (map[string]bool, error) {
	src, err := os.ReadFile(runGo)
	if err != nil {
		return nil, err
	}
	m := regexp.MustCompile(`(?s)var go118Failures = setOf\((.*?)\n\)`).FindSubmatch(src)
	if m == nil {
		return map[string]bool{}, nil
	}
	set := map[string]bool{}
	for _, q := range regexp.MustCompile(`"([^"]+)"`).FindAllSubmatch(m[1], -1) {
		set[string(q[1])] = true
	}
	return set, nil
}

// forEach calls f on every program from *jobsFlag goroutines; after each it
// calls progress(done) under a lock.
func forEach(progs []*program, f func(*program), progress func(p *program, done int)) {
	var mu sync.Mutex
	done := 0
	work := make(chan *program)
	var wg sync.WaitGroup
	for i := 0; i < *jobsFlag; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				f(p)
				mu.Lock()
				done++
				progress(p, done)
				mu.Unlock()
			}
		}()
	}
	for _, p := range progs {
		work <- p
	}
	close(work)
	wg.Wait()
}

// status prints a progress line: rewritten in place on a terminal, else
// every 50 programs and at the end.
var onTerminal = func() bool {
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}()

func status(done, total int, format string, args ...interface{}) {
	line := fmt.Sprintf(format, args...)
	if onTerminal {
		fmt.Fprintf(os.Stderr, "\r\033[K%s", line)
		if done == total {
			fmt.Fprintln(os.Stderr)
		}
	} else if done%50 == 0 || done == total {
		fmt.Fprintln(os.Stderr, line)
	}
}

// buildKey names everything a binary depends on: the compiler, the target
// and the source.
func buildKey(p *program) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s/%s cgo=0 -s -w\n", goVersion, goos, goarch)
	h.Write(p.src)
	return hex.EncodeToString(h.Sum(nil))
}

// buildAll builds every program not already built from the same source into
// <build>/bin/<name>.elf; a failed build is remembered too (<name>.err), so
// it is retried only when the source or compiler changes.
func buildAll(testDir string, progs []*program) {
	bin, err := filepath.Abs(filepath.Join(*buildFlag, "bin"))
	if err != nil {
		fail("%v", err)
	}
	// Go's caches live under the build directory, so a CI job with no HOME works.
	gohome, _ := filepath.Abs(filepath.Join(*buildFlag, "..", "go"))
	env := append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch, "GOFLAGS=", "GOENV=off",
		"GO111MODULE=off", "HOME="+gohome, "GOCACHE="+filepath.Join(gohome, "cache"))
	var stale []*program
	for _, p := range progs {
		p.elf = filepath.Join(bin, strings.TrimSuffix(p.name, ".go")+".elf")
		key := buildKey(p)
		if old, err := os.ReadFile(p.elf + ".key"); err == nil && string(old) == key {
			if msg, err := os.ReadFile(p.elf + ".err"); err == nil {
				p.buildErr = string(msg)
				continue
			}
			if _, err := os.Stat(p.elf); err == nil {
				continue
			}
		}
		stale = append(stale, p)
	}
	if len(stale) == 0 {
		return
	}
	failed := 0
	forEach(stale, func(p *program) {
		key := buildKey(p)
		os.MkdirAll(filepath.Dir(p.elf), 0o755)
		os.Remove(p.elf + ".key")
		os.Remove(p.elf + ".err")
		tmp := p.elf + ".tmp"
		// Built from inside test/ under its relative name, as run.go does,
		// niced: the build shares the machine with the programs' runs.
		// -s -w: no symbol table or DWARF, as run.go links its programs.
		cmd := exec.Command("nice", "-n", "10", "go", "build", "-ldflags=-s -w", "-o", tmp, "./"+p.name)
		cmd.Dir = testDir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			p.buildErr = strings.TrimSpace(strings.TrimPrefix(string(out), "# command-line-arguments\n"))
			if p.buildErr == "" {
				p.buildErr = err.Error()
			}
			os.Remove(tmp)
			os.WriteFile(p.elf+".err", []byte(p.buildErr), 0o644)
		} else if err := os.Rename(tmp, p.elf); err != nil {
			fail("%v", err)
		}
		os.WriteFile(p.elf+".key", []byte(key), 0o644)
	}, func(p *program, done int) {
		if p.buildErr != "" {
			failed++
		}
		status(done, len(stale), "gotest: built %d/%d, %d did not build", done, len(stale), failed)
	})
}

// runAll runs each program through the runner and sets its verdict.
func runAll(testDir string, runner []string, progs []*program, failedBefore, total int) {
	env := append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch)
	failed := failedBefore
	forEach(progs, func(p *program) {
		runOne(testDir, runner, env, p)
	}, func(p *program, done int) {
		switch {
		case *verboseFlag && p.verdict == "":
			fmt.Printf("ok - %s (%.1fs)\n", p.name, p.took.Seconds())
		case *verboseFlag:
			fmt.Printf("not ok - %s: %s\n", p.name, p.verdict)
		case !onTerminal && p.verdict != "":
			fmt.Fprintf(os.Stderr, "gotest: FAIL %s: %s\n", p.name, p.verdict)
		}
		if p.verdict != "" {
			failed++
		}
		status(done, len(progs), "gotest: ran %d/%d, %d failed", done, len(progs), failed)
	})
}

func runOne(testDir string, runner, env []string, p *program) {
	want, err := os.ReadFile(filepath.Join(testDir, strings.TrimSuffix(p.name, ".go")+".out"))
	if err != nil && !os.IsNotExist(err) {
		p.verdict = err.Error()
		return
	}
	args := append(append([]string{}, runner[1:]...), p.elf)
	cmd := exec.Command(runner[0], args...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	timedOut, err := runWithTimeout(cmd, *timeoutFlag)
	p.took = time.Since(start)
	got := strings.ReplaceAll(out.String(), "\r\n", "\n")
	switch {
	case timedOut:
		p.verdict = fmt.Sprintf("timeout after %s", *timeoutFlag)
	case err != nil:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			p.verdict = fmt.Sprintf("exit status %d", exit.ExitCode())
			if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				p.verdict = "killed by " + ws.Signal().String()
			}
		} else {
			p.verdict = err.Error()
		}
		if why := crashLine(got); why != "" {
			p.verdict += ": " + why
		}
	case got != string(want):
		p.verdict = "output differs: " + firstDifference(string(want), got)
	}
	if p.verdict != "" {
		p.log = got
	}
}

// running holds the process groups of the runs in progress, so an interrupt
// of the harness ends them.
var running = struct {
	sync.Mutex
	groups map[int]bool
}{groups: map[int]bool{}}

func init() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sig
		running.Lock()
		for pgid := range running.groups {
			syscall.Kill(-pgid, syscall.SIGKILL)
		}
		fmt.Fprintf(os.Stderr, "\ngotest: stopped by %v\n", s)
		os.Exit(130)
	}()
}

// runWithTimeout runs cmd as the leader of its own process group, so a
// timeout ends everything the runner started (QEMU under a wrapper script)
// and not only the runner.
func runWithTimeout(cmd *exec.Cmd, limit time.Duration) (timedOut bool, err error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	running.Lock()
	err = cmd.Start()
	if err == nil {
		running.groups[cmd.Process.Pid] = true
	}
	running.Unlock()
	if err != nil {
		return false, err
	}
	pgid := cmd.Process.Pid
	timer := time.AfterFunc(limit, func() {
		running.Lock()
		timedOut = true
		syscall.Kill(-pgid, syscall.SIGKILL)
		running.Unlock()
	})
	err = cmd.Wait()
	timer.Stop()
	running.Lock()
	delete(running.groups, pgid)
	// Whatever the runner left behind in its group goes with it.
	syscall.Kill(-pgid, syscall.SIGKILL)
	defer running.Unlock()
	return timedOut, err
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return clip(line)
}

// crashLine picks the line that says why a program failed: Go's own
// "panic:" or "fatal error:" line when there is one, else the last line.
func crashLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			return clip(l)
		}
	}
	return clip(lines[len(lines)-1])
}

func clip(s string) string {
	if len(s) > 100 {
		return s[:100] + "..."
	}
	return s
}

// firstDifference describes the first line where got departs from want.
func firstDifference(want, got string) string {
	w, g := strings.SplitAfter(want, "\n"), strings.SplitAfter(got, "\n")
	for i := 0; ; i++ {
		switch {
		case i >= len(w) && i >= len(g):
			return "same lines, different bytes"
		case i >= len(w):
			return fmt.Sprintf("line %d: want end of output, got %q", i+1, clip(g[i]))
		case i >= len(g):
			return fmt.Sprintf("line %d: want %q, got end of output", i+1, clip(w[i]))
		case w[i] != g[i]:
			return fmt.Sprintf("line %d: want %q, got %q", i+1, clip(w[i]), clip(g[i]))
		}
	}
}

// writeFailureLog keeps every failure's full output in <build>/failures.log.
func writeFailureLog(failures []*program) {
	var b strings.Builder
	for _, p := range failures {
		fmt.Fprintf(&b, "=== %s: %s\n", p.name, p.verdict)
		if p.buildErr != "" {
			b.WriteString(p.buildErr + "\n")
		} else {
			b.WriteString(p.log)
			if !strings.HasSuffix(p.log, "\n") {
				b.WriteString("\n")
			}
		}
	}
	os.WriteFile(filepath.Join(*buildFlag, "failures.log"), []byte(b.String()), 0o644)
}
