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
# its pid. The caller waits for it.
on_socket() {
	timeout 300 $(qemu_command $1 | sed 's/-nographic//') -display none \
		-chardev socket,id=u0,path=$3/uart.sock,server=on,wait=on -serial chardev:u0 \
		-kernel $2 > $3/qemu.log 2>&1 &
	qemu=$!
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
	out=$(timeout 120 python3 tests/system/type_lines.py $dir/uart.sock "$prompt" "$@" 2>&1)
	wait $qemu
	status=$?
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
	out=$(timeout 300 python3 tests/system/uart_flood.py $dir/uart.sock "$@" 2>&1)
	status=$?
	wait $qemu
	qemu_status=$?
	rm -rf "$dir"
}
