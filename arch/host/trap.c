/*
 * trap.c (host) — a Linux process has no trap frames of its own: a fault is
 * the kernel's signal, and panic() prints no registers.
 */
#include "arch.h"

struct trap_frame;

void arch_print_frame(const struct trap_frame *frame)
{
	(void)frame;
}
