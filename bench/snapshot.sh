#!/usr/bin/env bash
# snapshot.sh — the CPU's cost of a RAM dump over the console
# (bench/target/snapshot.c) on qemu-lx106 and rv64 under -icount shift=0:
# instructions for the whole dump and per byte of its frame, whose length the
# frame taken from the console must have. On a chip the UART's rate sets the
# time instead: 10 bits a byte at 115200 baud.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
status=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

echo "RAM dump over the console: instructions under -icount shift=0 (lx106: CCOUNT ticks x 25)"

for t in qemu-lx106 rv64; do
	timeout 300 $(qemu_command $t) -icount shift=0,sleep=off -kernel build/$t/bench-snapshot.elf > "$tmp" 2>&1
	[ $? = 0 ] || { echo "bench: bench-snapshot on $t failed" >&2; status=1; continue; }
	line=$(grep -a '^bench snapshot dump [0-9]' "$tmp" | tail -1 | tr -d '\r')
	want=$(printf '%s\n' "$line" | sed -n 's/.* for a \([0-9]*\)-byte frame.*/\1/p')
	# The frame's own RAM holds the marks too (they are in .rodata), so the
	# end mark is looked for only where the layout puts it.
	python3 -c 'import sys
b = open(sys.argv[1], "rb").read(); start = b.find(b"\xf5\xff8266rd"); end = start + int(sys.argv[2])
sys.exit(0 if start >= 0 and b[end - 8:end] == b"\xf5\xffrd-end" else 1)' "$tmp" "${want:-0}"
	if [ $? != 0 ]; then
		echo "bench: $t: no ${want:-?}-byte frame from magic to end mark in its console" >&2
		status=1
		continue
	fi
	printf '  %-10s %s; at 115200 baud: %s s\n' "$t" "${line#bench snapshot dump }" \
		"$(awk -v n="$want" 'BEGIN { printf "%.2f", n * 10 / 115200 }')"
done
exit $status
