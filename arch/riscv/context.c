/*
 * context.c (riscv) — the first context of a new task: a frame that
 * arch_context_switch "returns" from into the entry function.
 */
#include <stdint.h>
#include "arch.h"

void *arch_context_init(void *stack_top, void (*entry)(void))
{
	unsigned long *sp = (unsigned long *)((uintptr_t)stack_top & ~(uintptr_t)15) - 16;
	sp[0] = (unsigned long)(uintptr_t)entry; /* ra */
	/* s0-s11 are left as the stack holds them: entry is called fresh, and
	   under the ABI a function writes a callee-saved register before it
	   reads it; the last three words are padding */
	return sp;
}
