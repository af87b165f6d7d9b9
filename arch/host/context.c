/*
 * context.c (host, x86-64) — the first context of a new task: six zeroed
 * callee-saved registers, then the entry function as the return address.
 * The stack is 16-byte aligned plus 8 at entry, as after a call.
 */
#include <stdint.h>
#include "arch.h"

void *arch_context_init(void *stack_top, void (*entry)(void))
{
	uint64_t *sp = (uint64_t *)((uintptr_t)stack_top & ~(uintptr_t)15) - 8;
	for (int i = 0; i < 8; i++)
		sp[i] = 0;
	sp[6] = (uint64_t)(uintptr_t)entry;
	return sp;
}
