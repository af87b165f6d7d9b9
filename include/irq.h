/*
 * irq.h — interrupt lines and deferred work. A top half runs in the
 * interrupt: it touches only its device and a ring buffer, never blocks or
 * allocates, and may schedule deferred work, which runs later in task
 * context (the "deferred" worker task) and wakes the goroutines waiting.
 */
#pragma once
#include <stdbool.h>

typedef void (*irq_handler)(void *arg);

/* 0, -EINVAL for a line the board does not have, -EBUSY if already bound. */
int irq_attach(unsigned line, irq_handler handler, void *arg);
void irq_detach(unsigned line);

/* Called by the arch/board trap code for each pending line. */
void irq_dispatch(unsigned line);

/* Unmask or mask a line at the interrupt controller (the board's). */
void board_irq_enable(unsigned line);
void board_irq_disable(unsigned line);

struct work {
	void (*fn)(struct work *w);
	struct work *next;
	bool queued;
};

/* From an interrupt (or a task): run w->fn soon in task context. Scheduling
   a work item that is already queued does nothing: it runs once. */
void work_schedule(struct work *w);
