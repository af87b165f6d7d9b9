# net.sh — the packet path: machine instructions per 64-byte frame through
# virtio-net and the XDP hook on rv32 and rv64 (exact, -icount shift=0;
# bench/target/net.c), as packets per second at 1.2 GHz and one instruction
# per cycle beside the seed's table; and frames per second through QEMU on
# this machine (wall clock: QEMU's network backend and the host's sender
# bound it). Every result is a line "bench <target> <metric> <value>".
cd "$(dirname "$0")/.." && . bench/lib.sh

for t in rv32 rv64; do
	make -s TARGET=$t build/$t/bench-net.elf build/$t/xdp.elf >/dev/null || { echo "bench: bench-net for $t does not build" >&2; exit 1; }
done

echo "# network: instructions per 64-byte frame, interrupt to buffer recycled (and frame out, for echo)"
echo "# per_frame = a 64-frame batch / 64; marginal = (batch of 64 - batch of 1) / 63; fixed = batch of 1 - marginal"
echo "# (interrupt, top half, switch to deferred work and back); xdp_run = the program with its context; driver = marginal - xdp_run"
echo "# least of three batches; the most is shown when it differs (see bench/target/net.c)"
echo "# net_<program>_*: the program interpreted; net_jit_<program>_*: the same program JIT-compiled (targets with a JIT)"
echo "# Mpps at 1.2 GHz, 1 instruction/cycle; the seed's table: 1.82 kernel stack, 2.95 in-kernel eBPF, 4.37 JIT + S-mode (274 instructions)"
for t in rv32 rv64; do
	out=$(timeout 300 python3 tests/system/net_host.py "$(qemu_command $t) -icount shift=0,sleep=off" serve build/$t/bench-net.elf 2>&1)
	status=$?
	[ $status = 0 ] || { echo "bench: bench-net on $t exited with $status" >&2; printf '%s\n' "$out" >&2; exit 1; }
	printf '%s\n' "$out" | awk -v t=$t '$2 == "net" && $4 == "batch1" {
		name = $3; b1 = $5; b1max = $6; b64 = $8; b64max = $9; run = $11
		marginal = (b64 - b1) / 63
		printf "%-6s %-6s %-36s %.1f%s\n", "bench", t, "net_" name "_insns_per_frame", b64 / 64, b64max != b64 ? sprintf(" (most %.2f)", b64max / 64) : ""
		printf "%-6s %-6s %-36s %.1f\n", "bench", t, "net_" name "_mpps_at_1.2ghz", 1200 / (b64 / 64)
		printf "%-6s %-6s %-36s %.1f\n", "bench", t, "net_" name "_marginal_insns", marginal
		printf "%-6s %-6s %-36s %.0f\n", "bench", t, "net_" name "_fixed_insns_per_batch", b1 - marginal
		printf "%-6s %-6s %-36s %d\n", "bench", t, "net_" name "_xdp_run_insns", run
		printf "%-6s %-6s %-36s %.1f\n", "bench", t, "net_" name "_driver_insns", marginal - run }'
done

echo "# wall clock: examples/xdp on rv64 under a flood of 20000 frames from the host (a third each dropped, echoed, passed)"
out=$(timeout 300 python3 tests/system/net_host.py "$(qemu_command rv64)" flood build/rv64/xdp.elf 20000 2>&1)
status=$?
printf '%s\n' "$out" | grep -E '^(ok|not ok) ' | sed 's/^/# /'
printf '%s\n' "$out" | awk '/frames\/s through QEMU/ { printf "%-6s %-6s %-36s %d\n", "bench", "rv64", "net_flood_frames_per_s_wall", $(NF-3) }'
[ $status = 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'
