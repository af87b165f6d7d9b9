# net.sh — the virtio-net driver and the XDP hook end to end: examples/xdp
# boots on QEMU virt (rv32 and rv64) with virtio-net devices on unix
# datagram socket; the host sends real Ethernet frames and checks every
# counter exactly (tests/system/net_host.py), then the firmware's exit status.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

for t in rv64 rv32; do
	out=$(timeout 300 python3 tests/system/net_host.py "$(qemu_command $t)" demo build/$t/xdp.elf 2>&1)
	status=$?
	printf '%s\n' "$out" | grep '^#'
	printf '%s\n' "$out" | sed -n -e "s/^ok - /ok - $t: /p" -e "s/^not ok - /not ok - $t: /p"
	expect_status "$t: the demo ends on quit" 0
done

out=$(timeout 300 python3 tests/system/net_host.py "$(qemu_command rv64)" lonely build/rv64/xdp.elf 2>&1)
status=$?
printf '%s\n' "$out" | sed -n -e "s/^ok - /ok - rv64: /p" -e "s/^not ok - /not ok - rv64: /p"
expect_status "rv64: one device: the demo ends on quit" 0

# XDP programs loaded over the UART (examples/bpfload), as line programs are.
out=$(timeout 300 python3 tests/system/net_host.py "$(qemu_command rv64)" bpfload build/rv64/bpfload.elf \
	build/rv64/xdp/xdp_drop.o build/host/bpf/xdp_unbounded.o 2>&1)
status=$?
printf '%s\n' "$out" | sed -n -e "s/^ok - /ok - rv64: /p" -e "s/^not ok - /not ok - rv64: /p"
expect_status "rv64: bpfload ends on quit" 0

# Without a device the demo says what to add, and fails.
boot rv64 build/rv64/xdp.elf 60
expect_output "rv64: with no network device the demo says so" "no network device: boot QEMU with -device virtio-net-device"
expect_status "rv64: ... and fails" 1

# A legacy (version 1) virtio-mmio transport, QEMU 7.2's default, is named and skipped.
boot rv64 build/rv64/xdp.elf 60 -netdev user,id=n0 -device virtio-net-device,netdev=n0
expect_output "rv64: a legacy virtio-mmio transport is refused with the QEMU option to use" "legacy virtio-mmio \(version 1\); run QEMU with -global virtio-mmio.force-legacy=false"
expect_status "rv64: ... and the demo fails without a device" 1
