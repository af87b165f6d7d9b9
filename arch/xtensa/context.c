/*
 * context.c (xtensa lx106) — the first context of a new task: a frame that
 * arch_context_switch "returns" from into the entry function.
 */
#include <stdint.h>
#include "arch.h"

void *arch_context_init(void *stack_top, void (*entry)(void))
{
	uint32_t *sp = (uint32_t *)((uintptr_t)stack_top & ~(uintptr_t)15) - 8;
	for (int i = 0; i < 8; i++)
		sp[i] = 0;
	sp[0] = (uint32_t)(uintptr_t)entry; /* a0: where the switch returns to */
	return sp;
}
