/*
 * task.h — goroutines: C functions on their own stacks, run by one
 * scheduler. Cooperative by default; optional time-slice preemption with
 * per-task suppression and the Go runtime's scheduling hooks.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "arch.h"
#include "task_layout.h"
#include "timer.h"

typedef void (*task_fn)(void *arg);

enum task_state { TASK_READY, TASK_RUNNING, TASK_BLOCKED, TASK_DEAD };

/*
 * A task's pages hold, from low to high addresses: the canary word, the
 * stack (growing down), its thread-local block (where the arch has one),
 * then this struct.
 */
struct task {
	void *sp; /* saved context while not running */
	struct task *next; /* run queue or wait list */
	struct task *all_next; /* every live task, for debuggers and snapshots */
	struct task **all_at;  /* what points to this task in that list: an
				  exit unlinks it without a walk */
	task_fn fn;
	void *arg;
	const char *name;
	uint32_t *canary; /* lowest word of the stack */
	void *pages;      /* page_alloc'd block, 0 for the boot task */
	uint32_t page_count;
	uint32_t id;
	/* four bytes in one word: a spawn clears them with one store */
	uint8_t state;
	uint8_t preempt_off; /* nesting depth of preempt_disable() */
	uint8_t io_wait;     /* blocked on a device: an interrupt may wake it */
	uint8_t fp_used;     /* fp holds the task's registers */
	int wake_status;     /* what task_block returns */
	struct timer timer;  /* sleep and blocking deadlines */
	void *tls;           /* thread-local block: picolibc's errno on RISC-V (unset where ARCH_HAS_TLS is 0) */
	struct arch_fp_state fp;
};

/* NULL when the pages for the stack cannot be had. stack_bytes 0 = the
   board's default (BOARD_STACK_DEFAULT); at least ARCH_STACK_MIN, and
   whatever the last page has room for. name is kept, not copied. */
struct task *task_spawn(task_fn fn, void *arg, uint32_t stack_bytes, const char *name);
void task_yield(void);
__attribute__((noreturn)) void task_exit(void);
struct task *task_current(void);
void task_sleep(uint64_t ns);
void task_sleep_until(uint64_t deadline);

/*
 * Blocking, for the kernel's own primitives (channels, locks, devices).
 * With interrupts masked, put the current task on a wait list, then call
 * task_block: it returns (still masked) with the status given to task_wake,
 * or -ETIMEDOUT once nanotime() passes deadline (0 = no deadline). io marks
 * a wait an interrupt can end, which is not a deadlock.
 */
int task_block_timed(uint64_t deadline, bool io);
int task_park(void); /* task_block(0, false): no deadline, not for io */
static inline __attribute__((always_inline)) int task_block(uint64_t deadline, bool io)
{
	/* with both known at the call (a plain channel wait), no test is left */
	return deadline || io ? task_block_timed(deadline, io) : task_park();
}
void task_wake(struct task *t, int status); /* also from interrupt handlers */
void task_wake_masked(struct task *t, int status); /* the same, interrupts already masked */

/* Preemption: a time slice of 0 (the default) means cooperative. */
void sched_set_time_slice(uint64_t ns);
void preempt_disable(void);
void preempt_enable(void);

struct sched_hooks {
	void (*on_start)(struct task *t);   /* before a new task's function runs */
	bool (*on_preempt)(struct task *t); /* false defers this preemption */
	void (*on_resume)(struct task *t);  /* each time a task is switched in */
};
void sched_set_hooks(const struct sched_hooks *hooks);

/* Called by arch trap code as an interrupt ends: may preempt the task. */
void sched_interrupt_exit(void);

/* Called once at boot: makes the running code the "main" task. */
void sched_init(void);

/* Every live task, for inspection. */
struct task *task_first(void);
