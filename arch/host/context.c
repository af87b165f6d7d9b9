/*
 * context.c (host) — the first context of a new task: the frame the
 * machine's arch_context_switch pops (switch_<machine>.S), zeroed but for
 * the return address, which is the entry function.
 */
#include <stdint.h>
#include "arch.h"

void *arch_context_init(void *stack_top, void (*entry)(void))
{
	uint64_t *sp = (uint64_t *)((uintptr_t)stack_top & ~(uintptr_t)15);
#if defined(__x86_64__)
	/* rbp rbx r12-r15 popped, then ret: sp lands at 16n + 8, as after a call */
	sp -= 8;
	sp[6] = (uint64_t)(uintptr_t)entry;
	for (int i = 0; i < 6; i++)
		sp[i] = 0;
	sp[7] = 0;
#elif defined(__aarch64__)
	/* x19-x28, x29, x30 (the link register ret jumps to), d8-d15 */
	sp -= 20;
	for (int i = 0; i < 20; i++)
		sp[i] = 0;
	sp[11] = (uint64_t)(uintptr_t)entry;
#else
#error "the host arch knows x86-64 and aarch64: add a switch_<machine>.S and a frame here"
#endif
	return sp;
}

/* The host keeps one switch per machine: loading alone is a switch whose
   saved context nobody loads. */
void arch_context_load(void *load_sp)
{
	void *unused;
	arch_context_switch(&unused, load_sp);
	__builtin_unreachable();
}
