#!/usr/bin/env bash
# esp_uart.sh — the ESP8266 UART top half (bench/target/esp_uart.c):
# instructions per interrupt and per received byte with n bytes waiting in
# the FIFO, on a RAM-backed register block (plain RAM at any address on
# QEMU), under -icount shift=0. qemu-lx106 is the chip's core; rv32 and rv64
# run the same driver code for comparison. Lines "bench <target> <metric> <value>".
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
status=0
echo "# ESP8266 UART top half: esp_uart_interrupt with RX-full and n bytes in the FIFO"
for t in $QEMU_TARGETS; do
	make -s TARGET=$t build/$t/bench-esp_uart.elf >/dev/null || { echo "bench: bench-esp_uart for $t does not build" >&2; status=1; continue; }
	if bench_boot "$t" "build/$t/bench-esp_uart.elf"; then
		printf '%s\n' "$out" | awk -v t=$t '$1 == "esp_uart" && $2 !~ /^bytes_in/ {
			v = $3; name = $2
			if (name ~ /_tenths$/) { sub(/_tenths$/, "", name); v = sprintf("%.1f", $3 / 10) }
			printf "%-6s %-12s %-40s %s\n", "bench", t, "esp_uart_" name, v }'
	else
		status=1
	fi
done
exit $status
