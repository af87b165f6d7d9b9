# goroutines.sh — goroutines, channels, select, timers and preemption on every
# target (QEMU under -icount for exact timing), and Go's fatal errors:
# deadlock, stack overflow, send on a closed channel.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

for t in $QEMU_TARGETS; do
	boot $t build/$t/test-goroutines.elf 120 -icount shift=0,sleep=off
	relay "$t goroutines"
	expect_status "$t goroutines exits 0" 0
done
out=$(timeout 120 build/host/test-goroutines.elf 2>&1); status=$?
relay "host goroutines"
expect_status "host goroutines exits 0" 0

for t in $QEMU_TARGETS host; do
	run() { if [ $t = host ]; then out=$(timeout 60 build/host/$1 2>&1); status=$?; else boot $t build/$t/$1 60; fi; }
	run test-deadlock.elf
	expect_status "$t deadlock exits 2, as Go does" 2
	expect_output "$t deadlock is reported" '^fatal error: all goroutines are asleep - deadlock!$'
	expect_output "$t deadlock lists the blocked goroutines" '^goroutine [0-9]+ \[blocked\]: stuck$'

	run test-send_closed.elf
	expect_status "$t send on a closed channel panics" 134
	expect_output "$t send on a closed channel is named" '^panic: send on closed channel$'

	run test-stack_overflow.elf
	expect_status "$t stack overflow panics" 134
	expect_output "$t stack overflow is named" '^panic: stack overflow'
	expect_output "$t stack overflow names the task" '^task: deep \(id [0-9]+\)$'
done
