/*
 * panic.c — report and stop. The report goes out on the polled console: by
 * the time we are here, the drivers, the scheduler or the stack may be what
 * broke. Output the devices had queued is pushed out first, so the report
 * follows what the program printed; a panic during that push skips it.
 * After the report comes the RAM dump, where the board wants one (snapshot.h).
 */
#include "panic.h"
#include <stdbool.h>
#include "arch.h"
#include "board.h"
#include "console.h"
#include "device.h"
#include "snapshot.h"
#include "task.h"

void panic_frame(const char *reason, const struct trap_frame *frame)
{
	static bool draining;
	arch_irq_save();
	if (!draining) {
		draining = true;
		for (struct device *dev = device_first(); dev; dev = dev->next)
			device_control(dev, DEVICE_DRAIN, 0);
	}
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
	if (snapshot_after_panic)
		snapshot_dump(SNAPSHOT_PANIC);
	board_exit(PANIC_STATUS);
}

void panic(const char *reason)
{
	panic_frame(reason, 0);
}
