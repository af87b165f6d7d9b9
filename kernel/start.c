/*
 * start.c — the portable boot path, entered from the arch's reset code with a
 * stack and a clear .bss: board, clock, pages, scheduler, devices, then main.
 */
#include <stdlib.h>
#include "board.h"
#include "clock.h"
#include "page.h"
#include "task.h"

int main(void);

void runtime_init(void)
{
	uintptr_t start, end;
	board_init();
	clock_init(board_counter_hz());
	board_heap(&start, &end);
	page_init(start, end);
	sched_init();
	board_devices();
	arch_irq_restore(ARCH_IRQ_ON);
}

void runtime_start(void)
{
	runtime_init();
	exit(main());
}
