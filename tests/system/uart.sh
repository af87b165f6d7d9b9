# uart.sh — the UART through the whole stack on every QEMU target, fed by the
# host through a socket: 1 MiB echoed with nothing lost or reordered; a
# stalled reader with flow control (nothing lost) and with the drop policy
# (the overflow count is exactly the bytes dropped, the rest intact); the
# echo still works afterwards.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

for t in $QEMU_TARGETS; do
	uart_session $t echo 1048576 + stall 8192 0 + stall 8192 1 + echo 4096
	printf '%s\n' "$out" | sed 's/^/# /'
	[ $status = 0 ] && [ $qemu_status = 0 ]
	check $? "$t uart session completed and the firmware exited 0 (host $status, firmware $qemu_status)"
	expect_output "$t 1 MiB echoed with nothing lost or reordered" '^echo ok 1048576 '
	expect_output "$t stalled reader with flow control: the full ring paused RX, then all 8192 bytes arrived intact, in order" \
		'^stalled: sent 8192 received 8192 dropped 0 skipped 0 gaps 0 wrong 0 timeout 0$'
	line=$(printf '%s\n' "$out" | grep '^stalled: sent 8192 ' | sed -n 2p)
	value() { echo "$line" | sed -n "s/.* $1 \([0-9]*\).*/\1/p"; }
	[ -n "$(value received)" ] && [ "$(value dropped)" -gt 0 ] && [ "$(value dropped)" = "$(value skipped)" ] &&
		[ $(($(value received) + $(value dropped))) = 8192 ] && [ "$(value wrong)" = 0 ] && [ "$(value gaps)" = 1 ] &&
		[ "$(value timeout)" = 0 ]
	check $? "$t stalled reader with the drop policy: the ring kept the stream's start, the overflow count is exactly the bytes missing ($line)"
	expect_output "$t echo works after the overflow" '^echo ok 4096 '
	expect_output "$t device counters reach the program" '^# firmware: stats: in [0-9]+ out [0-9]+ overflows [1-9][0-9]* '
done
