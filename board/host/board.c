/*
 * board.c (host) — the "board" of a Linux process, for unit tests and
 * benchmarks: console on stdout/stdin, exit(), a static heap, the monotonic
 * clock in nanoseconds. runtime_init() runs as a constructor because the C
 * library, not reset code, calls main here.
 */
#include "board.h"
#include <stdlib.h>
#include <unistd.h>

void runtime_init(void);

__attribute__((constructor)) static void host_start(void)
{
	runtime_init();
}

void board_init(void)
{
}

void board_console_putc(int c)
{
	char byte = (char)c;
	(void)!write(1, &byte, 1);
}

int board_console_getc(void)
{
	unsigned char byte;
	return read(0, &byte, 1) == 1 ? byte : -1;
}

void board_exit(int status)
{
	_exit(status);
}

uint32_t board_counter_hz(void)
{
	return 1000000000u;
}

void board_heap(uintptr_t *start, uintptr_t *end)
{
	static _Alignas(1 << BOARD_PAGE_SHIFT) char heap[BOARD_HEAP_BYTES];
	*start = (uintptr_t)heap;
	*end = (uintptr_t)(heap + sizeof heap);
}
