/* jit_pool_store.c (riscv) — on a hart with Smepmp a store into compiled
   JIT code from M-mode is a store access fault (board/qemu-virt/jit_pool.c). */
#include "jit_pool.h"

int main(void)
{
	struct bpf_program *prog = jit_pool_program();
	*(volatile uint32_t *)prog->jit_code = 0;
	printf("still running: the store into the JIT pool was not stopped\n");
	return 0;
}
