/*
 * goroutines.c — Go's concurrency model on the target: ping-pong, the
 * concurrent prime sieve, select fairness, close semantics, timers, wait
 * groups, mutexes and preemption. Runs on every target, TAP output.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "chan.h"
#include "clock.h"
#include "page.h"
#include "sync.h"
#include "task.h"
#include "tap.h"

#define MS 1000000ull
/* How late a timer may wake: the QEMU targets run under -icount, exact to
   the instruction. A Linux process shares its CPU with whatever else runs:
   beyond the slack, only the time the kernel kept it waiting for a CPU
   (/proc/self/schedstat's second field, ns) may make a timer later. */
#if defined(__linux__)
#define TIMER_SLACK (10 * MS)
static uint64_t cpu_wait(void)
{
	unsigned long long run, wait;
	FILE *f = fopen("/proc/self/schedstat", "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &run, &wait) != 2)
		wait = 0;
	fclose(f);
	return wait;
}
#else
#define TIMER_SLACK (1 * MS)
static uint64_t cpu_wait(void)
{
	return 0;
}
#endif
/* Small stacks: 80 KiB of DRAM on the lx106 must hold every goroutine here. */
#define SMALL_STACK 768

/* --- ping-pong --- */
static struct chan ping, pong;

static void ponger(void *arg)
{
	int n;
	(void)arg;
	while (chan_recv(&ping, &n)) {
		n++;
		chan_send(&pong, &n);
	}
}

static void ping_pong(void)
{
	chan_init(&ping, 0, sizeof(int), 0);
	chan_init(&pong, 0, sizeof(int), 0);
	CHECK(task_spawn(ponger, 0, SMALL_STACK, "ponger") != 0, "spawn a goroutine");
	int n = 0;
	for (int i = 0; i < 1000; i++) {
		chan_send(&ping, &n);
		chan_recv(&pong, &n);
	}
	chan_close(&ping);
	CHECK(n == 1000, "ping-pong: 1000 round trips over unbuffered channels (n=%d)", n);
}

/* --- the concurrent prime sieve (Go's classic example) --- */
struct filter {
	struct chan *in, *out;
	int prime;
};

static void generate(void *arg)
{
	struct chan *out = arg;
	for (int i = 2;; i++)
		chan_send(out, &i);
}

static void filter(void *arg)
{
	struct filter *f = arg;
	int i;
	for (;;) {
		chan_recv(f->in, &i);
		if (i % f->prime != 0)
			chan_send(f->out, &i);
	}
}

static void prime_sieve(void)
{
	enum { PRIMES = 25 };
	static struct chan chans[PRIMES + 1];
	static struct filter filters[PRIMES];
	static const int expected[PRIMES] = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
					     43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
	int got[PRIMES];
	chan_init(&chans[0], 0, sizeof(int), 0);
	int spawned = task_spawn(generate, &chans[0], SMALL_STACK, "generate") != 0;
	struct chan *ch = &chans[0];
	for (int i = 0; i < PRIMES; i++) {
		chan_recv(ch, &got[i]);
		chan_init(&chans[i + 1], 0, sizeof(int), 0);
		filters[i] = (struct filter){ch, &chans[i + 1], got[i]};
		spawned += task_spawn(filter, &filters[i], SMALL_STACK, "filter") != 0;
		ch = &chans[i + 1];
	}
	CHECK(spawned == PRIMES + 1 && memcmp(got, expected, sizeof got) == 0,
	      "prime sieve: the first %d primes through %d goroutines", PRIMES, spawned);
}

/* --- select --- */
static void select_fairness(void)
{
	static int buf_a[1], buf_b[1];
	struct chan a, b;
	chan_init(&a, buf_a, sizeof(int), 1);
	chan_init(&b, buf_b, sizeof(int), 1);
	int chosen[2] = {0, 0}, v = 7, got;
	for (int round = 0; round < 10000; round++) {
		if (chan_len(&a) == 0)
			chan_send(&a, &v);
		if (chan_len(&b) == 0)
			chan_send(&b, &v);
		struct select_case cases[2] = {{&a, SELECT_RECV, &got, false}, {&b, SELECT_RECV, &got, false}};
		chosen[chan_select(cases, 2, false, 0)]++;
	}
	CHECK(chosen[0] > 4500 && chosen[1] > 4500, "select: fair among ready cases (%d / %d of 10000)", chosen[0],
	      chosen[1]);

	struct select_case none[1] = {{&a, SELECT_RECV, &got, false}};
	while (chan_len(&a)) /* the last round may have left a value in a */
		chan_recv(&a, &got);
	CHECK(chan_select(none, 1, true, 0) == SELECT_DEFAULT, "select: default case when nothing is ready");
	uint64_t t0 = nanotime();
	CHECK(chan_select(none, 1, false, t0 + 2 * MS) == -ETIMEDOUT && nanotime() - t0 >= 2 * MS,
	      "select: deadline passes with nothing ready");
	int x = 5;
	struct select_case mixed[2] = {{&a, SELECT_SEND, &x, false}, {&b, SELECT_RECV, &got, false}};
	int which = chan_select(mixed, 2, false, 0);
	CHECK((which == 0 && chan_len(&a) == 1) || (which == 1 && got == 7), "select: a send case and a receive case");
}

/* --- close semantics --- */
static void close_semantics(void)
{
	static int storage[4];
	struct chan c;
	chan_init(&c, storage, sizeof(int), 4);
	for (int i = 1; i <= 3; i++)
		chan_send(&c, &i);
	chan_close(&c);
	int v, sum = 0, n = 0;
	while (chan_recv(&c, &v)) { /* Go's: for v := range c */
		sum += v;
		n++;
	}
	CHECK(n == 3 && sum == 6, "close: buffered values drain after close (range loop got %d values)", n);
	v = 99;
	CHECK(!chan_recv(&c, &v) && v == 0, "close: receive on a closed, empty channel gives the zero value, !ok");
	CHECK(chan_recv_until(&c, &v, 0) == -EPIPE, "close: recv_until reports EPIPE");
}

static struct chan blocked_recv;
static int woken_ok = -1;

static void waiter(void *arg)
{
	int v;
	(void)arg;
	woken_ok = chan_recv(&blocked_recv, &v);
}

static void close_wakes_receivers(void)
{
	chan_init(&blocked_recv, 0, sizeof(int), 0);
	task_spawn(waiter, 0, SMALL_STACK, "waiter");
	task_yield();
	chan_close(&blocked_recv);
	task_yield();
	CHECK(woken_ok == 0, "close: wakes a blocked receiver with !ok");
}

/* --- timers --- */
static struct chan order;

static void sleeper(void *arg)
{
	int ms = (int)(intptr_t)arg;
	task_sleep((uint64_t)ms * MS);
	chan_send(&order, &ms);
}

static void timer_order_and_accuracy(void)
{
	static int storage[4];
	chan_init(&order, storage, sizeof(int), 4);
	static const int delays[4] = {30, 10, 40, 20};
	uint64_t t0 = nanotime(), waited = cpu_wait();
	for (int i = 0; i < 4; i++)
		task_spawn(sleeper, (void *)(intptr_t)delays[i], SMALL_STACK, "sleeper");
	int got[4];
	for (int i = 0; i < 4; i++)
		chan_recv(&order, &got[i]);
	CHECK(got[0] == 10 && got[1] == 20 && got[2] == 30 && got[3] == 40, "timers: sleepers wake in deadline order");
	uint64_t elapsed = nanotime() - t0;
	waited = cpu_wait() - waited;
	CHECK(elapsed >= 40 * MS && elapsed < 40 * MS + TIMER_SLACK + waited,
	      "timers: the 40 ms sleeper woke after %u us (%u us kept from the CPU)", (unsigned)(elapsed / 1000),
	      (unsigned)(waited / 1000));

	struct chan_timer after;
	t0 = nanotime();
	waited = cpu_wait();
	uint64_t fired;
	chan_recv(chan_after(&after, 5 * MS), &fired);
	waited = cpu_wait() - waited;
	CHECK(fired - t0 >= 5 * MS && fired - t0 < 5 * MS + TIMER_SLACK + waited,
	      "timers: chan_after fires once after 5 ms (%u us; %u us kept from the CPU)", (unsigned)((fired - t0) / 1000),
	      (unsigned)(waited / 1000));
	struct chan never;
	chan_init(&never, 0, sizeof(int), 0);
	int v;
	t0 = nanotime();
	CHECK(chan_recv_until(&never, &v, t0 + 3 * MS) == -ETIMEDOUT && nanotime() - t0 >= 3 * MS,
	      "timers: a receive with a deadline times out");
}

/* --- wait group and mutex --- */
static struct mutex lock;
static struct waitgroup group;
static int shared_total;

static void adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++) {
		mutex_lock(&lock);
		int v = shared_total;
		task_yield(); /* invite a race the mutex must prevent */
		shared_total = v + 1;
		mutex_unlock(&lock);
	}
	waitgroup_done(&group);
}

static void waitgroup_and_mutex(void)
{
	int spawned = 0;
	waitgroup_add(&group, 8);
	for (int i = 0; i < 8; i++)
		spawned += task_spawn(adder, 0, SMALL_STACK, "adder") != 0;
	CHECK(spawned == 8, "8 goroutines spawned");
	waitgroup_wait(&group);
	CHECK(shared_total == 800, "mutex and wait group: 8 goroutines x 100 locked increments = %d", shared_total);
}

/* --- preemption --- */
static volatile int stop_spinning, spins_done;
static volatile uint32_t ticks_seen;

static void spinner(void *arg)
{
	(void)arg;
	while (!stop_spinning)
		;
	spins_done = 1;
}

static void ticker(void *arg)
{
	(void)arg;
	while (!stop_spinning) {
		ticks_seen++;
		task_yield();
	}
}

static void preemption(void)
{
	sched_set_time_slice(1 * MS);
	stop_spinning = 0;
	task_spawn(spinner, 0, SMALL_STACK, "spinner");
	task_sleep(5 * MS); /* only preemption of the spinner lets main wake */
	stop_spinning = 1;
	task_sleep(2 * MS);
	CHECK(spins_done, "preemption: a busy loop is preempted and main wakes");

	stop_spinning = 0;
	task_spawn(ticker, 0, SMALL_STACK, "ticker");
	task_yield();
	preempt_disable();
	uint32_t before = ticks_seen;
	uint64_t t0 = nanotime();
	while (nanotime() - t0 < 5 * MS)
		;
	uint32_t during = ticks_seen - before;
	preempt_enable();
	task_sleep(3 * MS);
	uint32_t after = ticks_seen - before;
	stop_spinning = 1;
	task_sleep(1 * MS);
	sched_set_time_slice(0);
	CHECK(during == 0 && after > 0, "preemption: none inside a suppressed section (%u ticks), resumed after (%u)",
	      (unsigned)during, (unsigned)after);
}

/* --- scheduling hooks --- */
static volatile uint32_t hook_starts, hook_resumes, hook_preempt_calls, hook_deferrals;
static struct task *volatile hooked; /* the spinner: the task the hooks decide for */

static void on_start(struct task *t)
{
	hooked = t;
	hook_starts++;
}

/* The spinner's first four slices are the test's. Slices of other tasks, or
   after the fourth, are preempted as usual: on a loaded host a timer signal
   may come while main runs, before it sleeps or after it woke. */
static bool on_preempt(struct task *t)
{
	if (t != hooked || hook_preempt_calls == 4)
		return true;
	hook_preempt_calls++;
	if (hook_deferrals < 3) { /* defer the first three preemptions */
		hook_deferrals++;
		return false;
	}
	return true;
}

static void on_resume(struct task *t)
{
	(void)t;
	hook_resumes++;
}

static const struct sched_hooks test_hooks = {on_start, on_preempt, on_resume};

static void hooks(void)
{
	sched_set_hooks(&test_hooks);
	sched_set_time_slice(1 * MS);
	stop_spinning = 0;
	spins_done = 0;
	uint64_t t0 = nanotime();
	task_spawn(spinner, 0, SMALL_STACK, "spinner");
	task_sleep(2 * MS);
	uint64_t woke = nanotime() - t0;
	stop_spinning = 1;
	task_sleep(2 * MS);
	sched_set_time_slice(0);
	sched_set_hooks(0);
	CHECK(hook_starts == 1, "hooks: on_start ran once, for the new task (%u)", (unsigned)hook_starts);
	CHECK(hook_resumes >= 2, "hooks: on_resume ran at each switch in (%u)", (unsigned)hook_resumes);
	CHECK(hook_deferrals == 3 && hook_preempt_calls == 4,
	      "hooks: on_preempt deferred three preemptions, allowed the fourth (%u calls)", (unsigned)hook_preempt_calls);
	CHECK(spins_done && woke >= 4 * MS, "hooks: the deferrals delayed main's wake-up to %u us (a slice each)",
	      (unsigned)(woke / 1000));
}

/* --- goroutines until the pages run out, round after round --- */
static struct chan hold;

static void hold_until_closed(void *arg)
{
	int v;
	(void)arg;
	chan_recv(&hold, &v);
}

/* The all-tasks list's length, and whether every task's all_at points at
   the link that points to it (an exit unlinks through it). */
static uint32_t task_list_length(bool *linked)
{
	uint32_t n = 0;
	*linked = true;
	for (struct task *t = task_first(); t; t = t->all_next) {
		*linked &= *t->all_at == t;
		n++;
	}
	return n;
}

/*
 * From the pool as boot leaves it (its allocations packed at the front), a
 * round of goroutines of n pages each fits floor(free / n), and so does every
 * later round once the last one has exited: first fit strands no page.
 */
static void spawn_rounds(void)
{
	struct page_stats s;
	page_get_stats(&s);
	/* a few dozen goroutines whatever the pool's size: stacks of n - 1 pages
	   leave the task struct (and thread-local block) room in the n-th */
	uint32_t n = s.free / 40 > 2 ? s.free / 40 : 2;
	uint32_t stack = (n - 1) * PAGE_SIZE;
	bool linked;
	uint32_t tasks = task_list_length(&linked);
	for (int round = 1; round <= 3; round++) {
		chan_init(&hold, 0, sizeof(int), 0);
		page_get_stats(&s);
		uint32_t count = 0, pages = 0;
		struct task *t;
		while ((t = task_spawn(hold_until_closed, 0, stack, "holder")) != NULL) {
			count++;
			pages = t->page_count;
		}
		CHECK(pages == n && count == s.free / n, "page rounds: round %d fits %u goroutines of %u pages in %u free pages",
		      round, (unsigned)count, (unsigned)pages, (unsigned)s.free);
		chan_close(&hold);
		struct page_stats now;
		for (uint32_t i = 0; i <= count; i++) { /* each runs once, exits, and is freed */
			task_yield();
			page_get_stats(&now);
			if (now.free == s.free)
				break;
		}
		CHECK(now.free == s.free, "page rounds: round %d's goroutines exited and gave back every page (%u free)",
		      round, (unsigned)now.free);
		/* they exit oldest first: each is unlinked from the middle of the list */
		uint32_t left = task_list_length(&linked);
		CHECK(left == tasks && linked, "page rounds: round %d's goroutines left the task list (%u tasks, %u before)",
		      round, (unsigned)left, (unsigned)tasks);
	}
}

static void exit_at_once(void *arg)
{
	(void)arg;
}

/* A goroutine that exits with nothing else ready cannot free the stack the
   scheduler then idles on: it waits on the dead list, and the task that
   runs next frees it. */
static void exit_with_nothing_ready(void)
{
	struct page_stats before, now;
	bool linked;
	page_get_stats(&before);
	uint32_t tasks = task_list_length(&linked);
	CHECK(task_spawn(exit_at_once, 0, SMALL_STACK, "exits alone") != NULL, "exit alone: spawned");
	task_sleep(1 * MS); /* it runs and exits while main sleeps */
	page_get_stats(&now);
	uint32_t left = task_list_length(&linked);
	CHECK(now.free == before.free && left == tasks && linked,
	      "exit alone: freed by the task that ran next (%u free, %u before; %u tasks, %u before)", (unsigned)now.free,
	      (unsigned)before.free, (unsigned)left, (unsigned)tasks);
}

int main(void)
{
	struct page_stats before, after;
	spawn_rounds();
	exit_with_nothing_ready();
	page_get_stats(&before);
	ping_pong();
	prime_sieve();
	select_fairness();
	close_semantics();
	close_wakes_receivers();
	timer_order_and_accuracy();
	waitgroup_and_mutex();
	preemption();
	hooks();
	page_get_stats(&after);
	printf("# pages: %u free before, %u after (the sieve's goroutines still run)\n", (unsigned)before.free,
	       (unsigned)after.free);
	return tap_done();
}
