#!/bin/sh
# deps.sh — installs the Debian packages the build needs when any is missing.
# Quick when all are present (one dpkg-query); apt-get update runs once, only
# when something must be installed.
set -e
packages="make gcc gcc-xtensa-lx106 binutils-xtensa-lx106 picolibc-xtensa-lx106-elf
gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
qemu-system-misc qemu-user gcc-aarch64-linux-gnu libcmocka-dev libck-dev golang-go clang llvm python3
python3-serial gdb-multiarch libtcmalloc-minimal4 libjemalloc2"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root; run: sudo apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
