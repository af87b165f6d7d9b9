# uart.sh — UART throughput through the whole stack (driver, rings, deferred
# wake-ups, syscalls, an echo goroutine) on each QEMU target: 1 MiB sent from
# the host through QEMU's socket and echoed back. Wall-clock time on this
# machine: it measures QEMU's emulation speed as much as the firmware.
cd "$(dirname "$0")/.." && . bench/lib.sh

echo "UART echo of 1 MiB through the whole stack (wall clock, QEMU without -icount)"
for t in $QEMU_TARGETS; do
	uart_session $t echo 1048576
	seconds=$(printf '%s\n' "$out" | sed -n 's/^echo ok 1048576 \([0-9.]*\) .*/\1/p')
	if [ -z "$seconds" ] || [ "$status" != 0 ]; then
		echo "bench: uart echo on $t failed" >&2
		printf '%s\n' "$out" >&2
		exit 1
	fi
	awk -v t=$t -v s=$seconds 'BEGIN { printf "bench %-10s uart_echo_bytes_per_s %d   (%.2f s for 1 MiB each way)\n", t, 1048576 / s, s }'
done
