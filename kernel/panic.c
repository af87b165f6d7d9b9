/*
 * panic.c — report and stop. Uses only the polled console: by the time we are
 * here, the drivers, the scheduler or the stack may be what broke.
 */
#include "panic.h"
#include "arch.h"
#include "board.h"
#include "console.h"

void panic_frame(const char *reason, const struct trap_frame *frame)
{
	arch_irq_save();
	console_puts("\npanic: ");
	console_puts(reason);
	console_puts("\n");
	if (frame)
		arch_print_frame(frame);
	board_exit(PANIC_STATUS);
}

void panic(const char *reason)
{
	panic_frame(reason, 0);
}
