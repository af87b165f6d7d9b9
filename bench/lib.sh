# lib.sh — helpers for bench/*.sh.
. tests/system/lib.sh

# bench_boot TARGET ELF: runs ELF under QEMU with -icount shift=0,sleep=off
# (one instruction per virtual ns, idle time skipped); sets $out and $status.
bench_boot() {
	boot "$1" "$2" 300 -icount shift=0,sleep=off
	[ "$status" = 0 ] || { echo "bench: $2 on $1 exited with $status" >&2; printf '%s\n' "$out" >&2; return 1; }
}
