/*
 * context.c (xtensa lx106) — the first context of a new task: a frame that
 * arch_context_switch "returns" from into the entry function.
 */
#include <stdint.h>
#include "arch.h"

void *arch_context_init(void *stack_top, void (*entry)(void))
{
	uint32_t *sp = (uint32_t *)((uintptr_t)stack_top & ~(uintptr_t)15) - 8;
	sp[0] = (uint32_t)(uintptr_t)entry; /* a0: where the switch returns to */
	/* a12-a15 as the switch pops them: zero, by stores (a loop here was a
	   memset call, a fifth of a spawn's cost) */
	sp[1] = sp[2] = sp[3] = sp[4] = 0;
	sp[5] = ~0u; /* a frame for C (switch.S): task_entry unmasks */
	return sp;
}
