/*
 * heap.c — board_heap() for every board linked by a script of ours: the page
 * allocator gets the RAM between the end of .bss/boot stack (_heap_start)
 * and the end of the RAM region (_heap_end).
 */
#include "board.h"

void board_heap(uintptr_t *start, uintptr_t *end)
{
	extern char _heap_start[], _heap_end[];
	*start = (uintptr_t)_heap_start;
	*end = (uintptr_t)_heap_end;
}
