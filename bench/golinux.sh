#!/usr/bin/env bash
# golinux.sh — unmodified Go programs on 8266go's Linux personality (rv64,
# tools/gorun), in instructions under -icount shift=0: from reset to Go's
# main.main for hello world, one syscall round trip (syscall.Getpid), an
# unbuffered channel round trip and a runtime.Gosched switch. Each program in
# bench/golinux/ reads the instret counter around its loop itself
# (bench/golinux/instret) and prints "bench golinux NAME PER-OP ...".
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh

# Go keeps its caches under build/, so a CI job as root with no HOME works.
gohome=$PWD/build/go
out_dir=$PWD/build/golinux
mkdir -p "$gohome" "$out_dir"
make -s TARGET=rv64 build/rv64/gorun.elf || { echo "bench: build/rv64/gorun.elf does not build" >&2; exit 1; }

status=0
lines=""
for p in hello getpid chan gosched; do
	(cd bench/golinux/$p && CGO_ENABLED=0 GOOS=linux GOARCH=riscv64 HOME=$gohome GOCACHE=$gohome/cache \
		go build -o "$out_dir/$p" .) || { echo "bench: go build of bench/golinux/$p failed" >&2; status=1; continue; }
	# One hart, and no wall clock: idle time is skipped, counts are exact.
	if ! result=$(GORUN_QEMU_FLAGS="-icount shift=0,sleep=off" timeout 300 tools/gorun "$out_dir/$p" 2>&1); then
		echo "bench: bench/golinux/$p failed under tools/gorun:" >&2
		printf '%s\n' "$result" | tail -20 >&2
		status=1
		continue
	fi
	lines+=$(printf '%s\n' "$result" | grep '^bench golinux ')$'\n'
done
printf '%s' "$lines"
printf '%s' "$lines" | awk '
	BEGIN {
		what["reset_to_main"] = "hello world: QEMU reset to Go main.main (goal <= 50 M)"
		what["getpid"] = "syscall.Getpid in a loop, per call (goal <= 150)"
		what["chan_round_trip"] = "unbuffered channel ping-pong, per round trip"
		what["gosched_switch"] = "runtime.Gosched between two goroutines, per switch"
	}
	{ n++; name[n] = $3; value[n] = $4 }
	END {
		printf "\nrv64 Linux personality (tools/gorun): instructions per operation, minstret under -icount shift=0\n"
		for (i = 1; i <= n; i++) printf "  %-16s %12s  %s\n", name[i], value[i], what[name[i]]
	}'
exit $status
