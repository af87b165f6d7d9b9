# gorun.sh — unmodified static linux/riscv64 Go binaries on bare-metal rv64
# through tools/gorun (linux/, the Linux personality): output, stderr and
# exit status of each, as Linux would give them. Programs in tests/gorun/
# are built by gorun itself (cached under build/go/).
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

if ! command -v go > /dev/null; then
	check 1 "gorun: the Go toolchain (golang-go) is installed"
	exit 0
fi
make -s TARGET=rv64 build/rv64/gorun.elf || { check 1 "gorun: the firmware builds"; exit 0; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME [ARG...]: runs tests/gorun/NAME.go with stdin from $STDIN (default
# /dev/null); sets $out (stdout), $err (stderr) and $status.
run() {
	local name=$1
	shift
	timeout 120 tools/gorun "tests/gorun/$name.go" "$@" < "${STDIN:-/dev/null}" > "$tmp/out" 2> "$tmp/err"
	status=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# same DESCRIPTION EXPECTED: $out is exactly EXPECTED.
same() {
	[ "$out" = "$2" ]
	check $? "$1"
	[ "$out" = "$2" ] || printf '%s\n' "$out" | head -20 | sed 's/^/#   got: /'
}

run hello
same "gorun hello: prints hello, world" "hello, world"
expect_status "gorun hello: exits 0" 0
[ -z "$err" ]
check $? "gorun hello: nothing on stderr"

GORUN_TRACE=1 run hello
same "gorun hello traced: the same output" "hello, world"
printf '%s\n' "$err" | grep -Eq '^\[[0-9]+\] write\(0x00000001, .*, 0x0000000d, .*\) = 0x0000000d$'
check $? "gorun hello traced: GORUN_TRACE=1 shows write(1, ..., 13) = 13"
printf '%s\n' "$err" | grep -q '^\[2\] gettid(' && printf '%s\n' "$err" | grep -q '^\[1\] clone(0x00050f00, '
check $? "gorun hello traced: the runtime's threads were cloned"

run goroutines
same "gorun goroutines: channels, mutex, select timeout, sleep, ticker" "ping-pong sum 500500 closed true
mutex total 122500
buffered 2 a b
select timeout after >= 30ms: true
ticker ticked 3 times"
expect_status "gorun goroutines: exits 0" 0

run panics
same "gorun panics: nil dereference, index and division panics recovered; defers run" "recovered: runtime error: invalid memory address or nil pointer dereference
recovered: runtime error: index out of range [5] with length 2
recovered: runtime error: integer divide by zero
deferred 2
deferred 1
deferred 0"
expect_status "gorun panics: exits 0" 0

run panics die
expect_status "gorun unrecovered panic: exits 2, as on Linux" 2
printf '%s\n' "$err" | grep -q '^panic: assignment to entry in nil map$' && printf '%s\n' "$err" | grep -q '^main.main()$'
check $? "gorun unrecovered panic: the panic and its goroutine trace on stderr"
[ "$(printf '%s\n' "$out" | tail -1)" = "deferred 0" ]
check $? "gorun unrecovered panic: deferred calls ran first"

for n in 0 3 255; do
	run exitcode $n
	expect_status "gorun os.Exit($n)" $n
	[ "$err" = "exiting with $n" ] && [ -z "$out" ]
	check $? "gorun os.Exit($n): stderr holds its message, stdout nothing, defers skipped"
done

printf 'one\ntwo\nthree\n' > "$tmp/in"
STDIN=$tmp/in run stdin
same "gorun stdin: reads the caller's stdin to end of file" '3 lines, 14 bytes, last "three"'
expect_status "gorun stdin: exits 0" 0
run stdin
same "gorun stdin from /dev/null: end of file at once" '0 lines, 0 bytes, last ""'

GOGC=50 GODEBUG=madvdontneed=1 run memory "first arg" second
same "gorun memory: maps, closures, GC pressure, 64 MiB touched, argv and env" "map entries 1000 k7 45070
closures 10
trees 327640 gc ran true
64 MiB touched, byte at 1 MiB: 0
args first arg,second
env GODEBUG=madvdontneed=1 GOGC=50"
expect_status "gorun memory: exits 0" 0

run syscalls
same "gorun syscalls: EFAULT, ENOSYS, ENOENT, EROFS as Linux gives them; a host file read; a pipe through the poller" "write from address 0x10: bad address
read into an unmapped page: bad address
clock_gettime: true true
clock_gettime into a kernel address: bad address
syscall 999: function not implemented
open: open /nonexistent/file: no such file or directory
create: open tests/gorun/new-file: read-only file system
read a host file: \"// The smallest Go program: what \`make test\` runs end to end first.\" <nil>, size $(wc -c < tests/gorun/hello.go) = $(wc -c < tests/gorun/hello.go)
pipe: \"through a pipe\" <nil>
pid > 0: true tid > 0: true"
expect_status "gorun syscalls: exits 0" 0

run mmap
same "gorun mmap: partial munmap, mprotect read-only, MADV_DONTNEED, faults recovered at their addresses" "mapped 4 pages: 0 1 2 3
read the unmapped page: fault at page 1 + 5: runtime error: invalid memory address or nil pointer dereference
  page 2 still holds 2
read the page after it: ok
write a read-only page: fault at page 2 + 0: runtime error: invalid memory address or nil pointer dereference
  it still holds 2
read it: ok
write it after PROT_WRITE again: ok
after MADV_DONTNEED the page reads 0
munmap a misaligned address: invalid argument"
expect_status "gorun mmap: exits 0" 0

run threads
same "gorun threads: 12 goroutines locked to 12 cloned threads pass a token through futex waits" "token went round; distinct threads: 12"
expect_status "gorun threads: exits 0" 0

run signals
same "gorun signals: kill(getpid(), SIGUSR1) reaches signal.Notify" "got user defined signal 1
raising SIGTERM"
expect_status "gorun signals: SIGTERM's default action ends the program as 128+15" 143

GORUN_TRACE=1 run syscalls
printf '%s\n' "$err" | grep -Eq '^\[[0-9]+\] syscall 999\(0x00000000, 0x00000000, 0x00000000, 0x00000000\) = -38 \(ENOSYS: not in the table\)$'
check $? "gorun syscalls traced: a call the table lacks gets a one-line ENOSYS note"
printf '%s\n' "$err" | grep -Eq '^\[[0-9]+\] write\(0x00000001, 0x00000010, 0x00000005, 0x00000000\) = -14$'
check $? "gorun syscalls traced: the wild write shows -EFAULT"

run spin tight
same "gorun spin tight: async preemption (SIGURG) stops goroutines spinning without calls" "main ran again while two goroutines spun; GOMAXPROCS 1"
expect_status "gorun spin tight: exits 0" 0
GODEBUG=asyncpreemptoff=1 run spin calls
same "gorun spin, asyncpreemptoff=1: the time slice lets the monitor thread preempt at calls" "main ran again while two goroutines spun; GOMAXPROCS 1"
expect_status "gorun spin, asyncpreemptoff=1: exits 0" 0

timeout 60 tools/gorun "$tmp/in" > "$tmp/out" 2> "$tmp/err"
status=$?
[ $status = 126 ] && grep -q 'not a static linux/riscv64 executable' "$tmp/err"
check $? "gorun refuses a file that is not an ELF with status 126 and a reason (status $status)"
