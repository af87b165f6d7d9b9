/*
 * panic_order.c — output queued in the UART's TX ring when a panic strikes
 * comes out before the report, in order: nothing the program printed is lost.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "arch.h"
#include "panic.h"

int main(void)
{
	char line[64];
	/* With interrupts masked the TX interrupt cannot drain the ring: these
	   lines are still queued when the panic comes. */
	arch_irq_save();
	for (int i = 0; i < 3; i++) {
		int n = snprintf(line, sizeof line, "queued line %d\n", i);
		write(1, line, (size_t)n);
	}
	panic("on purpose, with output queued");
}
