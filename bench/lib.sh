# lib.sh — helpers for bench/*.sh.
. tests/system/lib.sh

# bench_boot TARGET ELF: runs ELF under QEMU with -icount shift=0,sleep=off
# (one instruction per virtual ns, idle time skipped); sets $out and $status.
bench_boot() {
	boot "$1" "$2" 300 -icount shift=0,sleep=off
	[ "$status" = 0 ] || { echo "bench: $2 on $1 exited with $status" >&2; printf '%s\n' "$out" >&2; return 1; }
}

# bench_driver NAME [SKIP]: builds and boots bench-NAME.elf on every QEMU
# target and prints its "NAME metric value" lines as "bench <target>
# NAME_metric value" (metrics ending _tenths shown /10; metrics matching
# the regex SKIP are left out). Returns non-zero if any target failed.
bench_driver() {
	local name=$1 skip=${2:-^$} status=0 t
	for t in $QEMU_TARGETS; do
		make -s TARGET=$t build/$t/bench-$name.elf >/dev/null || { echo "bench: bench-$name for $t does not build" >&2; status=1; continue; }
		if bench_boot "$t" "build/$t/bench-$name.elf"; then
			printf '%s\n' "$out" | awk -v t=$t -v n=$name -v skip="$skip" '$1 == n && $2 !~ skip {
				v = $3; metric = $2
				if (metric ~ /_tenths$/) { sub(/_tenths$/, "", metric); v = sprintf("%.1f", $3 / 10) }
				printf "%-6s %-12s %-40s %s\n", "bench", t, n "_" metric, v }'
		else
			status=1
		fi
	done
	return $status
}
