/*
 * task.c — goroutines and the scheduler.
 *
 * Invariant: `current` is the one RUNNING task. READY tasks are on the run
 * queue, in FIFO order, and nowhere else; BLOCKED tasks are on exactly one
 * wait list owned by whatever they wait for (or on none, when only their
 * timer can wake them); DEAD tasks wait on `dead` until a running task frees
 * their pages (a task that exits while another is ready frees its own and is
 * on no list). Every live or DEAD task is on the all-tasks list, newest first
 * and the boot task last (it never leaves), its all_at pointing at the link
 * that points to it. All of it changes only with interrupts masked.
 *
 * A switch saves the interrupt state, switches, restores: so each task
 * resumes at its own interrupt level, and a task preempted from inside an
 * interrupt handler (sched_interrupt_exit) finishes that handler when it
 * next runs. When nothing is ready the scheduler idles on the blocked task's
 * stack with the timer armed for the earliest deadline.
 *
 * What an interrupt reaches is in IRAM (the ESP8266 cannot run flash code
 * while the flash is busy): waking, timers, and the switch a preemption makes.
 */
#include "task.h"
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include "board.h"
#include "clock.h"
#include "console.h"
#include "layout.h"
#include "page.h"
#include "panic.h"
#include "task_layout.h"

static struct task main_task;

/* The scheduler's state in one place: the lx106 reaches a global through a
   literal load, so one base address serves every field on the hot paths.
   Global for an assembly task_yield (task_layout.h). */
struct {
	struct task *current;
	struct task *run_head, *run_tail;
	struct task *dead;
	const struct sched_hooks *hooks;
	bool slicing; /* time_slice != 0: one byte for the hot paths to test */
	bool resume_work; /* dead tasks to free or hooks to call: the one test
			     a resuming task makes (sched_resume_work()) */
	bool need_resched; /* the slice ran out: only ever set while slicing */
	bool idling;
	uint64_t time_slice;
	struct timer slice_timer;
	struct task *all_tasks;
	uint32_t next_id;
	uint32_t io_waiters;
} sched = {.current = &main_task, .all_tasks = &main_task, .next_id = 1};

#define SCHED_AT(field, at) _Static_assert(offsetof(__typeof__(sched), field) == at, "task_layout.h: sched." #field)
#define TASK_AT(field, at) _Static_assert(offsetof(struct task, field) == at, "task_layout.h: task." #field)
SCHED_AT(current, SCHED_CURRENT);
SCHED_AT(run_head, SCHED_RUN_HEAD);
SCHED_AT(run_tail, SCHED_RUN_TAIL);
SCHED_AT(slicing, SCHED_SLICING);
SCHED_AT(resume_work, SCHED_RESUME_WORK);
TASK_AT(sp, TASK_SP);
TASK_AT(next, TASK_NEXT);
TASK_AT(canary, TASK_CANARY);
TASK_AT(state, TASK_STATE);
_Static_assert(TASK_READY == TASK_STATE_READY && TASK_RUNNING == TASK_STATE_RUNNING, "task_layout.h: states");
_Static_assert(sizeof(((struct task *)0)->state) == 1 && sizeof(sched.slicing) == 1 && sizeof(sched.resume_work) == 1,
	       "task_layout.h: byte fields");

static void slice_expired(struct timer *t);

/* The queue operations melt into their (IRAM) callers. */
#define QUEUE_OP static inline __attribute__((always_inline))

/* t, already READY, to the back of the run queue. */
QUEUE_OP void run_append(struct task *t)
{
	t->next = 0;
	if (sched.run_tail)
		sched.run_tail->next = t;
	else
		sched.run_head = t;
	sched.run_tail = t;
}

QUEUE_OP void run_enqueue(struct task *t)
{
	t->state = TASK_READY;
	run_append(t);
}

/* A task becomes ready: with preemption on, the running one gets a slice. */
QUEUE_OP void slice_for_ready(void)
{
	if (sched.slicing && !sched.slice_timer.pending && !sched.idling)
		timer_start(&sched.slice_timer, nanotime() + sched.time_slice, slice_expired);
}

QUEUE_OP void run_push(struct task *t)
{
	slice_for_ready();
	run_enqueue(t);
}

/* The run queue's head, t, taken off. */
QUEUE_OP void run_take(struct task *t)
{
	sched.run_head = t->next;
	if (!sched.run_head)
		sched.run_tail = 0;
	t->next = 0;
}

QUEUE_OP struct task *run_pop(void)
{
	struct task *t = sched.run_head;
	if (t)
		run_take(t);
	return t;
}

/* Where the boot task's canary is when the board guards its stack itself:
   every task has a canary to check, so a switch makes no null test. */
static uint32_t boot_canary = STACK_CANARY;

void sched_init(void)
{
	main_task.name = "main";
	main_task.state = TASK_RUNNING;
	main_task.id = sched.next_id++;
	main_task.all_at = &sched.all_tasks;
	main_task.tls = arch_tls_boot();
	uintptr_t bottom = board_boot_stack_bottom();
	main_task.canary = bottom ? (uint32_t *)bottom : &boot_canary;
	*main_task.canary = STACK_CANARY;
}

struct task *task_current(void)
{
	return sched.current;
}

struct task *task_first(void)
{
	return sched.all_tasks;
}

QUEUE_OP void check_canary(struct task *t)
{
	if (__builtin_expect(*t->canary != STACK_CANARY, 0))
		panic("stack overflow: the canary below the stack was overwritten");
}

static IRAM void slice_expired(struct timer *t)
{
	(void)t;
	sched.need_resched = true;
}

__attribute__((noreturn)) static void deadlock(void)
{
	static const char *const states[] = {"runnable", "running", "blocked", "sched.dead"};
	printf("fatal error: all goroutines are asleep - deadlock!\n");
	for (struct task *t = sched.all_tasks; t; t = t->all_next)
		printf("\ngoroutine %u [%s]: %s\n", (unsigned)t->id, states[t->state], t->name);
	exit(2);
}

/* Nothing is ready: sleep until an interrupt or a timer makes something so. */
static struct task *idle(void)
{
	sched.idling = true;
	for (;;) {
		timer_run_expired();
		struct task *t = run_pop();
		if (t) {
			sched.idling = false;
			return t;
		}
		if (timer_next_deadline() == TIMER_NEVER && sched.io_waiters == 0)
			deadlock();
		arch_idle();
	}
}

/* t off the all-tasks list: never the boot task, so another task follows it. */
QUEUE_OP void unlink_task(struct task *t)
{
	*t->all_at = t->all_next;
	t->all_next->all_at = t->all_at;
}

/* What a task resumed by a switch does besides its own work, rarely: free
   the dead, call the hooks. Task-context work, in flash: the one call the
   switches make out of IRAM (tests/system/iram.sh). */
__attribute__((noinline)) void sched_resume_work(void)
{
	/* a dead task's fields stay readable while interrupts are masked, even
	   once its pages are free */
	for (struct task *t; (t = sched.dead);) {
		sched.dead = t->next;
		unlink_task(t);
		page_free(t->pages, t->page_count);
	}
	if (sched.hooks && sched.hooks->on_resume)
		sched.hooks->on_resume(sched.current);
	sched.resume_work = sched.hooks != 0;
}

/* From prev (queued, parked or dead) to next, with interrupts masked; what
   runs once prev is switched back in. Inline in schedule and task_yield. */
static inline __attribute__((always_inline)) void switch_to(struct task *prev, struct task *next)
{
	if (ARCH_HAS_FPU && arch_fp_dirty()) {
		arch_fp_save(&prev->fp);
		prev->fp_used = 1;
		arch_fp_clean();
	}
	sched.current = next;
	next->state = TASK_RUNNING;
	arch_context_switch(&prev->sp, next->sp);
	/* prev runs again here, as current: read back, not kept in a register
	   across the switch, which would be saved twice (by this function's
	   frame and by the switch) */
	prev = sched.current;
	arch_tls_set(prev->tls);
	if (ARCH_HAS_FPU && prev->fp_used) {
		arch_fp_restore(&prev->fp);
		arch_fp_clean();
	}
	if (__builtin_expect(sched.resume_work, 0))
		sched_resume_work();
}

/* With interrupts masked and the current task already queued, parked or dead. */
static IRAM void schedule(void)
{
	struct task *prev = sched.current;
	check_canary(prev);
	struct task *next = run_pop();
	if (!next)
		next = idle();
	sched.need_resched = false;
	if (sched.slicing) {
		if (sched.run_head)
			timer_start(&sched.slice_timer, nanotime() + sched.time_slice, slice_expired);
		else
			timer_stop(&sched.slice_timer);
	}
	if (next == prev) {
		prev->state = TASK_RUNNING;
		return;
	}
	switch_to(prev, next);
}

/* schedule's common case inline, for task_block and task_exit: another
   task ready and no time slice to restart. */
static inline __attribute__((always_inline)) void schedule_inline(void)
{
	struct task *prev = sched.current, *next = sched.run_head;
	if (next && next != prev && !sched.slicing) {
		check_canary(prev);
		run_take(next);
		switch_to(prev, next); /* not slicing: need_resched is false */
	} else
		schedule();
}

/* A spawned task's end, for task_exit and task_entry. With another task
   ready and no time slice (schedule_inline's common case), the task frees
   its own pages and loads the next context without saving its own: it is
   still running on those pages, but interrupts stay masked until the next
   task runs, and on one core nothing else can allocate them before this
   stack is left for good. Otherwise (idling may take interrupts on this
   stack) it waits on the dead list for the next task to free it
   (sched_resume_work). */
static inline __attribute__((always_inline, noreturn)) void exit_spawned(void)
{
	arch_irq_save();
	struct task *self = sched.current;
	if (sched.run_head && !sched.slicing) {
		check_canary(self);
		unlink_task(self);
		page_free(self->pages, self->page_count);
		/* self is gone: from here only the scheduler's state */
		struct task *next = sched.run_head;
		run_take(next);
		if (ARCH_HAS_FPU)
			arch_fp_clean();
		sched.current = next;
		next->state = TASK_RUNNING;
		arch_context_load(next->sp);
	}
	self->state = TASK_DEAD;
	self->next = sched.dead;
	sched.dead = self;
	sched.resume_work = true;
	schedule();
	panic("a dead task was resumed");
}

/* Never returns, so it keeps nothing across its calls: sched.current is
   read again after each (a register kept would cost a frame's save and
   restore, which is more than the load). */
static __attribute__((noreturn)) void task_entry(void)
{
	arch_tls_set(sched.current->tls);
	/* resume_work is set whenever hooks are (sched_set_hooks) */
	if (sched.resume_work) {
		sched_resume_work();
		if (sched.hooks && sched.hooks->on_start)
			sched.hooks->on_start(sched.current);
	}
	arch_irq_restore(ARCH_IRQ_ON);
	sched.current->fn(sched.current->arg);
	exit_spawned();
}

struct task *task_spawn(task_fn fn, void *arg, uint32_t stack_bytes, const char *name)
{
	if (!stack_bytes)
		stack_bytes = BOARD_STACK_DEFAULT;
	if (stack_bytes < ARCH_STACK_MIN)
		stack_bytes = ARCH_STACK_MIN;
	uint32_t tls_bytes = arch_tls_size();
	uint32_t bytes = stack_bytes + tls_bytes + sizeof(struct task);
	uint32_t pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	uint8_t *block = page_alloc(pages);
	if (!block)
		return 0;
	struct task *t = (struct task *)(block + pages * PAGE_SIZE - sizeof(struct task));
	t = (struct task *)((uintptr_t)t & ~(uintptr_t)15);
	/* No memset: every field is written here or before it is read (next
	   by run_append, the timer's other fields by timer_start, fp only once
	   fp_used says it was saved, tls where the arch has it). */
	t->state = TASK_READY;
	t->preempt_off = 0;
	t->io_wait = 0;
	t->fp_used = 0;
	t->wake_status = 0;
	t->timer.pending = false;
	t->fn = fn;
	t->arg = arg;
	t->name = name ? name : "task";
	t->pages = block;
	t->page_count = pages;
	t->canary = (uint32_t *)block;
	*t->canary = STACK_CANARY;
	if (ARCH_HAS_TLS)
		t->tls = arch_tls_init((uint8_t *)t - tls_bytes);
	t->sp = arch_context_init((uint8_t *)t - tls_bytes, task_entry);

	arch_irq_t irq = arch_irq_save();
	t->id = sched.next_id++;
	t->all_next = sched.all_tasks;
	t->all_at = &sched.all_tasks;
	sched.all_tasks->all_at = &t->all_next;
	sched.all_tasks = t;
	slice_for_ready();
	run_append(t);
	arch_irq_restore(irq);
	return t;
}

/* task_yield's other cases: nothing else ready, or a time slice to restart.
   Out of line, so that the common case keeps few registers across its
   switch (each one is saved by its frame and again by the switch). */
static IRAM __attribute__((noinline)) void yield_slow(void)
{
	run_push(sched.current);
	schedule();
}

/* task_yield, unless the arch's switch.S defines a task_yield of its own
   (the weak alias below gives way), which falls back to this one. */
IRAM void task_yield_general(void)
{
	arch_irq_t irq = arch_irq_save();
	struct task *prev = sched.current, *next = sched.run_head;
	if (next && !sched.slicing) {
		/* The common case, with no time slice to restart: prev to the back
		   of the queue and the head out, in one step. */
		check_canary(prev);
		prev->state = TASK_READY;
		prev->next = 0;
		sched.run_tail->next = prev;
		sched.run_tail = prev;
		sched.run_head = next->next;
		next->next = 0;
		switch_to(prev, next); /* not slicing: need_resched is false */
	} else
		yield_slow();
	arch_irq_restore(irq);
}
void task_yield(void) __attribute__((weak, alias("task_yield_general")));

void task_exit(void)
{
	if (sched.current == &main_task)
		exit(0);
	exit_spawned();
}

static IRAM void block_timeout(struct timer *timer)
{
	struct task *t = (struct task *)((char *)timer - offsetof(struct task, timer));
	task_wake(t, -ETIMEDOUT);
}

int task_park(void)
{
	sched.current->state = TASK_BLOCKED;
	schedule_inline();
	return sched.current->wake_status; /* the same task, read back after the switch */
}

int task_block_timed(uint64_t deadline, bool io)
{
	struct task *self = sched.current;
	self->state = TASK_BLOCKED; /* before its deadline can wake it */
	self->io_wait = io;
	sched.io_waiters += io;
	if (deadline)
		timer_start(&self->timer, deadline, block_timeout);
	return task_park();
}

/* A wake with a deadline to cancel, a time slice to start or an io wait to
   count off. */
static IRAM __attribute__((noinline)) void wake_slow(struct task *t, int status)
{
	if (t->timer.pending)
		timer_stop(&t->timer);
	sched.io_waiters -= t->io_wait;
	t->io_wait = 0;
	t->wake_status = status;
	run_push(t);
}

IRAM void task_wake_masked(struct task *t, int status)
{
	if (t->state != TASK_BLOCKED)
		return;
	if (t->timer.pending || sched.slicing || t->io_wait) {
		wake_slow(t, status);
		return;
	}
	/* The common case calls nothing, so it keeps no frame. */
	t->wake_status = status;
	run_enqueue(t);
}

IRAM void task_wake(struct task *t, int status)
{
	arch_irq_t irq = arch_irq_save();
	task_wake_masked(t, status);
	arch_irq_restore(irq);
}

void task_sleep_until(uint64_t deadline)
{
	arch_irq_t irq = arch_irq_save();
	if (deadline > nanotime())
		task_block(deadline, false);
	arch_irq_restore(irq);
}

void task_sleep(uint64_t ns)
{
	task_sleep_until(nanotime() + ns);
}

void sched_set_time_slice(uint64_t ns)
{
	arch_irq_t irq = arch_irq_save();
	sched.time_slice = ns;
	sched.slicing = ns != 0;
	sched.need_resched &= sched.slicing; /* a slice that ran out before */
	if (ns && sched.run_head)
		timer_start(&sched.slice_timer, nanotime() + ns, slice_expired);
	else
		timer_stop(&sched.slice_timer);
	arch_irq_restore(irq);
}

void preempt_disable(void)
{
	sched.current->preempt_off++;
}

void preempt_enable(void)
{
	sched.current->preempt_off--;
}

void sched_set_hooks(const struct sched_hooks *h)
{
	arch_irq_t irq = arch_irq_save();
	sched.hooks = h;
	sched.resume_work = h || sched.dead;
	arch_irq_restore(irq);
}

IRAM void sched_interrupt_exit(void)
{
	if (!sched.need_resched || sched.idling || sched.current->preempt_off || sched.current->state != TASK_RUNNING)
		return;
	if (sched.hooks && sched.hooks->on_preempt && !sched.hooks->on_preempt(sched.current)) {
		sched.need_resched = false;
		timer_start(&sched.slice_timer, nanotime() + sched.time_slice, slice_expired);
		return;
	}
	task_yield();
}

/* Where the scheduler's lists live, for the snapshot checker (layout.h). */
const struct sched_roots sched_roots = {&sched.current, &sched.run_head, &sched.run_tail, &sched.dead, &sched.all_tasks};
