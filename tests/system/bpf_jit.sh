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

# The RISC-V code pool under Smepmp (board/qemu-virt/jit_pool.c; mk/rv*.mk
# give QEMU's hart x-epmp): a store into compiled code and a run from the
# pool while it is open for writing both fault, at the code's address; a
# hart without Smepmp (the plain CPU model given after) says so and runs on.
for t in rv64 rv32; do
	boot $t build/$t/test-jit_pool_store.elf 60
	code=$(printf '%s\n' "$out" | sed -n 's/^JIT code at 0x\([0-9a-f]*\) ran: r0 42$/\1/p')
	[ "$(printf '%s\n' "$out" | grep -c '^jit: code pool write-protected by Smepmp PMP rules$')" = 1 ]
	check $? "$t jit pool: protected by Smepmp, said once"
	expect_output "$t jit pool: a store into JIT code is a store access fault" '^panic: store access fault$'
	expect_output "$t jit pool: the fault is the store into the code at 0x$code" "mcause=0x0*7 mepc=0x[0-9a-f]+ mtval=0x0*${code:-none} "
	expect_status "$t jit pool: the store ends the run with the panic status" 134

	boot $t build/$t/test-jit_pool_fetch.elf 60
	code=$(printf '%s\n' "$out" | sed -n 's/^JIT code at 0x\([0-9a-f]*\) ran: r0 42$/\1/p')
	expect_output "$t jit pool: running code from the writable pool is an instruction access fault at 0x$code" \
		"^panic: instruction access fault\$"
	expect_output "$t jit pool: the fetch fault is at the code" "mcause=0x0*1 mepc=0x0*${code:-none} mtval=0x0*${code:-none} "
	expect_status "$t jit pool: the fetch ends the run with the panic status" 134

	boot $t build/$t/test-jit_pool_store.elf 60 -cpu $t
	[ "$(printf '%s\n' "$out" | grep -c '^jit: no Smepmp on this hart, the code pool is plain RAM$')" = 1 ]
	check $? "$t jit pool without Smepmp: said once"
	expect_output "$t jit pool without Smepmp: the JIT code ran" '^JIT code at 0x[0-9a-f]+ ran: r0 42$'
	expect_output "$t jit pool without Smepmp: the store goes through (plain RAM)" '^still running: the store into the JIT pool was not stopped$'
	expect_status "$t jit pool without Smepmp: exits 0" 0
done
