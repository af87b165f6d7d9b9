# bpf_jit.sh — the eBPF JIT against the interpreter on each target that has
# one (tests/target/jit/bpf_jit.c: the instruction tests, every program of
# tests/bpf, random verified programs), under -icount so a run is the same
# every time.
cd "$(dirname "$0")/../.." && . tests/system/lib.sh

JIT_TARGETS="rv64 rv32 qemu-lx106"
for t in $JIT_TARGETS; do
	boot $t build/$t/test-bpf_jit.elf 300 -icount shift=0,sleep=off
	printf '%s\n' "$out" | grep -E '^# (pool|corpus|fuzz|[0-9]+ runs)' | sed "s/^# /# $t: /"
	printf '%s\n' "$out" | grep '^# mismatch' | head -5 | sed "s/^# /# $t: /"
	printf '%s\n' "$out" | sed -n -e "s/^ok - /ok - $t jit: /p" -e "s/^not ok - /not ok - $t jit: /p"
	expect_output "$t jit: the fuzz ran and compared" '^ok - fuzz: random verified programs'
	expect_status "$t jit: interpreter and JIT agree on every run" 0
done
