/*
 * jit_pool.c (ESP8266 layout; qemu-lx106 shares it) — the eBPF JIT's code
 * pool: the only RAM the lx106 fetches instructions from is IRAM, which
 * takes 32-bit accesses only (bpf_jit_put stores whole words). Its own
 * output section (layout.ld), so make size shows what it takes of the 32 KiB.
 */
#include "board_config.h"
#include "bpf_jit.h"

static uint8_t pool[BOARD_BPF_JIT_POOL] __attribute__((section(".bpf_jit_pool"), aligned(16)));

uint8_t *bpf_jit_pool(uint32_t *size)
{
	*size = sizeof pool;
	return pool;
}

void bpf_jit_pool_writable(void *code, uint32_t size)
{
	(void)code, (void)size;
}

/* IRAM is not behind the instruction cache; isync orders the stores
   before the first fetch of the new code. */
void bpf_jit_pool_executable(void *code, uint32_t size)
{
	(void)code, (void)size;
	__asm__ volatile("isync" ::: "memory");
}
