# deps.sh — the dependency check names what is missing: each case points one
# of mk/deps.sh's checks at a compiler, library or tool that is not there
# (through its DEPS_* override) and expects exit status 1 and the exact line
# naming the package to install; and a repeated check with nothing changed
# reuses the proof kept in build/deps.proof.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

# missing VAR VALUE MESSAGE: mk/deps.sh with VAR=VALUE fails, saying MESSAGE.
missing() {
	out=$(env "$1=$2" mk/deps.sh 2>&1); status=$?
	[ $status = 1 ] && printf '%s\n' "$out" | grep -qxF "deps: $3"
	check $? "$1 pointed at $2: '$3' (status $status)"
}

missing DEPS_AARCH64_CC "aarch64-linux-gnu-gcc -nostdinc" "aarch64 cross libc missing: install libc6-dev-arm64-cross"
missing DEPS_AARCH64_CC /nonexistent/aarch64-linux-gnu-gcc "aarch64 cross compiler missing: install gcc-aarch64-linux-gnu"
missing DEPS_RISCV_LINUX_CC "riscv64-linux-gnu-gcc -nostdinc" "riscv64 Linux cross libc missing: install libc6-dev-riscv64-cross"
missing DEPS_RISCV_LINUX_CC /nonexistent/riscv64-linux-gnu-gcc "riscv64 Linux cross compiler missing: install gcc-riscv64-linux-gnu"
missing DEPS_LX106_CC /nonexistent/xtensa-lx106-elf-gcc "xtensa-lx106 compiler missing: install gcc-xtensa-lx106"
missing DEPS_LX106_SPECS /nonexistent/picolibc.specs "picolibc for lx106 missing (/nonexistent/picolibc.specs): install picolibc-xtensa-lx106-elf"
missing DEPS_RISCV_CC "riscv64-unknown-elf-gcc --specs=/nonexistent/picolibc.specs" "picolibc for RISC-V missing: install picolibc-riscv64-unknown-elf"
missing DEPS_HOST_CC "gcc -nostdinc" "host C library missing: install libc6-dev"
missing DEPS_QEMU_PREFIX /nonexistent/qemu- "qemu-system-xtensa missing: install qemu-system-misc"
missing DEPS_CLANG /nonexistent/clang "clang missing: install clang"
missing DEPS_GO /nonexistent/go "Go missing: install golang-go"
missing DEPS_MINITERM /nonexistent/pyserial-miniterm "pyserial-miniterm missing (make monitor): install python3-serial"
missing DEPS_GDB /nonexistent/gdb-multiarch "gdb-multiarch missing (make debug): install gdb-multiarch"

# the --tap form names it on a "not ok" line, and the other checks still run
out=$(DEPS_AARCH64_CC="aarch64-linux-gnu-gcc -nostdinc" mk/deps.sh --tap 2>&1); status=$?
[ $status = 1 ] && printf '%s\n' "$out" | grep -qxF "not ok - aarch64 cross libc missing: install libc6-dev-arm64-cross" &&
	[ "$(printf '%s\n' "$out" | grep -c '^ok - ')" -ge 10 ]
check $? "--tap: the missing libc is a 'not ok' line and the other checks still pass (status $status)"

# a proof with nothing changed is kept: run again with only the commands the
# lookup needs on PATH (no compiler), the check still passes
bin=$(mktemp -d)
for c in dirname dpkg-query grep cat cksum env mktemp rm sed; do ln -s "$(command -v $c)" $bin/$c; done
mk/deps.sh && out=$(PATH=$bin mk/deps.sh 2>&1); status=$?
[ $status = 0 ] && [ -z "$out" ]
check $? "a repeated check with the same package versions reuses build/deps.proof, running no compiler (status $status: $out)"
rm -f build/deps.proof
out=$(PATH=$bin mk/deps.sh 2>&1); status=$?
[ $status = 1 ] && printf '%s\n' "$out" | grep -qxF "deps: host C compiler missing: install gcc"
check $? "without the kept proof, the same PATH is found to lack a compiler (status $status)"
mk/deps.sh
check $? "the proof is made again"
rm -rf $bin
