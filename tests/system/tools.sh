# tools.sh — the host tools: esp-image against esptool's reference output
# (facts/esp8266.md §7), the demo's flash files, every corruption info must
# reject, bad ELF input, size-report against binutils' size, the 90% warning,
# and the linker's IRAM/DRAM overflow errors.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

X=xtensa-lx106-elf-
IMG=build/tools/esp-image
REP=build/tools/size-report
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run CMD...: sets $status, $out (stdout) and $err (stderr)
run() {
	"$@" > "$tmp/out" 2> "$tmp/err"
	status=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
expect_err() { # DESCRIPTION PATTERN: checks $err for an extended regex
	printf '%s\n' "$err" | grep -Eq -- "$2"
	check $? "$1"
}
fails() { # DESCRIPTION PATTERN: the last run failed and said PATTERN on stderr
	[ "$status" != 0 ] && printf '%s\n' "$err" | grep -Eq -- "$2"
	check $? "$1 (status $status: $(printf '%s' "$err" | head -1))"
}
hexbytes() { od -An -tx1 -v "$@" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }
# patch FILE OFFSET HEXBYTES: overwrite bytes in place
patch() { printf "$(printf '%s' "$3" | sed 's/\(..\)/\\x\1/g')" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none; }
# info_of_patched OFFSET HEX DESCRIPTION PATTERN: esp-image info on the tiny
# image with HEX written at OFFSET must fail and say PATTERN.
info_of_patched() {
	cp "$tmp/tiny-0x00000.bin" "$tmp/c.bin"
	patch "$tmp/c.bin" "$1" "$2"
	run $IMG info "$tmp/c.bin"
	fails "$3" "$4"
}

run make -s --no-print-directory build/tools/esp-image build/tools/size-report
expect_status "the tools build with the host gcc" 0

# ---- the reference tiny ELF of facts §7 ----
cat > "$tmp/tiny.ld" <<'EOF'
ENTRY(start)
SECTIONS
{
	.data 0x3ffe8000 : { *(.data .data.*) }
	.rodata : { *(.rodata .rodata.*) }
	.bss : { *(.bss .bss.*) }
	.text 0x40100000 : { *(.literal .text .literal.* .text.*) }
	.irom0.text 0x40210000 : { *(.irom0.literal .irom0.text) }
}
EOF
cat > "$tmp/tiny.c" <<'EOF'
/* The shape of facts §7's tiny ELF: 16 bytes of DRAM, 0x48 of IRAM with the
 * entry at 0x40100018, 20 of IROM. */
volatile int counter = 1;
volatile int step = 3;
const char name[4] = "esp";
const char tag[4] = "ok!";
__attribute__((section(".irom0.text"))) const int primes[3] = { 2, 3, 5 };
__attribute__((section(".irom0.text"))) const int squares[2] = { 4, 9 };

void start(void)
{
	for (;;)
		counter += (int)primes + (int)squares + (int)name + (int)tag + step;
}
EOF
tinyflags="-Os -mlongcalls -mtext-section-literals -ffreestanding -nostdlib"
run ${X}gcc $tinyflags -T "$tmp/tiny.ld" -o "$tmp/tiny.elf" "$tmp/tiny.c"
expect_status "tiny.elf builds as facts §7 describes" 0

run $IMG elf2image --flash-mode dio --flash-size 4MB --flash-freq 40m -o "$tmp/tiny-" "$tmp/tiny.elf"
expect_status "elf2image on tiny.elf" 0
[ "$(hexbytes -N8 "$tmp/tiny-0x00000.bin")" = "e9 02 02 40 18 00 10 40" ]
check $? "tiny header is esptool's: e9 02 02 40 18 00 10 40 (got $(hexbytes -N8 "$tmp/tiny-0x00000.bin"))"
[ "$(stat -c %s "$tmp/tiny-0x00000.bin")" = 128 ]
check $? "tiny-0x00000.bin is 128 bytes, as esptool's"
[ "$(hexbytes -j8 -N8 "$tmp/tiny-0x00000.bin")" = "00 80 fe 3f 10 00 00 00" ] &&
[ "$(hexbytes -j32 -N8 "$tmp/tiny-0x00000.bin")" = "00 00 10 40 48 00 00 00" ]
check $? "tiny segments: 0x10 bytes at 0x3ffe8000 (offset 8), 0x48 at 0x40100000 (offset 0x20)"
${X}objcopy -O binary -j .data -j .rodata "$tmp/tiny.elf" "$tmp/tiny-dram"
${X}objcopy -O binary -j .text "$tmp/tiny.elf" "$tmp/tiny-iram"
${X}objcopy -O binary -j .irom0.text "$tmp/tiny.elf" "$tmp/tiny-irom"
cmp -s <(tail -c +17 "$tmp/tiny-0x00000.bin" | head -c 16) "$tmp/tiny-dram" &&
cmp -s <(tail -c +41 "$tmp/tiny-0x00000.bin" | head -c 72) "$tmp/tiny-iram"
check $? "tiny segment bytes are the ELF's .data+.rodata and .text (objcopy)"
cmp -s "$tmp/tiny-0x10000.bin" "$tmp/tiny-irom" && [ "$(stat -c %s "$tmp/tiny-irom")" = 20 ]
check $? "tiny-0x10000.bin is the 20 raw IROM bytes, no header"
want=$(python3 -c 'import sys
s = 0xEF
for f in sys.argv[1:]:
    for b in open(f, "rb").read(): s ^= b
print("%02x" % s)' "$tmp/tiny-dram" "$tmp/tiny-iram")
[ "$(hexbytes -j127 -N1 "$tmp/tiny-0x00000.bin")" = "$want" ] && [ "$(hexbytes -j112 -N15 "$tmp/tiny-0x00000.bin" | tr -d ' 0')" = "" ]
check $? "tiny checksum byte at 127 = 0xEF XOR segment bytes (0x$want), zero padding before it"
run $IMG info "$tmp/tiny-0x00000.bin"
expect_status "info accepts tiny-0x00000.bin" 0
printf '%s\n' "$out" | grep -Eq '0x3ffe8000 +len 0x00010 +file offset 0x00008 +DRAM' &&
printf '%s\n' "$out" | grep -Eq '0x40100000 +len 0x00048 +file offset 0x00020 +IRAM' &&
printf '%s\n' "$out" | grep -q '^entry 0x40100018 (IRAM)' &&
printf '%s\n' "$out" | grep -q "^checksum 0x$want (valid)" &&
printf '%s\n' "$out" | grep -q '^flash mode dio, size 4M, freq 40m'
check $? "info lists tiny's segments, regions, entry, flash settings and checksum as esptool image_info does"
run $IMG info "$tmp/tiny-0x10000.bin"
fails "info on the raw IROM file: bad magic" 'bad magic 0x[0-9a-f]{2}, expected 0xe9'

run $IMG elf2image -o "$tmp/dflt-" "$tmp/tiny.elf"
[ "$status" = 0 ] && [ "$(hexbytes -j2 -N2 "$tmp/dflt-0x00000.bin")" = "00 20" ]
check $? "elf2image defaults are esptool's: QIO, 1MB, 40m (header 00 20)"
ok=0
for m in "qout 01" "dout 03" "qio 00"; do
	for s in "512K 0" "256K 1" "2M 3" "8M 8" "16MB 9" "4M-c1 6"; do
		for f in "26m 1" "20m 2" "80m f"; do
			$IMG elf2image --flash-mode ${m% *} --flash-size ${s% *} --flash-freq ${f% *} -o "$tmp/o-" "$tmp/tiny.elf" > /dev/null &&
			[ "$(hexbytes -j2 -N2 "$tmp/o-0x00000.bin")" = "${m#* } ${s#* }${f#* }" ] || ok=1
		done
	done
done
check $ok "every flash mode, size and frequency lands in header bytes 2 and 3 (facts §7 table)"
run $IMG elf2image --flash-size 3M -o "$tmp/o-" "$tmp/tiny.elf"
fails "an unknown flash size is refused" "unknown flash size '3M'"

# ---- the demo: make image, info, merge layout ----
run make -s --no-print-directory TARGET=esp8266 image
expect_status "make TARGET=esp8266 image" 0
d=build/esp8266
[ -s $d/demo-0x00000.bin ] && [ -s $d/demo-0x10000.bin ] && [ -s $d/demo-flash.bin ]
check $? "make image wrote demo-0x00000.bin, demo-0x10000.bin and demo-flash.bin"
run $IMG info $d/demo-0x00000.bin
expect_status "info verifies the demo image" 0
entry=$(${X}readelf -h $d/demo.elf | awk '/Entry point/ { print $4 }')
printf '%s\n' "$out" | grep -q "^entry $(printf '0x%08x' $entry) (IRAM)" && printf '%s\n' "$out" | grep -q '(valid)$'
check $? "demo image: entry is the ELF's ($entry), checksum valid"
# IROM holds the code and, after it, the linker's build-id note.
${X}objcopy -O binary -j .irom0.text -j .note.gnu.build-id $d/demo.elf "$tmp/demo-irom"
isize=$(stat -c %s "$tmp/demo-irom")
cmp -s <(head -c $isize $d/demo-0x10000.bin) "$tmp/demo-irom" &&
[ $(stat -c %s $d/demo-0x10000.bin) = $(( (isize + 3) / 4 * 4 )) ] &&
[ "$(tail -c +$((isize + 1)) $d/demo-0x10000.bin | tr -d '\0' | wc -c)" = 0 ]
check $? "demo-0x10000.bin is .irom0.text and the build-id note ($isize bytes) zero-padded to 4"
python3 - $d/demo.elf $d/demo-0x00000.bin "$tmp" <<'EOF'
# every loadable section's bytes are in the image at its address
import struct, subprocess, sys
elf, img, tmp = sys.argv[1:]
data = open(img, "rb").read()
segs, pos = [], 8
for _ in range(data[1]):
    addr, n = struct.unpack_from("<II", data, pos)
    segs.append((addr, data[pos + 8:pos + 8 + n])); pos += 8 + n
for name in (".text", ".data", ".rodata"):
    out = f"{tmp}/sec"
    subprocess.run(["xtensa-lx106-elf-objcopy", "-O", "binary", "-j", name, elf, out], check=True)
    want = open(out, "rb").read()
    hdr = subprocess.run(["xtensa-lx106-elf-objdump", "-h", "-j", name, elf], capture_output=True, text=True).stdout
    vma = int([l for l in hdr.splitlines() if name in l][0].split()[3], 16)
    if not any(a <= vma and vma + len(want) <= a + len(b) and b[vma - a:vma - a + len(want)] == want for a, b in segs):
        sys.exit(f"{name} missing from image")
EOF
check $? "demo image holds .text, .data and .rodata at their addresses"

fsize=$(stat -c %s $d/demo-flash.bin)
imgsize=$(stat -c %s $d/demo-0x00000.bin)
cmp -s <(head -c $imgsize $d/demo-flash.bin) $d/demo-0x00000.bin
check $? "merged flash file: the image at 0"
cmp -s <(tail -c +$((0x10000 + 1)) $d/demo-flash.bin) $d/demo-0x10000.bin && [ $fsize = $((0x10000 + $(stat -c %s $d/demo-0x10000.bin))) ]
check $? "merged flash file: IROM at 0x10000, nothing after it"
[ "$(head -c 65536 $d/demo-flash.bin | tail -c +$((imgsize + 1)) | tr -d '\377' | wc -c)" = 0 ]
check $? "merged flash file: the gap $imgsize..0x10000 is 0xFF"
run $IMG info $d/demo-flash.bin
expect_status "info accepts the merged flash file (image at 0)" 0
run $IMG merge -o "$tmp/m.bin" 0x0 $d/demo-0x00000.bin 0x100 $d/demo-0x10000.bin
fails "merge refuses overlapping files" 'overlaps'

# ---- merge offsets and options: strict, capped at 16MB ----
head -c 100 /dev/zero > "$tmp/part.bin"
for o in -1 -128 +16 0xfffffffffffffff0 0x100000000 18446744073709551616 010 1e3 0x; do
	rm -f "$tmp/m.bin"
	run $IMG merge -o "$tmp/m.bin" "$o" "$tmp/part.bin"
	[ ! -e "$tmp/m.bin" ]; nothing=$?
	[ $nothing = 0 ] && [ "$status" = 1 ] && printf '%s\n' "$err" | grep -Fq -e "'$o' is not a flash offset" -e "flash offset $o is past 16MB"
	check $? "merge refuses offset '$o' with the reason and writes nothing (status $status: $(printf '%s' "$err" | head -1))"
done
run $IMG merge -o "$tmp/m.bin" 0xffffff "$tmp/part.bin"
fails "merge refuses a file that ends past 16MB" 'part\.bin at 0xffffff \(100 bytes\) ends past 16MB'
run $IMG merge -o "$tmp/m.bin" 0x1000 "$tmp/part.bin" 0x0 "$tmp/part.bin" 0x1050 "$tmp/part.bin"
fails "merge refuses overlaps whatever the order on the command line" 'part\.bin at 0x1050 overlaps .*part\.bin, which ends at 0x1064'
run $IMG merge -o "$tmp/m.bin" 4096 "$tmp/part.bin"
[ "$status" = 0 ] && [ "$(stat -c %s "$tmp/m.bin")" = 4196 ]
check $? "merge takes a decimal offset (4096: a 4196-byte file)"
run $IMG merge -o "$tmp/m.bin" 0x10
fails "merge names an offset with no file" 'flash offset 0x10 has no file after it'
run $IMG merge 0x0 "$tmp/part.bin" -o
fails "merge names a missing -o value" '^esp-image: -o needs a value$'
run $IMG elf2image --flash-size 8m -o "$tmp/o-" "$tmp/tiny.elf"
fails "elf2image refuses --flash-size 8m, naming both readings" "flash size '8m' is ambiguous: esptool before 4.x read it as 8 megabits \(1MB\), later ones as 8MB; write 1MB or 8MB"
run $IMG elf2image --flash-size 4m -o "$tmp/o-" "$tmp/tiny.elf"
fails "elf2image refuses --flash-size 4m (512KB or 4MB)" "read it as 4 megabits \(512KB\), later ones as 4MB"
run $IMG elf2image --flash-size 8MB -o "$tmp/o-" "$tmp/tiny.elf"
[ "$status" = 0 ] && [ "$(hexbytes -j3 -N1 "$tmp/o-0x00000.bin")" = 80 ]
check $? "elf2image takes --flash-size 8MB (size code 8)"
run $IMG elf2image --flash-mode -o "$tmp/o-" "$tmp/tiny.elf"
fails "elf2image: --flash-mode with no value says so" '^esp-image: --flash-mode needs a value, before -o$'
run $IMG elf2image -o "$tmp/o-" "$tmp/tiny.elf" --flash-freq
fails "elf2image: --flash-freq at the end with no value says so" '^esp-image: --flash-freq needs a value$'

# ---- structure-aware mutation of every tool's input, under ASan and UBSan ----
make -s --no-print-directory build/tools/asan/esp-image build/tools/asan/size-report
check $? "esp-image and size-report build with ASan and UBSan"
asan=build/tools/asan
for c in "info $asan/esp-image $d/demo-0x00000.bin" "elf2image $asan/esp-image $d/demo.elf" \
	"merge $asan/esp-image $d/demo-0x00000.bin" "size-report $asan/size-report $d/demo.elf"; do
	set -- $c
	out=$(timeout 600 python3 tests/system/mutate_tools.py $1 400 8266 $2 $3 2>&1); status=$?
	printf '%s\n' "$out" | grep '^#'
	printf '%s\n' "$out" | grep -q "^ok - $1" && [ $status = 0 ]
	check $? "$1: 400 structure-mutated inputs end in a verdict, no sanitizer report (status $status)"
done

# every section of every esp8266 ELF lies in the chip's regions
bad=""
for elf in $d/*.elf; do
	${X}readelf -SW "$elf" | awk -v elf="$elf" '
		$0 ~ /^ +\[ *[0-9]+\]/ {
			sub(/^ +\[ *[0-9]+\] */, "")
			name = $1; addr = strtonum_("0x" $3); size = strtonum_("0x" $5); flags = $7
			if (flags !~ /A/ || size == 0) next
			if (!((addr >= 1073643520 && addr + size <= 1073725440) ||	# DRAM 3FFE8000-3FFFC000
			      (addr >= 1074790400 && addr + size <= 1074823168) ||	# IRAM 40100000-40108000
			      (addr >= 1075838976 && addr + size <= 1076887552)))	# IROM 40200000-40300000
				print elf ": " name
		}
		function strtonum_(h,   i, v, c) { v = 0; h = tolower(substr(h, 3))
			for (i = 1; i <= length(h); i++) { c = index("0123456789abcdef", substr(h, i, 1)) - 1; v = v * 16 + c }
			return v }'
	$IMG elf2image -o "$tmp/x-" "$elf" > /dev/null 2>&1 || bad="$bad $elf(elf2image)"
done > "$tmp/outside"
[ -z "$bad" ] && [ ! -s "$tmp/outside" ] && ls $d/*.elf > /dev/null 2>&1
check $? "every section of build/esp8266/*.elf lies in DRAM, IRAM or IROM ($(ls $d/*.elf | wc -l) ELFs)$bad $(cat "$tmp/outside")"

# ---- info rejects every corruption ----
cp "$tmp/tiny-0x00000.bin" "$tmp/c.bin"
patch "$tmp/c.bin" 20 "$(printf '%02x' $(( 0x$(hexbytes -j20 -N1 "$tmp/c.bin") ^ 0x40 )))"
run $IMG info "$tmp/c.bin"
fails "info: a flipped data byte is a bad checksum" "bad checksum: stored 0x$want, calculated 0x"
cp "$tmp/tiny-0x00000.bin" "$tmp/c.bin"
patch "$tmp/c.bin" 127 "$(printf '%02x' $(( 0x$want ^ 1 )))"
run $IMG info "$tmp/c.bin"
fails "info: a wrong checksum byte is a bad checksum" "bad checksum"
head -c 100 "$tmp/tiny-0x00000.bin" > "$tmp/c.bin"
run $IMG info "$tmp/c.bin"
fails "info: truncated inside a segment" 'truncated: segment 1'
head -c 127 "$tmp/tiny-0x00000.bin" > "$tmp/c.bin"
run $IMG info "$tmp/c.bin"
fails "info: truncated before the checksum" 'truncated: the checksum byte'
head -c 5 "$tmp/tiny-0x00000.bin" > "$tmp/c.bin"
run $IMG info "$tmp/c.bin"
fails "info: truncated inside the header" 'truncated: 5 bytes'
info_of_patched 0 e8 "info: bad magic" 'bad magic 0xe8, expected 0xe9'
info_of_patched 0 ea "info: a v2 image is named as such" 'bad magic 0xea: a v2'
info_of_patched 8 00000060 "info: a segment at 0x60000000 is outside the chip's regions" 'segment 0 \(0x60000000, 0x10 bytes\) is outside'
info_of_patched 8 0000fc3f "info: a segment over the ROM's data at 0x3ffc0000+ is outside" 'segment 0 \(0x3ffc0000'
info_of_patched 8 00002140 "info: a segment in IROM cannot be loaded" 'in IROM, which the ROM cannot load'
info_of_patched 4 00002140 "info: an entry outside the segments" 'entry point 0x40210000 is not inside any segment'
info_of_patched 2 07 "info: an unknown flash mode" 'unknown flash mode 7'

# ---- bad ELF input ----
run $IMG elf2image -o "$tmp/b-" tests/system/tools.sh
fails "elf2image: not an ELF" 'not an ELF file'
head -c 3000 "$tmp/tiny.elf" > "$tmp/b.elf"
run $IMG elf2image -o "$tmp/b-" "$tmp/b.elf"
fails "elf2image: truncated ELF" 'truncated'
head -c 40 "$tmp/tiny.elf" > "$tmp/b.elf"
run $IMG elf2image -o "$tmp/b-" "$tmp/b.elf"
fails "elf2image: truncated inside the ELF header" 'truncated: 40 bytes'
cp "$tmp/tiny.elf" "$tmp/b.elf"; patch "$tmp/b.elf" 18 2800
run $IMG elf2image -o "$tmp/b-" "$tmp/b.elf"
fails "elf2image: wrong machine (ARM) is named" 'machine 40 \(ARM\), expected 94 \(Xtensa\)'
cp "$tmp/tiny.elf" "$tmp/b.elf"; patch "$tmp/b.elf" 4 03
run $IMG elf2image -o "$tmp/b-" "$tmp/b.elf"
fails "elf2image: unknown ELF class" 'unknown ELF class 3'
cp "$tmp/tiny.elf" "$tmp/b.elf"; patch "$tmp/b.elf" 5 02
run $IMG elf2image -o "$tmp/b-" "$tmp/b.elf"
fails "elf2image: big-endian ELF" 'big-endian'
run $IMG elf2image -o "$tmp/b-" $IMG
fails "elf2image: an ELF64 (the host's) is the wrong class" 'ELF64 file; an ESP8266 firmware is ELF32'
sed 's/\.irom0\.text 0x40210000/.irom0.text 0x50000000/' "$tmp/tiny.ld" > "$tmp/out.ld"
${X}gcc $tinyflags -T "$tmp/out.ld" -o "$tmp/b.elf" "$tmp/tiny.c" 2> /dev/null
run $IMG elf2image -o "$tmp/b-" "$tmp/b.elf"
fails "elf2image: a section outside the regions is named" 'section \.irom0\.text at 0x50000000 \(0x14 bytes\) is outside'
sed 's/\.bss : /.bss 0x40100100 : /; s/\.text 0x40100000/.text 0x40100200/' "$tmp/tiny.ld" > "$tmp/nobits.ld"
sed 's/^volatile int counter = 1;/volatile int counter;/' "$tmp/tiny.c" > "$tmp/nobits.c"
${X}gcc $tinyflags -T "$tmp/nobits.ld" -o "$tmp/b.elf" "$tmp/nobits.c" 2> /dev/null
run $IMG elf2image -o "$tmp/b-" "$tmp/b.elf"
fails "elf2image: NOBITS in IRAM is refused" 'section \.bss is NOBITS .* lies in IRAM'
run $IMG elf2image -o "$tmp/jit-" build/esp8266/bpfload.elf
[ "$status" = 0 ] && [ -s "$tmp/jit-0x00000.bin" ]
check $? "elf2image: the eBPF JIT's IRAM pool (.bpf_jit_pool, written at run time) is no bytes of the image (status $status)"
cp "$tmp/tiny.elf" "$tmp/b.elf"; patch "$tmp/b.elf" 24 00002140
run $IMG elf2image -o "$tmp/b-" "$tmp/b.elf"
fails "elf2image: an entry point in IROM is refused" 'entry point 0x40210000 is not in a section the ROM loads'

# ---- size-report ----
run $REP $d/demo.elf
expect_status "size-report on the demo" 0
report=$out
eval "$(${X}size -A $d/demo.elf | awk '
	$2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ {
		a = $3; s = $2
		if (a >= 1074790400 && a < 1074823168) iram += s
		else if (a >= 1075838976 && a < 1076887552) irom += s
		else if (a >= 1073643520 && a < 1073741824) { dram += s
			if ($1 == ".data") data += s; else if ($1 == ".rodata") rodata += s; else bss += s }
	}
	END { printf "iram=%d dram=%d irom=%d data=%d rodata=%d bss=%d\n", iram, dram, irom, data, rodata, bss }')"
field() { printf '%s\n' "$report" | awk -v k="$1" '$1 == k { print $2; exit }'; }
[ "$(field IRAM)" = $iram ] && [ "$(field DRAM)" = $dram ] && [ "$(field IROM)" = $irom ] &&
[ "$(field data)" = $data ] && [ "$(field rodata)" = $rodata ] && [ "$(field bss)" = $bss ] && [ $iram -gt 0 ] && [ $irom -gt 0 ]
check $? "size-report agrees with ${X}size -A: IRAM $iram, DRAM $dram (data $data, rodata $rodata, bss $bss), IROM $irom"
cap() { printf '%s\n' "$report" | awk -v k="$1" '$1 == k { print $3; exit }'; }
len() { printf '%d' "$(sed -n "s/^[[:space:]]*$1 .*LENGTH = \(0x[0-9A-Fa-f]*\).*/\1/p" board/esp8266/layout.ld)"; }
[ "$(cap IRAM)" = "$(len IRAM)" ] && [ "$(cap DRAM)" = "$(len DRAM)" ] && [ "$(cap IROM)" = "$(len IROM)" ] && [ "$(cap IROM)" = $((0x5C000)) ]
check $? "size-report capacities are layout.ld's LENGTHs (IRAM $(len IRAM), DRAM $(len DRAM), IROM $(len IROM))"
totals=$(printf '%s\n' "$report" | awk '$1 == "total" { print $2, $3 + $4 + $5, $6 }')
[ "$totals" = "$iram $dram $irom" ]
check $? "the per-module table adds up to the regions ($totals)"
all_symbols=$(build/tools/size-report --top 1000 $d/demo.elf)
printf '%s\n' "$report" | grep -Eq '^kernel/clock\.c +[1-9][0-9]* ' && printf '%s\n' "$report" | grep -Eq '^libc +' &&
printf '%s\n' "$all_symbols" | grep -Eq '^ +[0-9]+ IRAM +nanotime +kernel/clock\.c$'
check $? "modules name source files (kernel/clock.c has IRAM bytes) and libraries (libc); symbols carry their module"
clocksize=$(${X}nm -S $d/demo.elf | awk '$4 == "clock_ticks" { print $2 }')
printf '%s\n' "$all_symbols" | grep -Eq "^ +$((0x$clocksize)) IRAM +clock_ticks "
check $? "a symbol's size in the report is nm's (clock_ticks, 0x$clocksize)"

# ---- the 90% warning and the overflow errors, with the esp8266 link command ----
mkv() { make -s --no-print-directory TARGET=esp8266 print-$1; }
CFLAGS=$(mkv CFLAGS) LDFLAGS=$(mkv LDFLAGS) LIB=$(mkv RUNTIME_LIB) LDLIBS=$(mkv LDLIBS)
# big KIND BYTES: a firmware with BYTES of IRAM (const bytes in .iram.text.big) or DRAM (.bss)
big() {
	if [ $1 = IRAM ]; then decl="__attribute__((section(\".iram.text.big\"))) const unsigned char big[$2] = { 1 };"
	else decl="unsigned char big[$2];"; fi
	printf '%s\nint main(void) { return ((volatile const unsigned char *)big)[%d]; }\n' "$decl" $(($2 - 1)) > "$tmp/big.c"
	run ${X}gcc $CFLAGS $LDFLAGS -o "$tmp/big.elf" "$tmp/big.c" -Wl,--start-group $LIB $LDLIBS -Wl,--end-group
}
run make -s --no-print-directory TARGET=esp8266 all
expect_status "make TARGET=esp8266 all (for the runtime archive)" 0
printf '%s' "$(mkv POST_LINK)" | grep -q 'build/tools/size-report --warn'
check $? "every lx106 link runs size-report --warn (POST_LINK)"
run $REP --warn $d/demo.elf
[ $status = 0 ] && [ -z "$out$err" ]
check $? "no warning for the demo (IRAM $iram of 32768)"
run make -s --no-print-directory TARGET=esp8266 -W examples/demo/main.c $d/demo.elf
[ $status = 0 ] && ! printf '%s\n' "$err" | grep -q warning
check $? "relinking the demo through make prints no warning"
# an IRAM array that brings the firmware to about 95% of the 32 KiB
base_iram=$(${X}size -A "$d/demo.elf" | awk '$1 == ".text" { print $2 }')
big IRAM $((31130 - base_iram))
expect_status "a firmware with about 95% of IRAM links" 0
used=$(${X}size -A "$tmp/big.elf" | awk '$1 == ".text" { print $2 }')
run $(mkv POST_LINK) "$tmp/big.elf"
[ $status = 0 ] && [ -z "$out" ] && printf '%s\n' "$err" | grep -Eq "^warning: .*big\.elf: IRAM is 9[0-9]\.[0-9]% full \($used of 32768 bytes"
check $? "the POST_LINK check warns on stderr for IRAM above 90% ($used bytes) and does not fail"
big IRAM 1024
small=$(${X}size -A "$tmp/big.elf" | awk '$1 == ".text" { print $2 }')
big IRAM 40960
fails "a 40 KiB IRAM array fails to link" "region \`IRAM' overflowed by $((small - 1024 + 40960 - 32768)) bytes"
big DRAM 1024
# the region fills up to the end of its last section (alignment included)
small=$(${X}size -A "$tmp/big.elf" | awk '$3 >= 1073643520 && $3 < 1073741824 && $2 + $3 > e { e = $2 + $3 } END { print e - 1073643520 }')
big DRAM 92160
fails "a 90 KiB .bss array fails to link" "region \`DRAM' overflowed by $((small - 1024 + 92160 - 81920)) bytes"
