# bpf.sh — the eBPF VM end to end: the conformance-style runner on the host,
# the sanitizer fuzz test, and programs loaded over the UART of a running
# firmware (examples/bpfload) on QEMU lx106, rv32 and rv64, clang-compiled
# objects included (legacy and BTF-defined maps).
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

run=build/host/bpf-run
objects=build/host/bpf

# runner: program hex on stdin, memory hex as the argument, r0 in hex
out=$(echo "b7000000ff0000000700000001000000 95000000 00000000" | $run 2>&1); status=$?
[ "$out" = 100 ] && [ $status = 0 ]; check $? "runner: mov/add program prints r0 in hex (got '$out')"
out=$(echo "71100200000000009500000000000000" | $run "11 22 33 44" 2>&1); status=$?
[ "$out" = 33 ] && [ $status = 0 ]; check $? "runner: memory argument is the context at r1 (got '$out')"
out=$(echo "61100400000000009500000000000000" | $run "11223344" 2>&1); status=$?
[ $status = 1 ] && printf '%s' "$out" | grep -q "insn 0: context access \[4, 8) outside \[0, 4)"
check $? "runner: out-of-bounds program exits 1 with the reason ($out)"
out=$(echo "zz" | $run 2>&1); status=$?
[ $status = 1 ] && printf '%s' "$out" | grep -q "must be hex"; check $? "runner: malformed input exits 1 with a message"
frame="$(printf '00 %.0s' $(seq 12))08 00 45 $(printf '00 %.0s' $(seq 8))11 00 00 0a 00 00 07 $(printf '00 %.0s' $(seq 6))00 35 $(printf '00 %.0s' $(seq 22))2a 00 00 00"
out=$($run --elf $objects/filter.o "$frame" 2>&1); status=$?
[ "$out" = 1 ] && [ $status = 0 ]; check $? "runner: clang-compiled filter accepts a DNS frame (got '$out')"
out=$($run --elf $objects/btf_filter.o "$frame" 2>&1); status=$?
[ "$out" = 1 ] && [ $status = 0 ]; check $? "runner: the filter with a BTF-defined map (SEC(\".maps\")) accepts it too (got '$out')"
out=$($run --elf $objects/global.o 00 2>&1); status=$?
[ $status = 1 ] && printf '%s' "$out" | grep -q "global data"; check $? "runner: ELF with global data is refused with the reason"
out=$(timeout 600 build/host/tests/fuzz_bpf --elf 50000 $objects/*.o 2>&1); status=$?
printf '%s\n' "$out" | grep '^#'
printf '%s\n' "$out" | grep -q '^ok - fuzz elf' && [ $status = 0 ]
check $? "fuzz: 50000 structure-mutated objects load or are refused with a reason, no sanitizer report (status $status)"

# objects whose sections have no bytes in the file (SHT_NOBITS, or section 0)
# at an offset far outside it: refused with the reason (they used to crash)
crafted=$(mktemp -d)
trap 'rm -rf "$crafted"' EXIT
python3 tests/system/craft_elf.py $objects/loop.o $crafted
for c in "nobits-strtab:section name table (section 1) is SHT_NOBITS" "nobits-maps:map section (section 5) is SHT_NOBITS" \
	"nobits-text:.text (section 2) is SHT_NOBITS" "shstrndx0:section name table is section 0, which has no contents"; do
	out=$($run --elf $crafted/${c%%:*}.o 00 2>&1); status=$?
	[ $status = 1 ] && printf '%s' "$out" | grep -qF "${c#*:}"
	check $? "runner: ${c%%:*}.o refused with the reason, exit 1 (status $status: $out)"
done

# fuzz: random programs, accepted ones run under ASan/UBSan
out=$(timeout 600 build/host/tests/fuzz_bpf 400000 2>&1); status=$?
printf '%s\n' "$out" | grep '^#'
printf '%s\n' "$out" | grep -q '^ok - fuzz' && [ $status = 0 ]
check $? "fuzz: 400000 random programs, no sanitizer report (status $status)"
out=$(timeout 300 build/host/tests/fuzz_bpf --btf $objects/btf_filter.o 10000 2>&1); status=$?
printf '%s\n' "$out" | grep '^#'
printf '%s\n' "$out" | grep -q '^ok - fuzz btf' && [ $status = 0 ]
check $? "fuzz: 10000 flipped .BTF sections load or are refused with a reason, no sanitizer report (status $status)"

# device: the firmware takes programs over its UART while running
feed() { # feed TARGET LINES...: boots ${firmware:-bpfload}, sends each line after the last reply
	local target=$1
	shift
	timeout 120 python3 - "$(qemu_command "$target")" "build/$target/${firmware:-bpfload}.elf" "$@" <<'PY'
import hmac, shlex, subprocess, sys
qemu, elf, lines = sys.argv[1], sys.argv[2], sys.argv[3:]
p = subprocess.Popen(shlex.split(qemu) + ["-kernel", elf], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def reply():  # echoes output up to the next "bpf: " line (the firmware's answer)
    while True:
        line = p.stdout.readline().decode(errors="replace").rstrip("\r\n")
        if not line:
            return
        print(line, flush=True)
        if line.startswith("bpf: "):
            return
reply()  # bpf: ready: only now is the firmware reading
for line in lines:
    if line[0] in "@%!":  # an object file, sent in hex; with its MAC (%), or a wrong one (!)
        data = open(line[1:], "rb").read()
        mac = hmac.new(b"8266go bpfload test key, public!" if line[0] == "%" else b"another key", data, "sha256")
        line = "load " + data.hex() + ("" if line[0] == "@" else " " + mac.hexdigest())
    p.stdin.write((line + "\n").encode())
    p.stdin.flush()
    reply()
p.stdin.close()
for line in p.stdout:  # whatever a reply left behind (e.g. ring records), up to the exit
    print(line.decode(errors="replace").rstrip("\r\n"), flush=True)
sys.exit(p.wait(timeout=60))
PY
}

for t in $QEMU_TARGETS; do
	out=$(set -o pipefail; feed $t hello @$objects/loop.o "a1 b22 c3" 999 @$objects/unchecked.o after-reject \
		@$objects/report.o ABCDEFGHIJ @$objects/global.o @$objects/btf_loop.o "7 77" quit 2>&1 | tr -d '\r'); status=$?
	expect_status "$t bpfload: ran to quit" 0
	expect_output "$t bpfload: reports when nothing is attached" '^bpf: no program$'
	expect_output "$t bpfload: clang object loaded over the UART" '^bpf: loaded [0-9]+ instructions, 1 maps$'
	expect_output "$t bpfload: program runs on each line (1+2+2+3)" '^bpf: r0=8$'
	expect_output "$t bpfload: and on the next (9+9+9)" '^bpf: r0=27$'
	expect_output "$t bpfload: unsafe program rejected with the reason" '^bpf: rejected: insn [0-9]+: context access'
	printf '%s\n' "$out" | grep -A1 'rejected: insn' | grep -q '^bpf: no program$'
	check $? "$t bpfload: firmware keeps running after a rejection, with nothing attached"
	expect_output "$t bpfload: trace_printk reaches the console" '^length 10$'
	expect_output "$t bpfload: ktime and the cycle counter are running (r0 = 6 + a random bit)" '^bpf: r0=[67]$'
	expect_output "$t bpfload: ring buffer record streamed out" '^bpf: record ABCDEFGH$'
	expect_output "$t bpfload: bad ELF refused with the reason" '^bpf: rejected: .*global data'
	printf '%s\n' "$out" | grep -A1 'rejected: .*global data' | grep -Eq '^bpf: loaded [0-9]+ instructions, 1 maps$'
	check $? "$t bpfload: object with a BTF-defined map (SEC(\".maps\")) loaded"
	expect_output "$t bpfload: and runs (7+7+7)" '^bpf: r0=21$'
	expect_output "$t bpfload: quit ends the run" '^bpf: bye$'

	out=$(set -o pipefail; feed $t @$crafted/nobits-strtab.o @$crafted/nobits-maps.o @$crafted/nobits-text.o \
		@$crafted/shstrndx0.o @$objects/wide.o 0123456789 s quit 2>&1 | tr -d '\r'); status=$?
	expect_status "$t bpfload: objects with sections that have no bytes leave the firmware running" 0
	expect_output "$t bpfload: NOBITS .strtab refused" '^bpf: rejected: section name table \(section 1\) is SHT_NOBITS'
	expect_output "$t bpfload: NOBITS maps refused" '^bpf: rejected: map section \(section 5\) is SHT_NOBITS'
	expect_output "$t bpfload: NOBITS .text refused" '^bpf: rejected: \.text \(section 2\) is SHT_NOBITS'
	expect_output "$t bpfload: e_shstrndx 0 refused" '^bpf: rejected: section name table is section 0'
	expect_output "$t bpfload: r0 printed in full 64 bits (1127177993681 + 10)" '^bpf: r0=1127177993691$'
	expect_output "$t bpfload: a run stopped by the budget says so, and its size" \
		'^bpf: run failed: the budget of 1000000 backward jumps and calls ran out$'

	# the firmware linked with a key (examples/bpfload-keyed) loads only
	# objects that carry their HMAC-SHA256 under it, and counts refusals
	out=$(set -o pipefail; firmware=bpfload-keyed feed $t @$objects/loop.o !$objects/loop.o "a1 b22 c3" \
		%$objects/loop.o "a1 b22 c3" %$crafted/nobits-maps.o quit 2>&1 | tr -d '\r'); status=$?
	expect_status "$t bpfload-keyed: ran to quit" 0
	expect_output "$t bpfload-keyed: an object without a MAC is refused, and counted" \
		'^bpf: rejected: this firmware loads only authenticated objects: send "load HEX MAC", MAC the HMAC-SHA256 of the object under its key \(1 refused\)$'
	expect_output "$t bpfload-keyed: a MAC under another key is refused, and counted" \
		'^bpf: rejected: the MAC does not match the object \(2 refused\)$'
	printf '%s\n' "$out" | grep -A1 'MAC does not match' | grep -q '^bpf: no program$'
	check $? "$t bpfload-keyed: nothing is attached after a refusal"
	expect_output "$t bpfload-keyed: the object with its MAC loads and runs (1+2+2+3)" '^bpf: r0=8$'
	expect_output "$t bpfload-keyed: an authenticated object still goes through the loader's checks" \
		'^bpf: rejected: map section \(section 5\) is SHT_NOBITS'
done
