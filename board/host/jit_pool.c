/*
 * jit_pool.c (host) — the eBPF JIT's code pool in a Linux process (bpf-run
 * built for linux/riscv64): mapped on first use, writable and not executable
 * while the JIT writes it, executable and not writable once it is done.
 */
#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>
#include "bpf_jit.h"

#define POOL_SIZE (256u << 10)

static uint8_t *pool;

uint8_t *bpf_jit_pool(uint32_t *size)
{
	if (!pool) {
		void *p = mmap(NULL, POOL_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		pool = p == MAP_FAILED ? NULL : p;
	}
	*size = pool ? POOL_SIZE : 0;
	return pool;
}

/* mprotect works on whole pages: the pages the range touches. */
static void protect(void *code, uint32_t size, int prot)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)code & ~(page - 1), end = ((uintptr_t)code + size + page - 1) & ~(page - 1);
	if (end > start)
		mprotect((void *)start, end - start, prot);
}

void bpf_jit_pool_writable(void *code, uint32_t size)
{
	protect(code, size, PROT_READ | PROT_WRITE);
}

void bpf_jit_pool_executable(void *code, uint32_t size)
{
	protect(code, size, PROT_READ | PROT_EXEC);
	__builtin___clear_cache((char *)code, (char *)code + size);
}
