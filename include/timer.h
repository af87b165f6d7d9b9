/*
 * timer.h — one-shot kernel timers on nanotime() deadlines. The hardware
 * timer is armed only for the earliest one: no periodic tick, ever.
 * Callbacks run with interrupts masked, from the timer interrupt or the
 * scheduler's idle loop, and must not block.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct timer {
	uint64_t deadline; /* nanotime() at which fire runs */
	void (*fire)(struct timer *t);
	struct timer *next; /* in the pending list, sorted by deadline */
	bool pending;
};

#define TIMER_NEVER UINT64_MAX

void timer_start(struct timer *t, uint64_t deadline, void (*fire)(struct timer *));
bool timer_stop(struct timer *t); /* true if it was still pending */
uint64_t timer_next_deadline(void);
void timer_run_expired(void);

/* The board's timer interrupt handler calls this. */
void timer_interrupt(void);
