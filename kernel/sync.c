/*
 * sync.c — mutex and wait group. Waiting tasks are chained through
 * task->next (a blocked task is on no run queue), oldest first.
 * Invariant: a mutex with waiters is owned; unlocking hands ownership
 * straight to the oldest waiter, so no late arrival can overtake it.
 */
#include "sync.h"
#include "arch.h"
#include "panic.h"
#include "task.h"

static void wait_on(struct task **list)
{
	struct task *self = task_current();
	self->next = 0;
	while (*list)
		list = &(*list)->next;
	*list = self;
	task_block(0, false);
}

static struct task *pop(struct task **list)
{
	struct task *t = *list;
	if (t)
		*list = t->next;
	return t;
}

void mutex_lock(struct mutex *m)
{
	arch_irq_t irq = arch_irq_save();
	if (!m->owner)
		m->owner = task_current();
	else if (m->owner == task_current())
		panic("mutex locked twice by its owner");
	else
		wait_on(&m->waiters); /* unlock makes us the owner before waking us */
	arch_irq_restore(irq);
}

bool mutex_trylock(struct mutex *m)
{
	arch_irq_t irq = arch_irq_save();
	bool got = !m->owner;
	if (got)
		m->owner = task_current();
	arch_irq_restore(irq);
	return got;
}

void mutex_unlock(struct mutex *m)
{
	arch_irq_t irq = arch_irq_save();
	if (m->owner != task_current())
		panic("unlock of a mutex this task does not hold");
	m->owner = pop(&m->waiters);
	if (m->owner)
		task_wake(m->owner, 0);
	arch_irq_restore(irq);
}

void waitgroup_add(struct waitgroup *wg, int32_t delta)
{
	arch_irq_t irq = arch_irq_save();
	wg->count += delta;
	if (wg->count < 0)
		panic("negative WaitGroup counter");
	if (wg->count == 0)
		for (struct task *t; (t = pop(&wg->waiters)) != 0;)
			task_wake(t, 0);
	arch_irq_restore(irq);
}

void waitgroup_done(struct waitgroup *wg)
{
	waitgroup_add(wg, -1);
}

void waitgroup_wait(struct waitgroup *wg)
{
	arch_irq_t irq = arch_irq_save();
	while (wg->count > 0)
		wait_on(&wg->waiters);
	arch_irq_restore(irq);
}
