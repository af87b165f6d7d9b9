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
	/* a12-a15 are left as the stack holds them: entry is called fresh, and
	   under the ABI a function writes a callee-saved register before it
	   reads it */
	sp[5] = ~0u; /* a frame for C (switch.S): task_entry unmasks */
	return sp;
}
