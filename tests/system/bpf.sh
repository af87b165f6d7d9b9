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

# corpus: programs written the way network and text code is written
# (tests/bpf), each verified unmodified and run on a line context (60
# bytes, then the length) built from text or hex; the answers are decimal.
line_hex() { # line_hex text|hex DATA: the context bytes in hex
	python3 -c 'import sys
b = bytes.fromhex(sys.argv[2]) if sys.argv[1] == "hex" else sys.argv[2].encode()
print((b + bytes(60 - len(b))).hex() + len(b).to_bytes(4, "little").hex())' "$1" "$2"
}
frame() { # frame VLAN IHL PROTOCOL GOOD-CHECKSUM: Ethernet/IPv4 (+options)/UDP to port 53, in hex
	python3 -c 'import struct, sys
vlan, ihl, proto, good = map(int, sys.argv[1:])
ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + 8, 1, 0, 64, proto, 0, bytes([10, 0, 0, 7]), bytes([10, 0, 0, 1])))
ip += bytes(ihl * 4 - 20)
s = sum(struct.unpack("!%dH" % (len(ip) // 2), ip))
s = (s & 0xffff) + (s >> 16)
ip[10:12] = struct.pack("!H", ~(s + (s >> 16)) & 0xffff ^ (0 if good else 1))
eth = bytes(range(12)) + (bytes.fromhex("81000005") if vlan else b"") + bytes.fromhex("0800")
print((eth + bytes(ip) + struct.pack("!HHHH", 1234, 53, 8, 0)).hex())' "$@"
}
dns_query=12340100000100000000000003777777076578616d706c6503636f6d0000010001
squares=$(python3 -c 'print(bytes(k * k & 255 for k in range(1, 60)).hex())') # byte k is k * k
# program, context kind, data, r0 (decimal), what it shows
corpus="udp_port|hex|$(frame 0 5 17 1)|53|UDP port behind a 20-byte IPv4 header
udp_port|hex|$(frame 1 6 17 1)|53|behind a VLAN tag and 4 bytes of IPv4 options
udp_port|hex|$(frame 0 9 17 1)|53|behind 16 bytes of options (58-byte frame)
udp_port|hex|$(frame 0 6 17 0)|0|IPv4 header checksum wrong: refused
udp_port|hex|$(frame 0 5 6 1)|0|not UDP: refused
udp_port|hex|$(frame 0 5 17 1 | cut -c1-80)|0|UDP header cut off: refused
line_checksum|text|AAAA|32125|16-bit words summed over the line
line_checksum|text|ABC|48507|an odd length padded with zero
crc32|text|123456789|3421780262|bit-wise CRC-32 check value
crc32|text||0|of nothing
dns_name|hex|$dns_query|785|www.example.com: 3 labels, 17 bytes
dns_name|hex|12340100000100000000000003777777c00c|0|a compressed name: refused
dns_name|hex|12340100000100000000000003777777076578616d706c|0|a name cut off: refused
byte_histogram|text|hello world|404|bytes by low bits in an array map, fullest entry found by a loop
http_method|text|POST /form HTTP/1.1|3|POST
http_method|text|DELETE /x|5|DELETE
http_method|text|GETX /|0|no method
alu32_offset|hex|fb$squares|314|bytes 30 + d and 30 - d, d = -5 (32-bit sums of a signed offset)
alu32_offset|hex|14$squares|296|d = 20, the largest
alu32_offset|hex|ec$squares|296|d = -20, the smallest
alu32_offset|hex|15$squares|4294967295|d = 21: -1
alu32_offset|hex|eb$squares|4294967295|d = -21: -1
line_window|hex|000268656c6c6f|205|bytes [0, 2) of hello
line_window|hex|feff68656c6c6f|108|bytes [-2, -1) of hello: ends counted from the end
line_window|hex|036468656c6c6f|219|bytes [3, 100) of hello: the end clamped to the line
line_window|hex|9cff68656c6c6f|421|bytes [-100, -1) of hello: the start clamped to 0
line_window|hex|040268656c6c6f|0|an empty window
line_window|hex|05|4294967295|a line shorter than its two numbers: -1"
while IFS='|' read -r program kind data want what; do
	got=$($run --elf $objects/$program.o "$(line_hex "$kind" "$data")" 2>&1); status=$?
	[ $status = 0 ] && [[ $got =~ ^[0-9a-f]+$ ]] && [ "$((16#$got))" = "$want" ]
	check $? "corpus on the host: $program: $what (r0 $want, got '$got')"
done <<< "$corpus"
packet=$(python3 -c 'print(bytes((i * 7 + 3) & 0xff for i in range(1500)).hex())')
want=$(python3 -c 'import struct
s = sum(struct.unpack("<750H", bytes((i * 7 + 3) & 0xff for i in range(1500))))
while s >> 16: s = (s & 0xffff) + (s >> 16)
print("%x" % (~s & 0xffff))')
for form in "checksum|the 16-bit loop" "checksum_bytes|the loop a byte at a time (p[i] | p[i + 1] << 8)" "checksum_pairs|the 16-bit loop bounded by i + 1 < len"; do
	out=$($run --elf $objects/checksum.o --section "${form%%|*}" "$packet" 2>&1); status=$?
	[ $status = 0 ] && [ "$out" = "$want" ]
	check $? "corpus on the host: ${form%%|*}: ${form#*|} over a 1500-byte packet verifies unmodified (got '$out', want '$want')"
done

# XDP: packet pointers proven by compares with data_end, the packet written
# in place; --xdp prints the verdict, then the packet
xdp_frame() { # xdp_frame TYPE IHL PORT LENGTH: Ethernet/IPv4/UDP to PORT, cut to LENGTH bytes
	python3 -c 'import struct, sys
kind, ihl, port, length = int(sys.argv[1], 16), *map(int, sys.argv[2:])
ip = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + 8, 1, 0, 64, 17, 0, bytes([10, 0, 0, 7]), bytes([10, 0, 0, 1])) + bytes(ihl * 4 - 20)
print((bytes(range(1, 13)) + struct.pack("!H", kind) + ip + struct.pack("!HHHH", 1234, port, 8, 0) + b"hi")[:length].hex())' "$@"
}
xdp_reply() { # the echo reply to xdp_frame 0800 IHL 7 LENGTH: addresses and ports swapped
	python3 -c 'import sys
f = bytearray.fromhex(sys.argv[1]); h = 14 + (f[14] & 15) * 4
f[0:6], f[6:12] = f[6:12], f[0:6]
f[26:30], f[30:34] = f[30:34], f[26:30]
f[h:h + 2], f[h + 2:h + 4] = f[h + 2:h + 4], f[h:h + 2]
print(f.hex())' "$1"
}
for ihl in 5 7; do
	frame=$(xdp_frame 0800 $ihl 7 100)
	out=$($run --xdp --elf $objects/xdp_echo.o "$frame" 2>&1); status=$?
	[ $status = 0 ] && [ "$out" = "$(printf '3\n%s' "$(xdp_reply "$frame")")" ]
	check $? "xdp on the host: UDP echo behind a $((ihl * 4))-byte IPv4 header: XDP_TX, addresses and ports swapped in place"
done
while IFS='|' read -r frame want what; do
	out=$($run --xdp --elf $objects/xdp_echo.o "$frame" 2>&1); status=$?
	[ $status = 0 ] && [ "$out" = "$(printf '%s\n%s' "$want" "$frame")" ]
	check $? "xdp on the host: $what (verdict $want, packet untouched; got '${out%%$'\n'*}')"
done <<EOF
$(xdp_frame 0800 5 53 100)|2|another UDP port: XDP_PASS
$(xdp_frame 0806 5 7 42)|2|ARP: XDP_PASS
$(xdp_frame 0800 7 7 49)|1|UDP header cut off behind IPv4 options: XDP_DROP
$(xdp_frame 0800 5 7 13)|1|Ethernet header cut off: XDP_DROP
EOF

# XDP: TCP options walked with offsets and lengths from the packet, each
# option proven by one compare (xdp_syn_mss: SYNs advertising an MSS under
# 500 dropped)
tcp_frame() { # tcp_frame IHL FLAGS OPTIONS-HEX [LENGTH]: Ethernet/IPv4/TCP, options padded to words, cut to LENGTH bytes
	python3 -c 'import struct, sys
ihl, flags, options = int(sys.argv[1]), int(sys.argv[2], 16), bytes.fromhex(sys.argv[3])
options += bytes(-len(options) % 4)
tcp = struct.pack("!HHIIBBHHH", 1234, 80, 1, 0, (20 + len(options)) // 4 << 4, flags, 1000, 0, 0) + options
ip = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + len(tcp), 1, 0, 64, 6, 0, bytes([10, 0, 0, 7]), bytes([10, 0, 0, 1])) + bytes(ihl * 4 - 20)
frame = bytes(range(1, 13)) + b"\x08\x00" + ip + tcp
print(frame[:int(sys.argv[4]) if len(sys.argv) > 4 else len(frame)].hex())' "$@"
}
while IFS='|' read -r frame want what; do
	out=$($run --xdp --elf $objects/xdp_syn_mss.o "$frame" 2>&1); status=$?
	[ $status = 0 ] && [ "$out" = "$(printf '%s\n%s' "$want" "$frame")" ]
	check $? "xdp on the host: xdp_syn_mss: $what (verdict $want; got '${out%%$'\n'*}')"
done <<EOF
$(tcp_frame 5 02 020405b4)|2|SYN with MSS 1460: XDP_PASS
$(tcp_frame 5 02 02040030)|1|SYN with MSS 48: XDP_DROP
$(tcp_frame 5 02 0101080a000000010000000001030307040202040030)|1|MSS 48 behind NOPs, timestamps, window scale and SACK-permitted: XDP_DROP
$(tcp_frame 7 02 010102040002)|1|MSS 2 behind 8 bytes of IPv4 options: XDP_DROP
$(tcp_frame 5 10 02040030)|2|not a SYN: XDP_PASS
$(tcp_frame 5 02 030307010402)|2|SYN with window scale and SACK-permitted, no MSS: XDP_PASS
$(tcp_frame 5 02 0101020400 58)|2|the MSS option cut off by the frame's end: XDP_PASS
$(tcp_frame 5 02 0101ff0a0204)|2|an option running past the frame's end: XDP_PASS
$(tcp_frame 5 02 01010201)|2|an option length under 2: XDP_PASS
EOF

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
    if line[:1] in ("@", "%", "!"):  # an object file, sent in hex; with its MAC (%), or a wrong one (!)
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
		@$objects/report.o ABCDEFGHIJ @$objects/global.o @$objects/btf_loop.o "7 77" \
		"engine interpreter" @$objects/loop.o "a1 b22 c3" quit 2>&1 | tr -d '\r'); status=$?
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
	printf '%s\n' "$out" | grep -v '^jit: ' | grep -A1 'rejected: .*global data' | grep -Eq '^bpf: loaded [0-9]+ instructions, 1 maps$'
	check $? "$t bpfload: object with a BTF-defined map (SEC(\".maps\")) loaded"
	expect_output "$t bpfload: and runs (7+7+7)" '^bpf: r0=21$'
	expect_output "$t bpfload: quit ends the run" '^bpf: bye$'
	expect_output "$t bpfload: programs compiled by the JIT" '^jit: [0-9]+ bytes of (rv32|rv64|lx106) code for [0-9]+ instructions$'
	[ "$(printf '%s\n' "$out" | sed -n '/^bpf: engine interpreter from the next load$/,$p' | grep -c '^jit: ')" = 0 ] &&
		[ "$(printf '%s\n' "$out" | grep -c '^bpf: r0=8$')" = 2 ]
	check $? "$t bpfload: engine interpreter: the next load is interpreted, same answer"

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

	# the corpus over the UART: each program loaded, then its inputs
	lines=() want_replies=""
	previous=""
	while IFS='|' read -r program kind data want what; do
		if [ "$program" != "$previous" ]; then
			lines+=("@$objects/$program.o")
			want_replies+="bpf: loaded"$'\n'
			previous=$program
		fi
		if [ "$kind" = hex ]; then lines+=("hex $data"); else lines+=("$data"); fi
		want_replies+="bpf: r0=$want"$'\n'
	done <<< "$corpus"
	out=$(set -o pipefail; feed $t "${lines[@]}" quit 2>&1 | tr -d '\r'); status=$?
	expect_status "$t bpfload: the corpus ran to quit" 0
	replies=$(printf '%s\n' "$out" | grep '^bpf: ' | grep -v '^bpf: ready' | sed 's/^bpf: loaded .*/bpf: loaded/')
	[ "$replies" = "$want_replies"'bpf: bye' ]
	check $? "$t bpfload: corpus over the UART: $(printf '%s\n' "$corpus" | cut -d'|' -f1 | sort -u | wc -l) programs verified on the device, $(printf '%s\n' "$corpus" | wc -l) answers as on the host"
	[ "$replies" = "$want_replies"'bpf: bye' ] || diff <(printf '%s\n' "$replies") <(printf '%sbpf: bye\n' "$want_replies") | head -20

	# XDP on the device: the line's bytes are the packet (32-bit pointers
	# in struct bpf_xdp_buff on lx106 and rv32)
	echo_frame=$(xdp_frame 0800 7 7 60) other_frame=$(xdp_frame 0800 5 53 60)
	out=$(set -o pipefail; feed $t @$objects/xdp_echo.o "hex $echo_frame" "hex $other_frame" quit 2>&1 | tr -d '\r'); status=$?
	expect_status "$t bpfload: XDP program ran to quit" 0
	replies=$(printf '%s\n' "$out" | grep -E '^bpf: (r0|packet)' | tr '\n' ' ')
	[ "$replies" = "bpf: r0=3 bpf: packet $(xdp_reply "$echo_frame") bpf: r0=2 bpf: packet $other_frame " ]
	check $? "$t bpfload: XDP echo over the UART: XDP_TX with the reply written in place, XDP_PASS untouched"
	small_mss=$(tcp_frame 5 02 0101020400300000 60) big_mss=$(tcp_frame 5 02 020405b4) cut_mss=$(tcp_frame 5 02 0101020400 58)
	out=$(set -o pipefail; feed $t @$objects/xdp_syn_mss.o "hex $small_mss" "hex $big_mss" "hex $cut_mss" quit 2>&1 | tr -d '\r'); status=$?
	expect_status "$t bpfload: xdp_syn_mss ran to quit" 0
	replies=$(printf '%s\n' "$out" | grep -E '^bpf: r0' | tr '\n' ' ')
	[ "$replies" = "bpf: r0=1 bpf: r0=2 bpf: r0=2 " ]
	check $? "$t bpfload: TCP options walked over the UART: MSS 48 dropped, 1460 passed, a cut-off option passed (got '$replies')"
done
