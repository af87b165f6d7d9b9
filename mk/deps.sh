#!/bin/sh
# deps.sh — the Debian packages the build needs: installs any that is
# missing, then proves every toolchain by compiling and linking a trivial
# program with it (each QEMU answers --version), so that a missing piece is
# named at once with the package that brings it. The proof is kept in
# build/deps.proof, keyed on the packages' versions and this script, so a
# repeated make only asks dpkg once.
#
#   mk/deps.sh         install what is missing, prove (or find the proof kept)
#   mk/deps.sh --tap   install what is missing, prove afresh; one line per
#                      check, "ok - ..." or "not ok - ...: install PACKAGE"
#                      (make test runs this first)
#
# Each command or file a check uses can be replaced through the environment
# (DEPS_HOST_CC, DEPS_LX106_CC, DEPS_LX106_SPECS, DEPS_RISCV_CC,
# DEPS_AARCH64_CC, DEPS_RISCV_LINUX_CC, DEPS_QEMU_PREFIX, DEPS_CLANG, DEPS_GO, DEPS_PYTHON,
# DEPS_MINITERM, DEPS_GDB; a
# compiler may carry flags, e.g. -nostdinc for one whose C library is not
# installed), which is how tests/system/deps.sh shows that a missing piece is
# named; a proof made with any of them set is not kept.
set -e
cd "$(dirname "$0")/.."
packages="make gcc libc6-dev gcc-xtensa-lx106 binutils-xtensa-lx106 picolibc-xtensa-lx106-elf
gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
qemu-system-misc qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-riscv64-linux-gnu
libc6-dev-riscv64-cross libcmocka-dev libck-dev
golang-go clang llvm python3 python3-serial gdb-multiarch libtcmalloc-minimal4 libjemalloc2"
tap=false
[ "${1:-}" = --tap ] && tap=true

# One dpkg query for all: "name version status" per installed package.
installed=$(dpkg-query -W -f='${Package} ${Version} ${Status}\n' $packages 2>/dev/null || true)
missing=""
for p in $packages; do
	printf '%s\n' "$installed" | grep -q "^$p [^ ]* install ok installed$" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "deps: not root; run: sudo apt-get install --no-install-recommends$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	installed=$(dpkg-query -W -f='${Package} ${Version} ${Status}\n' $packages 2>/dev/null || true)
fi

overridden=$(env | grep '^DEPS_' || true)
proof=build/deps.proof
key=$( (printf '%s\n' "$installed"; cat mk/deps.sh) | cksum)
if ! $tap && [ -z "$overridden" ] && [ -f $proof ] && [ "$(cat $proof)" = "$key" ]; then
	exit 0
fi

host_cc=${DEPS_HOST_CC:-gcc}
lx106_cc=${DEPS_LX106_CC:-xtensa-lx106-elf-gcc}
lx106_specs=${DEPS_LX106_SPECS:-/usr/lib/xtensa-lx106-elf/picolibc.specs}
riscv_cc=${DEPS_RISCV_CC:-riscv64-unknown-elf-gcc}
aarch64_cc=${DEPS_AARCH64_CC:-aarch64-linux-gnu-gcc}
riscv_linux_cc=${DEPS_RISCV_LINUX_CC:-riscv64-linux-gnu-gcc}
qemu=${DEPS_QEMU_PREFIX:-qemu-}
clang=${DEPS_CLANG:-clang}
go=${DEPS_GO:-go}
python=${DEPS_PYTHON:-python3}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
# pass WHAT / fail MESSAGE: a check's verdict; fail names the package.
pass() { $tap && echo "ok - $1"; return 0; }
fail() {
	failed=1
	if $tap; then echo "not ok - $1"; else echo "deps: $1" >&2; fi
	[ ! -s "$dir/log" ] || sed -n '1,3s/^/#   /p' "$dir/log" >&2
}
have() { command -v "${1%% *}" >/dev/null 2>&1; } # the command, without its flags

# The programs: one that needs the C library's headers and code.
cat > "$dir/libc.c" <<'EOF'
#include <stdio.h>
#include <string.h>
char text[8];
int main(void) { memcpy(text, "abc", 4); return (int)strlen(text) - 3 + strcmp(text, "abc") + (EOF > 0); }
EOF
cat > "$dir/tests.c" <<'EOF'
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ck_ring.h>
static void nothing(void **state) { (void)state; }
int main(void)
{
	ck_ring_t ring;
	ck_ring_init(&ring, 4);
	const struct CMUnitTest tests[] = { cmocka_unit_test(nothing) };
	return ck_ring_size(&ring) + _cmocka_run_group_tests("deps", tests, 1, NULL, NULL) ;
}
EOF
# lx106 code must find its literals before it (l32r reaches backwards only)
cat > "$dir/lx106.ld" <<'EOF'
ENTRY(main)
SECTIONS
{
	.text 0x40100000 : { *(.literal .literal.* .text .text.*) }
	.data 0x3ffe8000 : { *(.rodata .rodata.* .data .data.*) }
	.bss : { *(.bss .bss.* COMMON) }
}
EOF
printf 'int hook(void *ctx) { return ctx != 0; }\n' > "$dir/bpf.c"
printf 'package main\n\nfunc main() { println("deps") }\n' > "$dir/main.go"

# host: C with its library, the test libraries, the sanitizers
if ! have "$host_cc"; then
	fail "host C compiler missing: install gcc"
elif ! $host_cc -o "$dir/host" "$dir/libc.c" > "$dir/log" 2>&1 || ! "$dir/host"; then
	fail "host C library missing: install libc6-dev"
else
	pass "host gcc compiles, links and runs a C program"
	if $host_cc -o "$dir/tests" "$dir/tests.c" -lcmocka -lck > "$dir/log" 2>&1 && "$dir/tests" > /dev/null 2>&1; then
		pass "host gcc links cmocka and Concurrency Kit"
	elif grep -q 'cmocka' "$dir/log"; then
		fail "cmocka missing: install libcmocka-dev"
	else
		fail "Concurrency Kit missing: install libck-dev"
	fi
	if $host_cc -fsanitize=address,undefined -o "$dir/asan" "$dir/libc.c" > "$dir/log" 2>&1 &&
	   $host_cc -fsanitize=thread -o "$dir/tsan" "$dir/libc.c" >> "$dir/log" 2>&1; then
		pass "host gcc links with AddressSanitizer, UBSan and ThreadSanitizer"
	else
		fail "the sanitizer runtimes are missing: install gcc (libasan8, libubsan1, libtsan2)"
	fi
fi

# lx106: gcc, picolibc, binutils
if ! have "$lx106_cc"; then
	fail "xtensa-lx106 compiler missing: install gcc-xtensa-lx106"
elif [ ! -f "$lx106_specs" ]; then
	fail "picolibc for lx106 missing ($lx106_specs): install picolibc-xtensa-lx106-elf"
elif $lx106_cc --specs="$lx106_specs" -mlongcalls -mtext-section-literals -Os -nostartfiles -T "$dir/lx106.ld" \
	-o "$dir/lx106.elf" "$dir/libc.c" > "$dir/log" 2>&1; then
	pass "xtensa-lx106-elf-gcc compiles and links against picolibc"
else
	fail "the lx106 toolchain cannot compile and link against picolibc: install gcc-xtensa-lx106 binutils-xtensa-lx106 picolibc-xtensa-lx106-elf"
fi

# RISC-V: one compiler, picolibc for both multilibs the targets use (mk/rv32.mk, mk/rv64.mk)
if ! have "$riscv_cc"; then
	fail "riscv64-unknown-elf compiler missing: install gcc-riscv64-unknown-elf"
else
	for abi in "rv32imac ilp32" "rv64imafdc lp64d"; do
		march=${abi% *} mabi=${abi#* }
		if $riscv_cc --specs=picolibc.specs -misa-spec=2.2 -march=$march -mabi=$mabi -o "$dir/$march.elf" "$dir/libc.c" \
			> "$dir/log" 2>&1; then
			pass "riscv64-unknown-elf-gcc compiles and links against picolibc for $march/$mabi"
		elif grep -q 'picolibc' "$dir/log"; then
			fail "picolibc for RISC-V missing: install picolibc-riscv64-unknown-elf"
		else
			fail "the RISC-V toolchain cannot link $march/$mabi against picolibc: install gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf"
		fi
	done
fi

# cross_linux NAME CC QEMU GCC_PACKAGE LIBC_PACKAGE: a Linux cross compiler
# and its C library, proved by a static program run under qemu-user.
cross_linux() {
	if ! have "$2"; then
		fail "$1 cross compiler missing: install $4"
	elif ! $2 -c -o "$dir/$3.o" "$dir/libc.c" > "$dir/log" 2>&1; then
		fail "$1 cross libc missing: install $5"
	elif ! $2 -static -o "$dir/$3" "$dir/$3.o" > "$dir/log" 2>&1; then
		fail "$1 cross libc cannot be linked: install $5"
	elif ! ${qemu}$3 "$dir/$3" > "$dir/log" 2>&1; then
		fail "qemu-$3 cannot run a $1 program: install qemu-user"
	else
		pass "$4 compiles and links against its libc; qemu-$3 runs the program"
	fi
}
# aarch64: the host arch's second port; riscv64 Linux: bpf-run for
# linux/riscv64, the conformance plugin served by the rv64 JIT
cross_linux aarch64 "$aarch64_cc" aarch64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross
cross_linux "riscv64 Linux" "$riscv_linux_cc" riscv64 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross

# the allocators make bench measures beside the page allocator
for lib in "libtcmalloc_minimal.so.4 libtcmalloc-minimal4" "libjemalloc.so.2 libjemalloc2"; do
	if $host_cc -o "$dir/malloc" "$dir/libc.c" -l:${lib% *} > "$dir/log" 2>&1 && "$dir/malloc"; then
		pass "host gcc links ${lib% *}"
	else
		fail "${lib% *} missing (make bench): install ${lib#* }"
	fi
done

# QEMU for the firmware targets
for q in system-xtensa system-riscv32 system-riscv64; do
	if ${qemu}$q --version > "$dir/log" 2>&1; then
		pass "qemu-$q answers --version"
	else
		fail "qemu-$q missing: install qemu-system-misc"
	fi
done

# clang for eBPF objects, llvm-strip for their debug sections
if ! have "$clang"; then
	fail "clang missing: install clang"
elif ! $clang -target bpf -O2 -c -o "$dir/bpf.o" "$dir/bpf.c" > "$dir/log" 2>&1; then
	fail "clang cannot compile for -target bpf: install clang llvm"
elif ! llvm-strip -g "$dir/bpf.o" > "$dir/log" 2>&1; then
	fail "llvm-strip missing: install llvm"
else
	pass "clang -target bpf compiles an object; llvm-strip strips it"
fi

# Go: a static linux/riscv64 binary (what the rv64 Linux personality runs)
if ! have "$go"; then
	fail "Go missing: install golang-go"
elif ! (cd "$dir" && GOOS=linux GOARCH=riscv64 CGO_ENABLED=0 $go build -o go.elf main.go) > "$dir/log" 2>&1; then
	fail "Go cannot build a linux/riscv64 binary: install golang-go"
elif [ "$(od -An -tx1 -j18 -N2 "$dir/go.elf" | tr -d ' ')" != f300 ]; then
	fail "Go built something other than a RISC-V ELF: install golang-go"
else
	pass "go builds a static linux/riscv64 binary"
fi

if $python -c 'import sys; sys.exit(sys.version_info < (3, 7))' > "$dir/log" 2>&1; then
	pass "python3 runs"
else
	fail "python3 missing: install python3"
fi
if ${DEPS_MINITERM:-pyserial-miniterm} --help > "$dir/log" 2>&1; then
	pass "pyserial-miniterm (make monitor) answers --help"
else
	fail "pyserial-miniterm missing (make monitor): install python3-serial"
fi
if ${DEPS_GDB:-gdb-multiarch} --version > "$dir/log" 2>&1; then
	pass "gdb-multiarch answers --version"
else
	fail "gdb-multiarch missing (make debug): install gdb-multiarch"
fi

[ $failed = 0 ] || exit 1
if [ -z "$overridden" ]; then
	mkdir -p build
	printf '%s\n' "$key" > $proof.$$ && mv -f $proof.$$ $proof
fi
