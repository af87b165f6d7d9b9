/*
 * irq.c — the table of interrupt handlers and the deferred-work queue.
 *
 * Invariant: work items with queued == true are exactly those on the FIFO
 * list work_head..work_tail; the worker task empties it in order. The list
 * is shared with interrupt handlers, so it changes only with interrupts
 * masked. The worker is spawned by the first irq_attach, so firmware without
 * interrupt-driven devices pays nothing for it.
 */
#include "irq.h"
#include <errno.h>
#include "arch.h"
#include "board.h"
#include "panic.h"
#include "task.h"

static struct {
	irq_handler handler;
	void *arg;
} lines[BOARD_IRQ_LINES];

/* Work items only wake tasks and move bytes: a small stack does. */
#define WORKER_STACK 512

static struct work *work_head, *work_tail;
static struct task *worker;
static bool worker_waiting;

static void worker_loop(void *arg)
{
	(void)arg;
	for (;;) {
		arch_irq_t irq = arch_irq_save();
		while (!work_head) {
			worker_waiting = true;
			task_block(0, false);
		}
		struct work *w = work_head;
		work_head = w->next;
		if (!work_head)
			work_tail = 0;
		w->queued = false;
		arch_irq_restore(irq);
		w->fn(w);
	}
}

int irq_attach(unsigned line, irq_handler handler, void *arg)
{
	if (line >= BOARD_IRQ_LINES || !handler)
		return -EINVAL;
	if (lines[line].handler)
		return -EBUSY;
	if (!worker && !(worker = task_spawn(worker_loop, 0, WORKER_STACK, "deferred")))
		return -ENOMEM;
	arch_irq_t irq = arch_irq_save();
	lines[line].handler = handler;
	lines[line].arg = arg;
	arch_irq_restore(irq);
	board_irq_enable(line);
	return 0;
}

void irq_detach(unsigned line)
{
	if (line >= BOARD_IRQ_LINES)
		return;
	board_irq_disable(line);
	lines[line].handler = 0;
}

IRAM void irq_dispatch(unsigned line)
{
	if (line >= BOARD_IRQ_LINES || !lines[line].handler)
		panic("interrupt on a line with no handler");
	lines[line].handler(lines[line].arg);
}

IRAM void work_schedule(struct work *w)
{
	arch_irq_t irq = arch_irq_save();
	if (!w->queued) {
		w->queued = true;
		w->next = 0;
		if (work_tail)
			work_tail->next = w;
		else
			work_head = w;
		work_tail = w;
		if (worker_waiting) {
			worker_waiting = false;
			task_wake(worker, 0);
		}
	}
	arch_irq_restore(irq);
}
