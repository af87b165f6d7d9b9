/*
 * bpf_jit.c (host) — no eBPF back end for the machine tests run on (x86-64,
 * aarch64): programs are interpreted. bpf-run built for linux/riscv64 takes
 * arch/riscv/bpf_jit.c and board/host/jit_pool.c instead.
 */
#include <errno.h>
#include <stddef.h>
#include "bpf_jit.h"

const char bpf_jit_arch_name[] = "none";

int bpf_jit_emit(struct bpf_jit *jit)
{
	jit->failed_insn = 0;
	return -ENOTSUP;
}

uint8_t *bpf_jit_pool(uint32_t *size)
{
	*size = 0;
	return NULL;
}

void bpf_jit_pool_writable(void *code, uint32_t size)
{
	(void)code, (void)size;
}

void bpf_jit_pool_executable(void *code, uint32_t size)
{
	(void)code, (void)size;
}
