# bpf.sh — the eBPF VM's benchmarks: host ns per executed eBPF instruction and
# verifier time; machine instructions per eBPF instruction on the QEMU targets
# (exact, from the instruction counters); the VM's bytes on the esp8266.
# Every result is a line "bench <target> <metric> <value>".
cd "$(dirname "$0")/.." && . bench/lib.sh

for t in host qemu-lx106 rv32 rv64; do
	make -s TARGET=$t build/$t/bench-bpf.elf >/dev/null || { echo "bench: bench-bpf for $t does not build" >&2; exit 1; }
done
make -s TARGET=esp8266 build/esp8266/bpfload.elf >/dev/null || exit 1

echo "# eBPF VM: interpreter, verifier, footprint"
echo "# host: best of 5 timed batches; eBPF instructions per run counted by a"
echo "# counting build of the interpreter (BPF_COUNT_INSNS), the same path on every target"
host=$(build/host/bench-bpf.elf) || { printf '%s\n' "$host" >&2; exit 1; }
printf '%s\n' "$host" | grep '^bench ' | awk '{ printf "%-6s %-12s %-32s %s\n", $1, $2, $3, $4 }'

# Targets: machine instructions per run over eBPF instructions per run, by
# the interpreter and by the JIT's code; what compiling took and made.
echo "# targets: instructions retired per eBPF instruction (one run, -icount shift=0), interpreter and JIT;"
echo "# JIT compile instructions and code bytes per eBPF instruction of the program"
for t in qemu-lx106 rv32 rv64; do
	bench_boot $t build/$t/bench-bpf.elf || exit 1
	printf '%s\n%s\n' "$host" "$out" | awk -v t=$t '
		$1 == "bench" && $3 ~ /_insns_per_run$/ { name = $3; sub(/^bpf_/, "", name); sub(/_insns_per_run$/, "", name); ebpf[name] = $4 }
		$1 == "bpf" && $3 == "machine_insns_per_run" { order[++n] = $2; machine[$2] = $4 }
		$1 == "bpf" && $3 == "jit_machine_insns_per_run" { jit[$2] = $4 }
		$1 == "bpf" && $3 ~ /^jit_(compile|code)/ { extra[$2] = extra[$2] sprintf("%-6s %-12s %-32s %s\n", "bench", t, "bpf_" $2 "_" $3, $4) }
		$1 == "bpf" && $2 == "pool" { pool = $4 }
		END { for (i = 1; i <= n; i++) { p = order[i]
			printf "%-6s %-12s %-32s %.1f\n", "bench", t, "bpf_" p "_insns_per_ebpf_insn", machine[p] / ebpf[p]
			if (p in jit) printf "%-6s %-12s %-32s %.1f\n%s", "bench", t, "bpf_" p "_jit_insns_per_ebpf_insn", jit[p] / ebpf[p], extra[p] }
			if (pool) printf "%-6s %-12s %-32s %d\n", "bench", t, "bpf_jit_pool_bytes", pool }'
	# authenticating a hot load: HMAC-SHA256 per KiB of object, and its fixed part
	printf '%s\n' "$out" | awk -v t=$t '$1 == "bpf" && $2 == "hmac" {
		printf "%-6s %-12s %-32s %d\n", "bench", t, "bpf_hmac_" substr($3, 15), $4 }'
done

# Footprint: the VM's modules as linked into the esp8266 bpfload firmware.
# Flash holds IRAM code, data, rodata and IROM; RAM is IRAM plus DRAM (data,
# rodata, bss: the map pool is bss).
echo "# esp8266: the VM's modules (bpf/*.c) in build/esp8266/bpfload.elf"
# The lx106 JIT's back end and its IRAM pool (NOBITS: RAM, no flash) apart.
build/tools/size-report --map build/esp8266/bpfload.map build/esp8266/bpfload.elf |
awk '$1 == "arch/xtensa/bpf_jit.c" && NF == 7 {
		printf "%-6s %-12s %-32s %d\n", "bench", "esp8266", "bpf_jit_flash_bytes", $2 + $3 + $4 + $6
		printf "%-6s %-12s %-32s %d\n", "bench", "esp8266", "bpf_jit_dram_bytes", $3 + $4 + $5 }
	$1 == "board/esp8266/jit_pool.c" && NF == 7 {
		printf "%-6s %-12s %-32s %d\n", "bench", "esp8266", "bpf_jit_pool_iram_bytes", $2 }
	$1 ~ /^bpf\// && NF == 7 {
		printf "# %-16s iram %5d data %4d rodata %5d bss %5d irom %5d\n", $1, $2, $3, $4, $5, $6
		iram += $2; data += $3; rodata += $4; bss += $5; irom += $6 }
	END {
		printf "%-6s %-12s %-32s %d\n", "bench", "esp8266", "bpf_flash_bytes", iram + data + rodata + irom
		printf "%-6s %-12s %-32s %d\n", "bench", "esp8266", "bpf_iram_bytes", iram
		printf "%-6s %-12s %-32s %d\n", "bench", "esp8266", "bpf_dram_bytes", data + rodata + bss
		printf "%-6s %-12s %-32s %d\n", "bench", "esp8266", "bpf_ram_bytes", iram + data + rodata + bss }'
