#!/usr/bin/env bash
# core.sh — the core runtime's costs: instructions per operation on each QEMU
# target (bench/target/core.c), ns/op on the host beside ck_ring, malloc,
# clock_gettime (bench/host/core.c) and Go's goroutines (bench/go/core.go).
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
status=0

for t in $QEMU_TARGETS; do
	if bench_boot "$t" "build/$t/bench-core.elf"; then
		printf '%s\n\n' "$out"
	else
		status=1
	fi
done

# Go keeps its caches under build/, so a CI job as root with no HOME works.
gohome=$PWD/build/go
mkdir -p "$gohome"
HOME=$gohome GOCACHE=$gohome/cache GOPATH=$gohome/path go build -o build/host/bench-go-core bench/go/core.go ||
	{ echo "bench: go build of bench/go/core.go failed" >&2; exit 1; }

host=$(build/host/bench-core.elf) || { echo "bench: build/host/bench-core.elf failed" >&2; exit 1; }
# One OS thread runs Go code, as one scheduler runs our tasks.
go=$(GOMAXPROCS=1 build/host/bench-go-core) || { echo "bench: bench-go-core failed" >&2; exit 1; }

# Goroutine rows get Go's number and the ratio; every row is printed as a
# machine line, then as the table.
printf '%s\n%s\n' "$go" "$host" | awk '
	$1 == "go" { peer[$2] = $3; next }
	$1 != "bench" { next }
	{
		name[++n] = $3; ours[n] = $4
		if (NF >= 7) { pname[n] = $5; pns[n] = $6 }
		else if ($3 in peer) { pname[n] = "go"; pns[n] = peer[$3] }
		else { pname[n] = "-"; pns[n] = 0 }
		ratio[n] = pns[n] > 0 ? sprintf("%.2f", ours[n] / pns[n]) : "-"
		printf "bench host %s %s %s %s %s\n", name[n], ours[n], pname[n], pns[n], ratio[n]
	}
	END {
		what["ring_put_get_1"] = "1 byte in, 1 out; ck_ring: 1-byte typed slot"
		what["ring_bulk_64"] = "64 bytes in, 64 out; ck_ring: one 64-byte typed slot"
		what["page_alloc_free_1"] = "1 page (4 KiB); malloc+free of 4 KiB"
		what["page_alloc_free_4"] = "4-page run; malloc+free of 16 KiB"
		what["nanotime"] = "peer: clock_gettime(CLOCK_MONOTONIC)"
		what["switch"] = "task_yield / runtime.Gosched, per switch"
		what["chan_round_trip"] = "unbuffered ping-pong, per round trip"
		what["spawn_exit"] = "spawn + yield, new task runs and exits"
		printf "\nhost: ns/op, best of 3 runs of >= 0.2 s; peer in the same run; Go with GOMAXPROCS=1\n"
		printf "  %-18s %8s  %-13s %8s  %6s  %s\n", "operation", "ours", "peer", "peer ns", "ratio", "what"
		for (i = 1; i <= n; i++)
			printf "  %-18s %8s  %-13s %8s  %6s  %s\n", name[i], ours[i], pname[i], (pns[i] > 0 ? pns[i] : "-"), ratio[i], what[name[i]]
	}' || status=1
exit $status
