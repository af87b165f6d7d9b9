/* jit_pool_fetch.c (riscv) — on a hart with Smepmp the JIT pool cannot be
   executed while it is open for writing: running code there between
   bpf_jit_pool_writable and bpf_jit_pool_executable is an instruction access
   fault (board/qemu-virt/jit_pool.c). */
#include "bpf_jit.h"
#include "jit_pool.h"

int main(void)
{
	struct bpf_program *prog = jit_pool_program();
	uint64_t ctx = 0, r0 = 0;
	bpf_jit_pool_writable(prog->jit_code, prog->jit_size);
	bpf_run(prog, &ctx, &r0);
	printf("still running: JIT code ran from a writable pool (r0 %u)\n", (unsigned)r0);
	return 0;
}
