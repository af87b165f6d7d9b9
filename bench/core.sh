#!/usr/bin/env bash
# core.sh — the core runtime's costs: instructions per operation on each QEMU
# target (bench/target/core.c); ns/op on the host (bench/host/core.c) beside
# ck_ring and clock_gettime in the same process, glibc malloc, tcmalloc and
# jemalloc (bench/peer/malloc.c) and Go's goroutines (bench/go/core.go), all
# in each of BENCH_RUNS runs (default 3). Then every row against its goal:
# lx106 instructions, host ratios to the peer (over every run), met or not met.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
status=0
runs=${BENCH_RUNS:-3}
machine=""

for t in $QEMU_TARGETS; do
	if bench_boot "$t" "build/$t/bench-core.elf"; then
		printf '%s\n\n' "$(printf '%s\n' "$out" | grep -v '^bench ')"
		machine+=$(printf '%s\n' "$out" | grep '^bench ')$'\n'
	else
		status=1
	fi
done

# Go keeps its caches under build/, so a CI job as root with no HOME works.
gohome=$PWD/build/go
mkdir -p "$gohome"
HOME=$gohome GOCACHE=$gohome/cache GOPATH=$gohome/path go build -o build/host/bench-go-core bench/go/core.go ||
	{ echo "bench: go build of bench/go/core.go failed" >&2; exit 1; }

for r in $(seq "$runs"); do
	host=$(build/host/bench-core.elf) || { echo "bench: build/host/bench-core.elf failed" >&2; exit 1; }
	# One OS thread runs Go code, as one scheduler runs our tasks.
	go=$(GOMAXPROCS=1 build/host/bench-go-core) || { echo "bench: bench-go-core failed" >&2; exit 1; }
	peers=""
	for p in glibc tcmalloc jemalloc; do
		peers+=$(build/host/bench-peer-$p)$'\n' || { echo "bench: build/host/bench-peer-$p failed" >&2; exit 1; }
	done
	machine+=$(printf '%s\n%s\n%s\n' "$host" "$go" "$peers" | sed "s/^/run $r /")$'\n'
done

printf '%s' "$machine" | awk -v runs="$runs" '
	function sorted_ratios(name,    i, j, t, n) { # fills R[1..runs] ascending
		for (i = 1; i <= runs; i++) R[i] = ratio[i, name]
		for (i = 2; i <= runs; i++)
			for (j = i; j > 1 && R[j - 1] > R[j]; j--) { t = R[j]; R[j] = R[j - 1]; R[j - 1] = t }
	}
	$1 == "bench" && $2 != "host" { target[$2, $3] = $4; next }
	$1 != "run" { next }
	$3 == "bench" { ours[$2, $5] = $6; if (NF >= 9) { peer[$2, $5, $7] = $8; pname[$5] = $7 }; if (!($5 in seen)) { seen[$5] = 1; row[++rows] = $5 }; next }
	$3 == "go" { peer[$2, $4, "go"] = $5; next }
	$3 == "peer" { peer[$2, $5, $4] = $6; next }
	END {
		# the peer each goal is measured against, and the goals (issue 13)
		for (i = 1; i <= rows; i++) if (!(row[i] in pname)) pname[row[i]] = row[i] ~ /^page/ ? "tcmalloc" : "go"
		lx["ring_put_get_1"] = 24;  hg["ring_put_get_1"] = 1.0
		lx["ring_bulk_64"] = 120;   hg["ring_bulk_64"] = 1.2
		lx["page_alloc_free_1"] = 60;  hg["page_alloc_free_1"] = 1.0
		lx["page_alloc_free_4"] = 150; hg["page_alloc_free_4"] = 1.0
		lx["nanotime"] = 25;        hns["nanotime"] = 12
		lx["switch"] = 50;          hg["switch"] = 1 / 8
		lx["chan_round_trip"] = 400; hg["chan_round_trip"] = 1 / 6
		lx["spawn_exit"] = 300;     hg["spawn_exit"] = 1 / 3

		for (i = 1; i <= rows; i++) {
			n = row[i]; p = pname[n]
			for (r = 1; r <= runs; r++) ratio[r, n] = peer[r, n, p] > 0 ? ours[r, n] / peer[r, n, p] : 0
			sorted_ratios(n)
			lo[n] = R[1]; hi[n] = R[runs]; med[n] = R[int((runs + 1) / 2)]
			for (r = 1; r <= runs; r++) {
				if (ratio[r, n] == med[n]) mrun[n] = r
				printf "bench host %s run %d ours %.1f %s %.1f ratio %.3f\n", n, r, ours[r, n], p, peer[r, n, p], ratio[r, n]
			}
		}

		printf "\n"
		printf "host: ns/op, %d runs; the run with the median ratio shown; peers in the same run: ck_ring and\n", runs
		printf "clock_gettime in the same process, in turns with ours (best of 12 timings of >= 20 ms each);\n"
		printf "Go (GOMAXPROCS=1) and the mallocs in processes of their own (best of 3 timings of >= 0.2 s)\n"
		printf "  %-18s %7s  %-13s %8s  %6s  %-11s  %s\n", "operation", "ours", "peer", "peer ns", "ratio", "range", "other peers (ns, same run)"
		for (i = 1; i <= rows; i++) {
			n = row[i]; r = mrun[n]; p = pname[n]; other = ""
			if (n ~ /^page/)
				for (q = split("glibc jemalloc", o, " "); q >= 1; q--)
					other = sprintf("%s: %.1f%s%s", o[q], peer[r, n, o[q]], other == "" ? "" : ", ", other)
			printf "  %-18s %7.2f  %-13s %8.2f  %6.2f  %4.2f-%-6.2f  %s\n", n, ours[r, n], p, peer[r, n, p], med[n], lo[n], hi[n], other
		}

		printf "\ngoals: qemu-lx106 instructions per operation (rv32 / rv64 beside); host against its peer in every run\n"
		for (i = 1; i <= rows; i++) {
			n = row[i]
			v = target["qemu-lx106", n]
			printf "  %-18s qemu-lx106 %7.1f, goal <= %4d: %-8s (rv32 %s, rv64 %s)\n", n, v, lx[n], v <= lx[n] ? "met" : "not met", target["rv32", n], target["rv64", n]
			met = 0
			if (n in hns) {
				for (r = 1; r <= runs; r++) { met += ours[r, n] <= hns[n]; a[r] = ours[r, n] }
				lo_ns = a[1]; hi_ns = a[1]; for (r = 2; r <= runs; r++) { if (a[r] < lo_ns) lo_ns = a[r]; if (a[r] > hi_ns) hi_ns = a[r] }
				printf "  %-18s host       %.1f-%.1f ns, goal <= %d ns: %s\n", "", lo_ns, hi_ns, hns[n], met == runs ? "met" : sprintf("not met (%d of %d runs met it)", met, runs)
			} else {
				for (r = 1; r <= runs; r++) met += ratio[r, n] <= hg[n] + 1e-9
				printf "  %-18s host       %.2f-%.2f x %s, goal <= %.3g x: %s\n", "", lo[n], hi[n], pname[n], hg[n], met == runs ? "met" : sprintf("not met (%d of %d runs met it)", met, runs)
			}
		}
	}' || status=1
exit $status
