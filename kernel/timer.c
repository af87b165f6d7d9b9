/*
 * timer.c — the pending-timer list and the one hardware deadline.
 *
 * Invariant: pending timers form a singly linked list sorted by deadline
 * (ties in start order); t->pending is true exactly for the timers on it;
 * whenever the list changes at its head, the board timer is re-armed for the
 * new head (or disarmed when the list is empty). Interrupts are masked
 * around every change, because the timer interrupt walks the same list.
 */
#include "timer.h"
#include "arch.h"
#include "board.h"
#include "clock.h"

static struct timer *pending;

static IRAM void rearm(void)
{
	if (pending)
		board_timer_arm(pending->deadline);
	else
		board_timer_disarm();
}

IRAM void timer_start(struct timer *t, uint64_t deadline, void (*fire)(struct timer *))
{
	arch_irq_t irq = arch_irq_save();
	if (t->pending)
		timer_stop(t);
	t->deadline = deadline;
	t->fire = fire;
	t->pending = true;
	struct timer **at = &pending;
	while (*at && (*at)->deadline <= deadline)
		at = &(*at)->next;
	t->next = *at;
	*at = t;
	if (pending == t)
		rearm();
	arch_irq_restore(irq);
}

IRAM bool timer_stop(struct timer *t)
{
	arch_irq_t irq = arch_irq_save();
	bool was = t->pending;
	if (was) {
		struct timer **at = &pending;
		while (*at != t)
			at = &(*at)->next;
		*at = t->next;
		t->pending = false;
		if (at == &pending)
			rearm();
	}
	arch_irq_restore(irq);
	return was;
}

IRAM uint64_t timer_next_deadline(void)
{
	return pending ? pending->deadline : TIMER_NEVER;
}

IRAM void timer_run_expired(void)
{
	arch_irq_t irq = arch_irq_save();
	struct timer *head = pending;
	uint64_t now = nanotime();
	while (pending && pending->deadline <= now) {
		struct timer *t = pending;
		pending = t->next;
		t->pending = false;
		t->fire(t);
	}
	if (pending != head)
		rearm();
	arch_irq_restore(irq);
}

IRAM void timer_interrupt(void)
{
	timer_run_expired();
	rearm(); /* a board timer may have fired early, or been cleared by firing */
}
