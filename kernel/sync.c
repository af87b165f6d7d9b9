/*
 * sync.c — mutex and wait group on wait queues.
 * Invariant: a mutex with waiters is owned; unlocking hands ownership
 * straight to the oldest waiter, so no late arrival can overtake it.
 */
#include "sync.h"
#include "arch.h"
#include "panic.h"
#include "task.h"

void mutex_lock(struct mutex *m)
{
	arch_irq_t irq = arch_irq_save();
	if (!m->owner)
		m->owner = task_current();
	else if (m->owner == task_current())
		panic("mutex locked twice by its owner");
	else
		waitq_wait(&m->waiters, 0, false); /* unlock makes us the owner before waking us */
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
	m->owner = m->waiters.head;
	waitq_wake_one(&m->waiters, 0);
	arch_irq_restore(irq);
}

void waitgroup_add(struct waitgroup *wg, int32_t delta)
{
	arch_irq_t irq = arch_irq_save();
	wg->count += delta;
	if (wg->count < 0)
		panic("negative WaitGroup counter");
	if (wg->count == 0)
		waitq_wake_all(&wg->waiters, 0);
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
		waitq_wait(&wg->waiters, 0, false);
	arch_irq_restore(irq);
}
