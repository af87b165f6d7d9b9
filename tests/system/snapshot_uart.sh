# snapshot_uart.sh — RAM dumps over the console UART (include/snapshot.h) on
# qemu-lx106 and rv64, end to end through QEMU's UART socket with
# tools/snapshot.py: a requested dump of a clean firmware passes; one per kind
# of damage (snapshot_faults.sh, injected through the gdb stub) is named; the
# dump a panic sends unasked is checked; and a dump cut short, with flipped or
# lost bytes, or from another build is refused with its reason.
#
# A dump takes QEMU's UART a few seconds, so `make test` runs four of the
# twelve kinds of damage per target (the RX ring's, which the request itself
# must get past, on both); `make test-snapshot-uart` runs them all
# (SNAPSHOT_UART_FAULTS=all).
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

checker=build/tools/snapshot-check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# dump FILE [ARGS...]: boots $elf with its UART on a socket and, once it is
# ready, takes a dump over it into FILE; the console in $tmp/console, the
# tool's own messages in $tmp/log.
dump() {
	local file=$1
	shift
	python3 tools/snapshot.py --qemu "$(qemu_command $t)" --uart --elf $elf --out "$file" \
		--wait '^snapshot: ready' --timeout 60 "$@" > "$tmp/console" 2> "$tmp/log"
}

# inspect ELF FILE: the checker's report in $out, its exit code in $status.
inspect() {
	out=$($checker "$@" 2>&1)
	status=$?
}

# damaged WHAT PATTERN: the checker refuses $tmp/bad.frame and says PATTERN.
damaged() {
	inspect $elf "$tmp/bad.frame"
	expect_status "$t $1: refused" 2
	expect_output "$t $1: the reason is given" "$2"
}

# flip OFFSET: $tmp/bad.frame is the clean frame with the byte at OFFSET inverted.
flip() {
	python3 -c 'import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[int(sys.argv[2])] ^= 0xff
open(sys.argv[3], "wb").write(b)' "$tmp/clean.frame" $1 "$tmp/bad.frame"
}

fault() {
	[ "$SNAPSHOT_UART_FAULTS" = all ] || case " $sample " in *" $1 "*) ;; *) return 0 ;; esac
	dump "$tmp/fault$1.frame" --poke "$fault_addr=$1" --then '^snapshot: frozen'
	check $? "$t $2 over the UART: the dump arrives"
	inspect $elf "$tmp/fault$1.frame"
	expect_status "$t $2 over the UART: the checker fails" 1
	expect_output "$t $2 over the UART: named in the report" "$3"
	snapshot_fault_details $1 "$2 over the UART"
}

for t in qemu-lx106 rv64; do
	elf=build/$t/test-snapshot.elf
	case $t in
	qemu-lx106) sample="3 4 6 9" ;;
	*) sample="1 4 8 11" ;;
	esac
	objcopy=$(make -s --no-print-directory TARGET=$t print-CROSS)objcopy

	dump "$tmp/clean.frame"
	check $? "$t clean: a requested dump arrives over the UART"
	inspect $elf "$tmp/clean.frame"
	expect_status "$t clean: no violations" 0
	expect_output "$t clean: says so" '^no violations$'
	expect_output "$t clean: the dump was requested, and is of this build" \
		'^dump: taken on request, build id [0-9a-f]{40} \(matches the ELF\), 1 range, CRC-32 intact$'
	expect_output "$t clean: lists the goroutine blocked on a channel" '^ +[0-9]+ receiver +blocked +[0-9a-f]+-[0-9a-f]+ +[0-9a-f]+ +intact$'
	expect_output "$t clean: the exited goroutine is gone" '^tasks \(5\):$'
	# The interrupt that received the request dumped at once: its 8 bytes are
	# in the RX ring, and the goroutine reading the UART has not run since.
	expect_output "$t clean: the request's bytes are in the RX ring, unread" '^  uart0\.rx +[0-9]+ +8 +0 +8 +0$'
	expect_output "$t clean: the UART reader still waits on the device" '^wait queue uart0\.readers: reader\([0-9]+\)$'
	grep -q '^| snapshot: ready$' "$tmp/console"
	check $? "$t clean: the console text before the dump is shown"

	# The frame's size from the header's range: 4 bytes of CRC per 4 KiB chunk,
	# a 60-byte header (20 fixed, a 20-byte build id, one 16-byte range, its
	# CRC) and the 8-byte end mark.
	ram=$(printf '%s\n' "$out" | sed -n 's/^snapshot: .*, \([0-9]*\) bytes of RAM at .*/\1/p')
	size=$(stat -c %s "$tmp/clean.frame")
	[ -n "$ram" ] && [ "$size" = $((ram + 4 * ((ram + 4095) / 4096) + 60 + 8)) ]
	check $? "$t clean: the frame is the RAM ($ram bytes) and its framing ($size bytes in all)"
	sed -n 's/^snapshot: dump frame of \([0-9]*\) bytes in \([0-9.]*\) s .*/# '$t': dump of \1 bytes over QEMU'"'"'s UART in \2 s/p' "$tmp/log"

	head -c $((size - 1)) "$tmp/clean.frame" > "$tmp/bad.frame"
	damaged "a dump one byte short" "cut short: $((size - 1)) of its $size bytes arrived \(it stops in the end mark\)"
	head -c $((size / 2)) "$tmp/clean.frame" > "$tmp/bad.frame"
	damaged "a dump cut in half" "cut short: $((size / 2)) of its $size bytes arrived \(it stops in the chunk of RAM at 0x[0-9a-f]+\)"
	head -c 30 "$tmp/clean.frame" > "$tmp/bad.frame"
	damaged "a dump cut in its header" 'cut short: 30 bytes arrived, less than its 60-byte header'
	flip $((size / 2))
	damaged "a flipped byte in the RAM" 'the dump is damaged: 1 chunk of RAM fails the CRC, the first at 0x[0-9a-f]+-0x[0-9a-f]+ \(CRC-32 0x[0-9a-f]{8}, but it says 0x[0-9a-f]{8}\): bytes flipped or lost in transfer$'
	flip 10
	damaged "a flipped byte in the header" "the dump's header is damaged \(CRC-32 0x[0-9a-f]{8}, but it says 0x[0-9a-f]{8}\): bytes flipped in transfer"
	flip 14
	damaged "a flipped range count" "the dump's header is damaged or not of this format: 20 bytes of build id, 254 ranges"
	flip $((size - 3))
	damaged "a flipped end mark" 'no end mark where its header says it ends'
	python3 tests/system/frame_damage.py $checker $elf "$tmp/clean.frame" > "$tmp/sweep" 2>&1
	check $? "$t damage swept over the frame (cuts at some 300 lengths, a flipped bit in each header byte past the magic, 200 body bytes, each end-mark byte), each refused and named: $(tr '\n' ';' < "$tmp/sweep")"
	python3 -c 'import sys
b = open(sys.argv[1], "rb").read(); n = len(b) // 3
open(sys.argv[2], "wb").write(b[:n] + b[n + 1:])' "$tmp/clean.frame" "$tmp/bad.frame"
	damaged "a byte lost in transfer" 'the dump is damaged: [0-9]+ chunks? of RAM fails? the CRC.*lost in transfer \(and it is short of its length\)$'

	# The same firmware but another build: only its build id differs, so only
	# that check can refuse it.
	$objcopy -O binary --only-section=.note.gnu.build-id $elf "$tmp/note"
	python3 -c 'import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[-1] ^= 1; open(sys.argv[1], "wb").write(b)' "$tmp/note"
	$objcopy --update-section .note.gnu.build-id="$tmp/note" $elf "$tmp/rebuilt.elf"
	inspect "$tmp/rebuilt.elf" "$tmp/clean.frame"
	expect_status "$t a dump from another build of the firmware: refused" 2
	expect_output "$t a dump from another build: both build ids named" \
		"the dump is of another build: its build id is [0-9a-f]{40}, $tmp/rebuilt.elf's is [0-9a-f]{40}$"
	inspect build/$t/test-exit.elf "$tmp/clean.frame"
	expect_status "$t a dump checked against another firmware: refused" 2
	expect_output "$t a dump checked against another firmware: by its build id" 'the dump is of another build'
	inspect $elf "$tmp/clean.frame" 0x1000
	expect_status "$t a base address with a dump frame: refused" 2

	fault_addr=$(snapshot_fault_address $t $elf)
	snapshot_faults fault

	# A panic dumps unasked, after its report: the scheduler finds the
	# overwritten canary when the goroutine switches out.
	dump "$tmp/panic.frame" --poke "$fault_addr=13" --after-panic --panic-timeout 60
	check $? "$t panic: the dump after the report arrives"
	grep -q '^| panic: stack overflow: the canary below the stack was overwritten$' "$tmp/console"
	check $? "$t panic: the report comes first"
	grep -q '^snapshot: the firmware exited with status 134$' "$tmp/log"
	check $? "$t panic: then the firmware ends with the panic status"
	inspect $elf "$tmp/panic.frame"
	expect_status "$t panic: the checker fails" 1
	expect_output "$t panic: the dump says it followed a panic" '^dump: taken after a panic, build id'
	expect_output "$t panic: the overwritten canary is named" "^violation: task 'sleeper' \(id [0-9]+\): stack canary at 0x[0-9a-f]+ overwritten \(0xdeadbeef"
done

# make snapshot PORT=... on a serial device: QEMU's UART as a pseudo-terminal
# stands in for a board's USB serial port.
t=qemu-lx106
$(qemu_command $t | sed 's/-nographic//') -display none -serial pty -kernel build/$t/test-snapshot.elf \
	> "$tmp/qemu.log" 2>&1 &
qemu=$!
for _ in $(seq 300); do
	pts=$(sed -n 's|^char device redirected to \(/dev/pts/[0-9]*\) .*|\1|p' "$tmp/qemu.log" 2>/dev/null)
	[ -n "$pts" ] && break
	sleep 0.1
done
out=$(make -s --no-print-directory snapshot TARGET=$t PORT="$pts" SNAPSHOT_ELF=build/$t/test-snapshot.elf 2>&1)
status=$?
kill $qemu
wait $qemu 2>/dev/null
expect_status "make snapshot PORT=$pts (QEMU's UART as a serial port): passes" 0
expect_output "make snapshot PORT=...: the report says the dump was requested and is of this build" \
	'^dump: taken on request, build id [0-9a-f]{40} \(matches the ELF\)'
expect_output "make snapshot PORT=...: no violations" '^no violations$'

# port_refused PORT WHAT PATTERN: snapshot.py on PORT fails and says PATTERN.
port_refused() {
	python3 tools/snapshot.py --port "$1" --out "$tmp/x" > /dev/null 2> "$tmp/log"
	status=$?
	out=$(cat "$tmp/log")
	expect_status "snapshot.py $2: fails" 2
	expect_output "snapshot.py $2: says so" "$3"
}
port_refused "$tmp/no-such-port" "with no board on the port" "cannot open $tmp/no-such-port: No such file or directory"
port_refused /dev/null "on a device that is no serial port" "cannot open /dev/null: not a serial port"
