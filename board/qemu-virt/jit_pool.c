/*
 * jit_pool.c (qemu-virt) — the eBPF JIT's code pool: plain RAM. In M-mode a
 * PMP entry binds the hart only when locked, and a locked entry stays until
 * reset, so nothing here write-protects the code: the JIT alone writes it,
 * only between bpf_jit_pool_writable and bpf_jit_pool_executable, and the
 * fence.i that ends every compile makes the stores visible to fetch.
 */
#include "board_config.h"
#include "bpf_jit.h"

static uint8_t pool[BOARD_BPF_JIT_POOL] __attribute__((aligned(64)));

uint8_t *bpf_jit_pool(uint32_t *size)
{
	*size = sizeof pool;
	return pool;
}

void bpf_jit_pool_writable(void *code, uint32_t size)
{
	(void)code, (void)size;
}

void bpf_jit_pool_executable(void *code, uint32_t size)
{
	(void)code, (void)size;
	__asm__ volatile("fence.i" ::: "memory");
}
