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
	/* s0-s11 as the switch pops them: zero, by stores rather than a
	   memset call; the last three words are padding */
	sp[1] = sp[2] = sp[3] = sp[4] = sp[5] = sp[6] = sp[7] = sp[8] = sp[9] = sp[10] = sp[11] = sp[12] = 0;
	return sp;
}
