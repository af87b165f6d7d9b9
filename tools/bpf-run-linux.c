/*
 * bpf-run-linux.c — what the eBPF helpers take from the kernel, taken from
 * Linux instead, for bpf-run built on its own for linux/riscv64 (the JIT
 * under qemu-riscv64): the clock and the console.
 */
#include <stdio.h>
#include <time.h>
#include "clock.h"
#include "console.h"

uint64_t nanotime(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void console_puts(const char *s)
{
	fputs(s, stdout);
}
