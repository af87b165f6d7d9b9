/*
 * waitq.h — a FIFO of blocked tasks, the building block of every blocking
 * primitive (locks, wait groups, devices). Use with interrupts masked.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct task;

struct waitq {
	struct task *head;
};

/* Blocks the current task on q until woken (returns the wake status) or
   until deadline (nanotime, 0 = none) passes (-ETIMEDOUT). io: the wait is
   for a device interrupt, which is not a deadlock. Interrupts masked. */
int waitq_wait(struct waitq *q, uint64_t deadline, bool io);

/* Wakes the oldest waiter (returns it, or NULL) or all of them. Callable
   from interrupt handlers. */
struct task *waitq_wake_one(struct waitq *q, int status);
void waitq_wake_all(struct waitq *q, int status);
