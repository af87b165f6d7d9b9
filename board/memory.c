/*
 * memory.c — the RAM regions of every board linked by a script of ours: the
 * page allocator gets what lies between the end of .bss and the boot stack
 * (_heap_start) and the end of the RAM region (_heap_end).
 */
#include "board.h"

extern char _heap_start[], _heap_end[], _stack_bottom[];

void board_heap(uintptr_t *start, uintptr_t *end)
{
	*start = (uintptr_t)_heap_start;
	*end = (uintptr_t)_heap_end;
}

uintptr_t board_boot_stack_bottom(void)
{
	return (uintptr_t)_stack_bottom;
}
