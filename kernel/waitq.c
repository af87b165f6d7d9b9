/*
 * waitq.c — FIFO wait queues, chained through task->next (a blocked task is
 * on no run queue). A waiter that times out removes itself.
 */
#include "waitq.h"
#include "arch.h"
#include "task.h"

int waitq_wait(struct waitq *q, uint64_t deadline, bool io)
{
	struct task *self = task_current(), **at = &q->head;
	self->next = 0;
	while (*at)
		at = &(*at)->next;
	*at = self;
	int status = task_block(deadline, io);
	for (at = &q->head; *at; at = &(*at)->next)
		if (*at == self) { /* still queued: the deadline woke us */
			*at = self->next;
			break;
		}
	return status;
}

struct task *waitq_wake_one(struct waitq *q, int status)
{
	arch_irq_t irq = arch_irq_save();
	struct task *t = q->head;
	if (t) {
		q->head = t->next;
		task_wake(t, status);
	}
	arch_irq_restore(irq);
	return t;
}

void waitq_wake_all(struct waitq *q, int status)
{
	while (waitq_wake_one(q, status))
		;
}
