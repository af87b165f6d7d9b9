/*
 * sync.h — Go's sync.Mutex and sync.WaitGroup for goroutines.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "waitq.h"

struct mutex {
	struct task *owner;
	struct waitq waiters; /* the lock is handed to the oldest waiter */
};

void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m); /* by another task than the owner, or unlocked: panic */

struct waitgroup {
	int32_t count;
	struct waitq waiters;
};

void waitgroup_add(struct waitgroup *wg, int32_t delta); /* below zero: panic, as in Go */
void waitgroup_done(struct waitgroup *wg);
void waitgroup_wait(struct waitgroup *wg);
