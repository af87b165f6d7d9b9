# lib.sh — helpers for system test suites (sourced by tests/system/*.sh).
# A suite prints one line per check, "ok - what" or "not ok - what"; tests/run
# counts them. A run that has to be stopped by its timeout always fails.

QEMU_TARGETS="qemu-lx106 rv32 rv64"

# check STATUS DESCRIPTION
check() {
	if [ "$1" = 0 ]; then echo "ok - $2"; else echo "not ok - $2"; fi
}

# qemu_command TARGET: how TARGET boots a firmware (QEMU in mk/<target>.mk)
qemu_command() {
	make -s --no-print-directory TARGET="$1" print-QEMU
}

# boot TARGET ELF SECONDS [QEMU-ARGS...]: runs ELF under QEMU, stdin from
# $BOOT_STDIN (default /dev/null). Sets $out (console output without \r) and
# $status (the firmware's exit status; 124 when the timeout stopped it).
boot() {
	local target=$1 elf=$2 seconds=$3 tmp
	shift 3
	tmp=$(mktemp)
	timeout "$seconds" $(qemu_command "$target") "$@" -kernel "$elf" > "$tmp" 2>&1 < "${BOOT_STDIN:-/dev/null}"
	status=$?
	out=$(tr -d '\r' < "$tmp")
	rm -f "$tmp"
}

# relay PREFIX: a firmware's own TAP lines ("ok 3 - x") become suite lines.
relay() {
	printf '%s\n' "$out" | sed -n -e "s/^ok [0-9]* - /ok - $1: /p" -e "s/^not ok [0-9]* - /not ok - $1: /p"
}

# expect_output DESCRIPTION PATTERN: checks $out for an extended regex.
expect_output() {
	printf '%s\n' "$out" | grep -Eq -- "$2"
	check $? "$1"
}

# expect_status DESCRIPTION CODE: checks $status.
expect_status() {
	[ "$status" = "$2" ]
	check $? "$1 (status $status, want $2)"
}

# on_socket TARGET ELF DIR: starts ELF under QEMU in the background with its
# UART on DIR/uart.sock (QEMU waits for the host side to connect); $qemu is
# its pid. The caller ends it with end_socket. The host side's program
# detects a hung firmware (no byte for a long while); QEMU's own limit is a
# last resort, far beyond the slowest run on a loaded machine.
on_socket() {
	timeout 1800 $(qemu_command $1 | sed 's/-nographic//') -display none \
		-chardev socket,id=u0,path=$3/uart.sock,server=on,wait=on -serial chardev:u0 \
		-kernel $2 > $3/qemu.log 2>&1 &
	qemu=$!
}

# end_socket HOST-STATUS: waits for the QEMU of on_socket and sets
# $qemu_status; once the host side has failed, nothing more will come, so
# QEMU is stopped at once (status 143) rather than left to its limit.
end_socket() {
	[ "$1" = 0 ] || kill $qemu 2>/dev/null
	wait $qemu
	qemu_status=$?
}

# type_into TARGET ELF PROMPT LINE...: types the lines into ELF's UART once
# PROMPT has appeared, as a person at a terminal would (QEMU's UART may drop
# input sent before the firmware has enabled its FIFO). Sets $out and
# $status (the firmware's exit status).
type_into() {
	local t=$1 elf=$2 prompt=$3 dir
	shift 3
	dir=$(mktemp -d)
	on_socket $t $elf $dir
	out=$(timeout 900 python3 tests/system/type_lines.py $dir/uart.sock "$prompt" "$@" 2>&1)
	end_socket $?
	status=$qemu_status
	rm -rf "$dir"
}

# uart_session TARGET COMMANDS...: boots uart_echo and drives it with
# tests/system/uart_flood.py; sets $out (the host side's report), $status
# (the host side's) and $qemu_status (the firmware's).
uart_session() {
	local t=$1 dir
	shift
	dir=$(mktemp -d)
	on_socket $t build/$t/test-uart_echo.elf $dir
	out=$(timeout 900 python3 tests/system/uart_flood.py $dir/uart.sock "$@" 2>&1)
	status=$?
	end_socket $status
	rm -rf "$dir"
}

# The kinds of damage tests/target/snapshot.c injects and how the checker's
# report must name each, for the suites that take the snapshot through QMP
# (snapshot.sh) and over the UART (snapshot_uart.sh).

# snapshot_faults FUNCTION: calls FUNCTION N WHAT PATTERN for each fault N.
snapshot_faults() {
	$1 1 "saved sp below the stack" "^violation: task 'sleeper' \(id [0-9]+\): saved sp 0x[0-9a-f]+ outside its stack"
	$1 2 "overwritten canary" "^violation: task 'sleeper' \(id [0-9]+\): stack canary at 0x[0-9a-f]+ overwritten \(0xdeadbeef"
	$1 3 "ring holding more than its capacity" '^violation: ring uart0\.tx: head - tail = [0-9]+ exceeds its capacity [0-9]+'
	$1 4 "ring mask not capacity - 1" '^violation: ring uart0\.rx: mask 0x5 is not a power of two minus one'
	$1 5 "page owned twice" "^violation: pages? [0-9-]+ owned twice: by task '(sleeper|receiver)' .* and by task '(sleeper|receiver)'"
	$1 6 "pages held by an exited task" "^violation: task 'receiver' \(id [0-9]+\) has exited but still holds pages? [0-9-]+: it is not on the dead list"
	$1 7 "pages held by a task not in the task list" "^violation: pages? [0-9-]+ held by task 'receiver' \(id [0-9]+\) \(blocked\), which is not in the task list"
	$1 8 "page map marks a live stack free" "^violation: task 'sleeper' \(id [0-9]+\) holds pages? [0-9-]+, but the page map marks 1 of them free"
	$1 9 "run queue cycle" "^violation: run queue has a cycle: task 'queued2' .* links back to task '[a-z0-9]+'"
	$1 10 "task on the run queue not READY" "^violation: run queue holds task 'queued1' \(id [0-9]+\), which is blocked, not ready"
	$1 11 "run_tail not the last element" "^violation: run_tail is task '[a-z0-9]+' \(id [0-9]+\), but the run queue ends at task 'queued2'"
	$1 12 "all-tasks list cycle" "^violation: all-tasks list has a cycle: task 'main' \(id 1\) links back to task"
	$1 14 "free page marked as a later page" "^violation: page [0-9]+ is marked as a later page of an allocation that does not cover it"
}

# snapshot_fault_details N WHAT: what else the report in $out must show for
# fault N on target $t.
snapshot_fault_details() {
	[ "$1" = 3 ] || return 0
	printf '%s\n' "$out" | sed -n 's/^violation: ring uart0\.tx: head - tail = \([0-9]*\) exceeds its capacity \([0-9]*\).*/\1 \2/p' |
		{ read -r count capacity && [ "$count" = $((capacity + 1)) ]; }
	check $? "$t $2: the count is the injected capacity + 1"
}

# snapshot_fault_address TARGET ELF: where the host writes the fault number.
snapshot_fault_address() {
	echo 0x$($(make -s --no-print-directory TARGET=$1 print-NM) $2 | awk '$3 == "snapshot_fault" { print $1 }')
}
