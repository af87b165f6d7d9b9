/*
 * snapshot.c — a live firmware for the snapshot checker (tests/system/snapshot.sh):
 * goroutines asleep, blocked on a channel and on the UART, exited, and printing.
 * When the host writes a fault number into snapshot_fault (gdb stub), it breaks
 * that one runtime invariant and freezes, so a RAM snapshot shows the damage:
 * with only the UART's interrupt left on, so the host can still ask for a dump
 * over it (snapshot.h). FAULT_PANIC instead lets the scheduler find the damage
 * and panic, which dumps RAM after its report.
 */
#include <stdio.h>
#include "board.h"
#include "chan.h"
#include "clock.h"
#include "layout.h"
#include "page.h"
#include "serial.h"
#include "snapshot.h"
#include "task.h"

#define MS 1000000ull
#define SMALL_STACK 768

enum fault {
	FAULT_NONE,
	FAULT_SP,              /* a sleeping task's saved sp below its stack */
	FAULT_CANARY,          /* a sleeping task's canary overwritten */
	FAULT_RING_COUNT,      /* a ring holding more than its capacity */
	FAULT_RING_MASK,       /* a ring whose mask is not capacity - 1 */
	FAULT_PAGE_TWICE,      /* two tasks claiming the same pages */
	FAULT_PAGE_DEAD,       /* an exited task that still holds its pages */
	FAULT_PAGE_UNLISTED,   /* pages held by a task missing from the task list */
	FAULT_PAGE_MAP,        /* a live task's stack pages marked free */
	FAULT_RUNQ_CYCLE,      /* the run queue loops */
	FAULT_RUNQ_STATE,      /* a task on the run queue that is not READY */
	FAULT_RUNQ_TAIL,       /* run_tail not the last element */
	FAULT_ALL_CYCLE,       /* the all-tasks list loops */
	FAULT_PANIC,           /* a canary overwritten, left for the scheduler to find */
	FAULT_PAGE_HEAD,       /* a free page marked as a later page of an allocation */
};

volatile uint32_t snapshot_fault; /* written by the host through the gdb stub */

static struct task *sleeper, *receiver;
static struct chan never;
static struct serial *uart; /* the board's console UART: its rings */

static void sleep_loop(void *arg)
{
	(void)arg;
	for (;;)
		task_sleep(5 * MS);
}

static void receive_forever(void *arg)
{
	int v;
	(void)arg;
	chan_recv(&never, &v);
}

static void read_uart(void *arg)
{
	char c;
	struct io_mode wait = {0};
	(void)arg;
	device_read(&uart->dev, &c, 1, &wait);
}

static void exit_at_once(void *arg)
{
	(void)arg;
}

static struct task **root(const void *address)
{
	return (struct task **)address;
}

static void corrupt(enum fault f)
{
	struct task **run_head = root(sched_roots.run_head), **run_tail = root(sched_roots.run_tail);
	struct task **all = root(sched_roots.all_tasks), *queued1 = 0;
	if (f >= FAULT_RUNQ_CYCLE && f <= FAULT_RUNQ_TAIL) {
		queued1 = task_spawn(exit_at_once, 0, SMALL_STACK, "queued1");
		task_spawn(exit_at_once, 0, SMALL_STACK, "queued2");
	}
	switch (f) {
	case FAULT_SP:
		sleeper->sp = (char *)sleeper->canary - 64;
		break;
	case FAULT_CANARY:
		*sleeper->canary = 0xdeadbeef;
		break;
	case FAULT_RING_COUNT:
		uart->tx.head = uart->tx.tail + ring_capacity(&uart->tx) + 1;
		break;
	case FAULT_RING_MASK:
		uart->rx.mask = 5;
		break;
	case FAULT_PAGE_TWICE:
		receiver->pages = sleeper->pages;
		break;
	case FAULT_PAGE_DEAD:
		receiver->state = TASK_DEAD;
		break;
	case FAULT_PAGE_UNLISTED:
		for (struct task **at = all; *at; at = &(*at)->all_next)
			if (*at == receiver) {
				*at = receiver->all_next;
				break;
			}
		break;
	case FAULT_PAGE_MAP: {
		uint8_t *map = *(uint8_t *const *)page_roots.map;
		uintptr_t base = *(const uintptr_t *)page_roots.base;
		uint32_t first = (uint32_t)(((uintptr_t)sleeper->pages - base) / PAGE_SIZE);
		for (uint32_t i = first; i < first + sleeper->page_count; i++)
			map[i] = PAGE_MAP_FREE;
		break;
	}
	case FAULT_RUNQ_CYCLE:
		(*run_tail)->next = *run_head;
		break;
	case FAULT_RUNQ_STATE:
		/* Not the run queue's head: on a slow run the sleeper's timer may
		   have queued it first. */
		queued1->state = TASK_BLOCKED;
		break;
	case FAULT_RUNQ_TAIL:
		*run_tail = *run_head;
		break;
	case FAULT_ALL_CYCLE: {
		struct task *last = *all;
		while (last->all_next)
			last = last->all_next;
		last->all_next = *all;
		break;
	}
	case FAULT_PAGE_HEAD: {
		uint8_t *map = *(uint8_t *const *)page_roots.map;
		uint32_t total = *(const uint32_t *)page_roots.total, i = 0;
		while (i < total && map[i] != PAGE_MAP_FREE) /* allocations stepped over by their length */
			i += page_map_span(map[i]);
		if (i < total)
			map[i] = PAGE_MAP_LATER; /* a later page, of no allocation */
		break;
	}
	case FAULT_NONE:
	case FAULT_PANIC:
		break;
	}
}

static void say(const char *s)
{
	while (*s)
		board_console_putc(*s++);
}

int main(void)
{
	snapshot_after_panic = true;
	chan_init(&never, 0, sizeof(int), 0);
	struct device *dev = device_find("uart0");
	if (!dev) {
		printf("snapshot: no uart0 on this board\n");
		return 1;
	}
	uart = dev->priv;
	sleeper = task_spawn(sleep_loop, 0, SMALL_STACK, "sleeper");
	receiver = task_spawn(receive_forever, 0, SMALL_STACK, "receiver");
	task_spawn(read_uart, 0, SMALL_STACK, "reader");
	task_spawn(exit_at_once, 0, SMALL_STACK, "exiter");
	task_sleep(20 * MS);
	printf("snapshot: ready\n");
	while (!snapshot_fault)
		task_sleep(10 * MS);
	printf("snapshot: injecting fault %u\n", (unsigned)snapshot_fault);
	task_sleep(20 * MS); /* the line leaves through the UART's interrupts */
	if (snapshot_fault == FAULT_PANIC) {
		*sleeper->canary = 0xdeadbeef; /* its next switch panics */
		for (;;)
			task_sleep(10 * MS);
	}
	/* Frozen from here: nothing may repair or trip over the damage. No timer
	   runs (a wake-up would touch the run queue); the UART's interrupt stays
	   on for a dump request, which it serves before it wakes anyone. */
	arch_irq_t irq = arch_irq_save();
	board_timer_disarm();
	corrupt((enum fault)snapshot_fault);
	say("snapshot: frozen\n");
	arch_irq_restore(irq);
	for (;;)
		;
}
