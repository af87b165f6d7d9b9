# boot.sh — every QEMU target boots, runs the self-test and the demo, reports
# a crash with its registers, and exits with main's status. The host runs the
# self-test as a process.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

for t in $QEMU_TARGETS; do
	boot $t build/$t/test-selftest.elf 60
	relay "$t selftest"
	expect_status "$t selftest exits with main's status" 0
	expect_output "$t selftest printed its plan" '^1\.\.[0-9]+$'

	boot $t build/$t/demo.elf 60 -icount shift=0,sleep=off
	expect_status "$t demo with no input exits 0" 0
	expect_output "$t demo: the collector reports the sensors each second" '^\[ 9s\] temperature [0-9]+\.[0-9] C \(10 readings\)'
	expect_output "$t demo ends by itself without input" '^no input for 10 s: stopping$'
	expect_output "$t demo ran to the end" '^8266go: done after 10[0-9]{3} ms'
	if [ $t = qemu-lx106 ]; then
		# 500 ms blinks for 10 s; the 20th tick meets the stop and loses
		expect_output "$t demo blinks the LED on GPIO2 from its own goroutine" '^8266go: LED on GPIO2 toggled 19 times$'
	fi

	type_into $t build/$t/demo.elf 'type a line' 'hello there' 'second line' quit
	expect_status "$t demo with typed lines exits 0" 0
	# the reader echoes each typed character as main answers a line, so an
	# answer may start in the middle of the next line's echo: not anchored
	expect_output "$t demo answers the first line, first byte included" 'echo: hello there \(11 bytes'
	expect_output "$t demo answers the second line" 'echo: second line \(11 bytes'
	expect_output "$t demo stops at quit" '^8266go: done after'

	boot $t build/$t/test-crash.elf 60
	expect_status "$t crash ends the run with the panic status" 134
	expect_output "$t crash report names the task" '^task: main \(id 1\)$'
	case $t in
	qemu-lx106)
		expect_output "$t crash report names the cause" '^panic: breakpoint$'
		expect_output "$t crash report has EXCCAUSE, the debug vector's EPC2 and EXCVADDR" 'EXCCAUSE=0x[0-9a-f]{8} EPC2=0x4[0-9a-f]{7} EXCVADDR=0x'
		expect_output "$t crash report has a0..a15" ' a12=0x[0-9a-f]{8} a13=.* a15=0x' ;;
	*)
		expect_output "$t crash report names the cause" '^panic: breakpoint$'
		expect_output "$t crash report has mcause, mepc and mtval" 'mcause=0x0*3 mepc=0x0*8[0-9a-f]{7} mtval=0x'
		expect_output "$t crash report has ra, sp, gp" ' ra=0x[0-9a-f]+ sp=0x[0-9a-f]+ gp=0x'
		expect_output "$t crash report has t6" ' t6=0x[0-9a-f]+$' ;;
	esac

	boot $t build/$t/test-illegal.elf 60
	expect_status "$t illegal instruction ends the run with the panic status" 134
	expect_output "$t illegal instruction is reported as such" '^panic: illegal instruction$'
	case $t in
	qemu-lx106) expect_output "$t illegal instruction: EXCCAUSE 0 and the faulting EPC1" 'EXCCAUSE=0x00000000 EPC1=0x4021[0-9a-f]{4} ' ;;
	*) expect_output "$t illegal instruction: mcause 2 and the faulting mepc" 'mcause=0x0*2 mepc=0x0*8[0-9a-f]{7} ' ;;
	esac

	boot $t build/$t/test-exit.elf 60
	expect_status "$t main's return value becomes the exit status" 42
done

boot qemu-lx106 build/qemu-lx106/test-double.elf 60
ill=$(xtensa-lx106-elf-nm build/qemu-lx106/test-double.elf | awk '$3 == "double_fault_ill" { print $1 }')
expect_status "qemu-lx106 double exception ends the run with the panic status" 134
expect_output "qemu-lx106 double exception is reported as such" '^panic: double exception$'
expect_output "qemu-lx106 double exception: DEPC is the faulting ill (0x$ill), EPC1 beside it" "EXCCAUSE=0x00000000 DEPC=0x$ill EPC1=0x"

# Under -icount the counter follows instructions, not the host's clock: a
# busy machine that stops QEMU between two reads cannot skew the figure.
boot qemu-lx106 build/qemu-lx106/test-ccount_wrap.elf 60 -icount shift=0,sleep=off
relay "qemu-lx106 ccount_wrap"
expect_status "qemu-lx106 nanotime across a CCOUNT wrap" 0

out=$(build/host/test-selftest.elf 2>&1); status=$?
relay "host selftest"
expect_status "host selftest" 0

# The README's first command, as a newcomer runs it (no terminal here).
out=$(timeout 120 make -s run < /dev/null 2>&1); status=$?
expect_status "make run boots the demo on QEMU lx106 and exits 0" 0
expect_output "make run shows the demo" '^8266go: done after'

for t in $QEMU_TARGETS; do
	boot $t build/$t/test-syscalls.elf 60 -icount shift=0,sleep=off
	relay "$t syscalls"
	expect_status "$t syscalls exits 0" 0
done

for t in rv32 rv64; do
	boot $t build/$t/test-string.elf 60
	relay "$t string"
	expect_status "$t memcpy and memset exit 0" 0
done

for t in $QEMU_TARGETS; do
	boot $t build/$t/test-panic_order.elf 60
	expect_status "$t panic with output queued exits with the panic status" 134
	printf '%s\n' "$out" | grep -A4 '^queued line 0$' | tr '\n' '|' | grep -q '^queued line 0|queued line 1|queued line 2||panic: on purpose'
	check $? "$t output queued before a panic comes out first, in order"
done
