# gotest.sh — a sample of Go's own test programs ($(go env GOROOT)/test, the
# conformance suite `make gotest` runs in full) on bare-metal rv64 through
# tools/gorun: goroutines, channels, select, maps, GC pressure and
# finalizers, defer/recover, nil-dereference panics recovered through
# SIGSEGV, closures, big allocations and deep stacks. Each program must exit
# 0 with exactly its .out file's output (or none); tools/gotest.go judges.
# The goroutine-heavy ones run again with GODEBUG=asyncpreemptoff=1.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

if ! command -v go > /dev/null; then
	check 1 "gotest: the Go toolchain (golang-go) is installed"
	exit 0
fi
make -s build/tools/gotest && make -s TARGET=rv64 build/rv64/gorun.elf ||
	{ check 1 "gotest: the harness and the gorun firmware build"; exit 0; }

sample="chan/goroutines.go chan/sieve1.go chan/powser1.go chan/fifo.go chan/nonblock.go
chan/zerosize.go closedchan.go chancap.go chan/select.go chan/select3.go chan/sendstmt.go
chan/doubleselect.go chan/select2.go map.go mapclear.go bigmap.go gc.go gc1.go gc2.go
mallocfin.go tinyfin.go deferfin.go gcstring.go defer.go recover.go recover1.go recover2.go
deferprint.go nilptr.go nilptr2.go recover3.go closure.go closure2.go bigalg.go stack.go
printbig.go makeslice.go"
preempt_off="chan/goroutines.go chan/sieve1.go chan/doubleselect.go chan/select3.go gc1.go recover3.go"

# sample [FILE...]: runs the files through gorun; relays one line per program.
run_sample() {
	local out
	out=$(build/tools/gotest -v -runner tools/gorun -timeout 300s "$@" 2>&1)
	printf '%s\n' "$out" | grep -E '^(ok|not ok) - ' | sed -E 's/ \([0-9.]+s\)$//'
	printf '%s\n' "$out" | grep -E '^gotest: [0-9]+ passed' | sed 's/^/# /'
	printf '%s\n' "$out" | grep -qE '^(ok|not ok) - ' ||
		{ printf '%s\n' "$out" | tail -5 | sed 's/^/# /'; check 1 "gotest: the harness ran the sample"; }
}

run_sample $sample
GODEBUG=asyncpreemptoff=1 run_sample $preempt_off | sed -E 's/^((not )?ok - [^:]*)/\1 with asyncpreemptoff=1/'
