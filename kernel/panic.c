/*
 * panic.c — report and stop. Uses only the polled console: by the time we are
 * here, the drivers, the scheduler or the stack may be what broke.
 */
#include "panic.h"
#include "arch.h"
#include "board.h"
#include "console.h"
#include "task.h"

void panic_frame(const char *reason, const struct trap_frame *frame)
{
	arch_irq_save();
	console_puts("\npanic: ");
	console_puts(reason);
	struct task *t = task_current();
	console_puts("\ntask: ");
	console_puts(t->name);
	console_puts(" (id ");
	console_dec(t->id);
	console_puts(")\n");
	if (frame)
		arch_print_frame(frame);
	board_exit(PANIC_STATUS);
}

void panic(const char *reason)
{
	panic_frame(reason, 0);
}
