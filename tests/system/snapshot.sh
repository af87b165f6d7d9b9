# snapshot.sh — the RAM-snapshot checker on a live firmware (tests/target/
# snapshot.c) on qemu-lx106 and rv64: a clean snapshot passes; then, one run per kind
# of damage, the host writes a fault number into the firmware through QEMU's
# gdb stub, the firmware breaks that invariant and freezes, and the report of
# the snapshot taken through QMP must name the damage and exit 1.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

checker=build/tools/snapshot-check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# snapshot FILE [ARGS...]: boots $elf, waits for "ready", snapshots its RAM
# (on rv64 the first MiB of it: the firmware and the pages it uses).
snapshot() {
	local file=$1
	shift
	python3 tools/snapshot.py --qemu "$(qemu_command $t)" --elf $elf --out "$file" \
		--base $base --size $size --wait '^snapshot: ready' --timeout 30 "$@" > "$tmp/console" 2>&1
}

# inspect FILE: the checker's report of FILE in $out, its exit code in $status.
inspect() {
	out=$($checker $elf "$1" $base 2>&1)
	status=$?
}

inspect_wrong() {
	out=$($checker "$@" 2>&1)
	status=$?
}

# fault N WHAT PATTERN: injects fault N (tests/target/snapshot.c) and expects
# the report to match PATTERN.
fault() {
	snapshot "$tmp/fault$1.bin" --poke "$fault_addr=$1" --then '^snapshot: frozen'
	check $? "$t $2: injected through the gdb stub"
	inspect "$tmp/fault$1.bin"
	expect_status "$t $2: the checker fails" 1
	expect_output "$t $2: named in the report" "$3"
	snapshot_fault_details $1 "$2"
}

# the checker again with AddressSanitizer and UBSan, for corrupt snapshots
make -s --no-print-directory build/tools/asan/snapshot-check
check $? "snapshot-check builds with ASan and UBSan"

for t in qemu-lx106 rv64; do
	elf=build/$t/test-snapshot.elf
	case $t in
	qemu-lx106) base=0x3ffe8000 size=0x18000 ;;
	*) base=0x80000000 size=0x100000 ;;
	esac

	snapshot "$tmp/clean.bin"
	check $? "$t clean: snapshot taken through QMP"
	inspect "$tmp/clean.bin"
	expect_status "$t clean: no violations" 0
	expect_output "$t clean: says so" '^no violations$'
	expect_output "$t clean: lists the sleeping goroutine" '^ +[0-9]+ sleeper +(blocked|ready|running) '
	expect_output "$t clean: lists the goroutine blocked on a channel" '^ +[0-9]+ receiver +blocked +[0-9a-f]+-[0-9a-f]+ +[0-9a-f]+ +intact$'
	expect_output "$t clean: lists main on the boot stack" '^ +1 main +[a-z]+ +[0-9a-f]+-[0-9a-f]+ '
	expect_output "$t clean: the exited goroutine is gone" '^tasks \(5\):$'
	expect_output "$t clean: UART rings with capacity, head, tail" '^  uart0\.rx +[0-9]+ +[0-9]+ +[0-9]+ +0 +0$'
	expect_output "$t clean: the UART reader waits on the device" '^wait queue uart0\.readers: reader\([0-9]+\)$'
	expect_output "$t clean: each goroutine's stack page has its owner" '^  [0-9]+ +1 page +stack of task .receiver. '
	expect_output "$t clean: page totals" '^pages: [0-9]+ total, [0-9]+ used, [0-9]+ free'

	inspect_wrong build/$t/test-exit.elf "$tmp/clean.bin" $base
	expect_status "$t another firmware's ELF is refused" 2
	expect_output "$t and the mismatch is named" 'does not hold this firmware.s runtime_layout'
	inspect_wrong $elf "$tmp/clean.bin" $((base + 4))
	expect_status "$t a wrong base address is refused" 2

	# the same firmware as an older layout (version 3: a two-bit page map) is refused by name
	python3 - "$elf" "$tmp/v3.elf" "$(make -s --no-print-directory TARGET=$t print-NM)" <<'PY'
import struct, subprocess, sys
elf, out, nm = sys.argv[1], sys.argv[2], sys.argv[3]
data = bytearray(open(elf, "rb").read())
at = [int(l.split()[0], 16) for l in subprocess.run([nm, elf], capture_output=True, text=True).stdout.splitlines()
      if l.endswith(" runtime_layout")][0]
wide = data[4] == 2
phoff = struct.unpack_from("<Q" if wide else "<I", data, 0x20 if wide else 0x1c)[0]
phentsize, phnum = struct.unpack_from("<HH", data, 0x36 if wide else 0x2a)
for i in range(phnum):
    h = phoff + i * phentsize
    if wide:
        kind, _, offset, vaddr, _, filesz = struct.unpack_from("<IIQQQQ", data, h)
    else:
        kind, offset, vaddr, _, filesz = struct.unpack_from("<IIIII", data, h)
    if kind == 1 and vaddr <= at < vaddr + filesz:
        assert struct.unpack_from("<I", data, offset + at - vaddr + 4)[0] == 4
        struct.pack_into("<I", data, offset + at - vaddr + 4, 3)
open(out, "wb").write(data)
PY
	inspect_wrong "$tmp/v3.elf" "$tmp/clean.bin" $base
	expect_status "$t a firmware of layout version 3 is refused" 2
	expect_output "$t and told apart by its version and page map" \
		'runtime_layout version 3, but this snapshot-check reads version 4 only \(up to version 3 the page map was two bits a page'

	# a snapshot whose page count reads 0xffffffff: reported, not a crash
	python3 - "$elf" "$tmp/clean.bin" $base "$tmp/count.bin" "$(make -s --no-print-directory TARGET=$t print-NM)" <<'PY'
import struct, subprocess, sys
elf, clean, base, out, nm = sys.argv[1], sys.argv[2], int(sys.argv[3], 0), sys.argv[4], sys.argv[5]
ram = bytearray(open(clean, "rb").read())
ptr = 4 if "xtensa" in nm else 8
symbols = subprocess.run([nm, elf], capture_output=True, text=True).stdout.splitlines()
roots = [int(l.split()[0], 16) for l in symbols if l.endswith(" page_roots")][0]  # map, total, base
total = int.from_bytes(ram[roots - base + ptr:roots - base + 2 * ptr], "little")
struct.pack_into("<I", ram, total - base, 0xffffffff)
open(out, "wb").write(ram)
PY
	for checker_build in $checker build/tools/asan/snapshot-check; do
		out=$($checker_build $elf "$tmp/count.bin" $base 2>&1); status=$?
		expect_status "$t page count 0xffffffff ($checker_build): reported as a violation" 1
		expect_output "$t page count 0xffffffff: named as corrupt" '^violation: page map .*\(4294967295 pages\) is not in RAM: the page count or the map pointer is corrupt'
	done
	# the page map's own damage, written into the clean snapshot: a long
	# allocation's mark on a free page (one page is no long run), and a
	# stack's length byte one more than its pages, taking in a free page or
	# running into the next allocation
	python3 - "$elf" "$tmp/clean.bin" $base "$tmp/map" "$(make -s --no-print-directory TARGET=$t print-NM)" <<'PY'
import subprocess, sys
elf, clean, base, out, nm = sys.argv[1], sys.argv[2], int(sys.argv[3], 0), sys.argv[4], sys.argv[5]
ram = bytearray(open(clean, "rb").read())
ptr = 4 if "xtensa" in nm else 8
word = lambda a, width=ptr: int.from_bytes(ram[a - base:a - base + width], "little")
symbols = subprocess.run([nm, elf], capture_output=True, text=True).stdout.splitlines()
roots = [int(l.split()[0], 16) for l in symbols if l.endswith(" page_roots")][0]  # map, total, base
at, total = word(word(roots)) - base, word(word(roots + ptr), 4)
free = 0  # a free page: walk the allocations by their length (kernel/page.c)
while ram[at + free]:
    free += ram[at + free] if ram[at + free] <= 253 else 1
# first pages of short allocations followed by a free page, and by another allocation
firsts = [i for i in range(total) if 1 <= ram[at + i] <= 252 and i + ram[at + i] < total]
before_free = next(i for i in firsts if ram[at + i + ram[at + i]] == 0)
before_taken = next(i for i in firsts if 1 <= ram[at + i + ram[at + i]] <= 253)
for name, page, value in (("long", free, 0xfe), ("length", before_free, ram[at + before_free] + 1),
                          ("overlap", before_taken, ram[at + before_taken] + 1)):
    damaged = bytearray(ram)
    damaged[at + page] = value
    open(f"{out}-{name}.bin", "wb").write(damaged)
PY
	inspect "$tmp/map-long.bin"
	expect_status "$t a long allocation's mark on one free page: the checker fails" 1
	expect_output "$t and names it" '^violation: page [0-9]+ marked as one long allocation, but a long one has more than 253 pages'
	inspect "$tmp/map-length.bin"
	expect_status "$t a stack's length byte one too many: the checker fails" 1
	expect_output "$t the task whose pages they are is named" "^violation: task '[a-z0-9]+' \(id [0-9]+\) holds pages? [0-9-]+, but the page map does not have them as one allocation \(it has another length\)"
	inspect "$tmp/map-overlap.bin"
	expect_status "$t a stack's length byte reaching into the next allocation: the checker fails" 1
	expect_output "$t the page where they meet is named" '^violation: page [0-9]+ lies in the allocation of pages [0-9]+-[0-9]+, but its byte is 0x[0-9a-f]+ where its later pages hold 0'
	out=$(NM=$(make -s --no-print-directory TARGET=$t print-NM) timeout 600 python3 tests/system/mutate_tools.py \
		snapshot 400 8266 build/tools/asan/snapshot-check $elf "$tmp/clean.bin" $base 2>&1); status=$?
	printf '%s\n' "$out" | grep '^#'
	printf '%s\n' "$out" | grep -q '^ok - snapshot' && [ $status = 0 ]
	check $? "$t 400 snapshots with corrupt counts, pointers and page map bytes: each ends in a report (status 0/1/2), no sanitizer report"

	fault_addr=$(snapshot_fault_address $t $elf)

	snapshot_faults fault
done
