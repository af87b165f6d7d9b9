/*
 * core.c (targets) — instructions per operation for the core runtime: ring,
 * page allocator, nanotime, context switch, channel round trip, goroutine
 * spawn+exit, and the memory an idle goroutine costs. Run by bench/core.sh.
 */
#include <stdio.h>
#include <string.h>
#include "arch.h"
#include "chan.h"
#include "clock.h"
#include "count.h"
#include "page.h"
#include "ring.h"
#include "task.h"

#if defined(__xtensa__)
#define TARGET_NAME "qemu-lx106"
#define COUNTER "CCOUNT ticks x 25 under -icount shift=0, within 0.003/op"
#elif __riscv_xlen == 32
#define TARGET_NAME "rv32"
#define COUNTER "minstret"
#else
#define TARGET_NAME "rv64"
#define COUNTER "minstret"
#endif

#define N 10000      /* iterations per measurement */
#define RING_SIZE 1024
#define ROUNDS 10    /* put-only and get-only runs: N bytes in rounds that fit the ring */


/* Counts n runs of body; the barrier keeps an empty body a real loop. i_
   counts down, as the empty loop's counter does, so the loop costs the same
   with a body that reads it and the subtraction takes off exactly the loop. */
#define MEASURE(n, body)                                   \
	({                                                 \
		count_begin();                             \
		for (uint32_t i_ = (n); i_ != 0; i_--) {   \
			body;                              \
			__asm__ volatile("" ::: "memory"); \
		}                                          \
		count_end();                               \
	})

/* A result: instructions in tenths per operation, the empty loop taken off. */
struct result {
	const char *name;
	const char *what;
	uint32_t tenths;
};

static struct result results[16];
static int nresults;
static uint32_t empty_loop; /* instructions of MEASURE(N, ) */

static void record(const char *name, const char *what, uint32_t count, uint32_t empty, uint32_t ops)
{
	uint64_t net = count > empty ? count - empty : 0;
	results[nresults++] = (struct result){name, what, (uint32_t)((net * 10 + ops / 2) / ops)};
}

/* --- ring --- */
static struct ring ring;
static uint8_t ring_buf[RING_SIZE];

__attribute__((noinline)) static void bench_ring(void)
{
	/* the byte moved is any byte in a register: what a top half has after
	   reading its FIFO */
	uint8_t byte, out = 0x5a, chunk[64] __attribute__((aligned(4)));
	ring_init(&ring, ring_buf, RING_SIZE);
	uint32_t c = MEASURE(N, ring_put_inline(&ring, out); ring_get_inline(&ring, &byte));
	record("ring_put_get_1", "ring_put + ring_get, 1 byte, inline (ring.h)", c, empty_loop, N);

	/* put alone and get alone: N / ROUNDS bytes fill, then drain, the ring */
	uint32_t puts = 0, gets = 0, empty = 0;
	for (int round = 0; round < ROUNDS; round++) {
		puts += MEASURE(N / ROUNDS, ring_put_inline(&ring, out));
		gets += MEASURE(N / ROUNDS, ring_get_inline(&ring, &byte));
		empty += MEASURE(N / ROUNDS, );
	}
	record("ring_put_1", "ring_put alone, 1 byte, inline", puts, empty, N);
	record("ring_get_1", "ring_get alone, 1 byte, inline", gets, empty, N);

	memset(chunk, 0x5a, sizeof chunk);
	c = MEASURE(N, ring_put_bulk_inline(&ring, chunk, sizeof chunk); ring_get_bulk_inline(&ring, chunk, sizeof chunk));
	record("ring_bulk_64", "ring_put_bulk + ring_get_bulk, 64 bytes, inline", c, empty_loop, N);

	c = MEASURE(N, ring_put(&ring, out); ring_get(&ring, &byte));
	record("ring_put_get_1_call", "the same through the out-of-line calls (ring.c)", c, empty_loop, N);
	c = MEASURE(N, ring_put_bulk(&ring, chunk, sizeof chunk); ring_get_bulk(&ring, chunk, sizeof chunk));
	record("ring_bulk_64_call", "the same through the out-of-line calls", c, empty_loop, N);
}

/* --- pages and clock --- */
__attribute__((noinline)) static void bench_pages_and_clock(void)
{
	void *p;
	uint32_t c = MEASURE(N, p = page_alloc(1); page_free(p, 1));
	record("page_alloc_free_1", "page_alloc(1) + page_free, fast path", c, empty_loop, N);
	c = MEASURE(N, p = page_alloc(4); page_free(p, 4));
	record("page_alloc_free_4", "page_alloc(4) + page_free, a 4-page run", c, empty_loop, N);

	volatile uint64_t sink;
	c = MEASURE(N, sink = nanotime_inline());
	record("nanotime", "nanotime(), inline (clock.h)", c, empty_loop, N);
	c = MEASURE(N, sink = nanotime());
	(void)sink;
	record("nanotime_call", "nanotime(), the call (clock.c)", c, empty_loop, N);
}

/* --- scheduler and channels --- */
static volatile int stop_partner;
static struct chan ping, pong;

static void yielder(void *arg)
{
	(void)arg;
	while (!stop_partner)
		task_yield();
}

static void echo(void *arg)
{
	uint32_t v;
	(void)arg;
	while (chan_recv(&ping, &v))
		chan_send(&pong, &v);
}

static void nothing(void *arg)
{
	(void)arg;
}

__attribute__((noinline)) static void bench_tasks(void)
{
	/* main yields to the partner, which yields back: two switches per loop */
	stop_partner = 0;
	task_spawn(yielder, 0, 0, "yielder");
	task_yield(); /* let it start, so the loop sees only steady-state switches */
	uint32_t c = MEASURE(N, task_yield());
	record("switch", "task_yield to another task, per switch", c, empty_loop, 2 * N);
	stop_partner = 1;
	task_yield(); /* it exits */

	chan_init(&ping, 0, sizeof(uint32_t), 0);
	chan_init(&pong, 0, sizeof(uint32_t), 0);
	task_spawn(echo, 0, 0, "echo");
	uint32_t v = 0;
	chan_send(&ping, &v);
	chan_recv(&pong, &v);
	c = MEASURE(N, chan_send(&ping, &v); chan_recv(&pong, &v));
	record("chan_round_trip", "unbuffered send + echo back, per round trip", c, empty_loop, N);
	chan_close(&ping);
	task_yield(); /* echo sees the close and exits */

	c = MEASURE(N, task_spawn(nothing, 0, 0, "nothing"); task_yield());
	record("spawn_exit", "task_spawn (default stack) + run + exit + free", c, empty_loop, N);
}

/* --- memory of an idle goroutine --- */
#define PAINT 0xa5a5a5a5u

static void block_forever(void *arg)
{
	uint32_t v;
	chan_recv(arg, &v); /* nobody ever sends */
}

/*
 * Spawns a goroutine that blocks on a channel and returns how many bytes of
 * its stack it has touched. Spawning only queues it, so its stack is painted
 * from the canary up to the initial context frame before it first runs.
 */
static uint32_t idle_stack_use(uint32_t stack_bytes, uint32_t *pages)
{
	static struct chan never;
	chan_init(&never, 0, sizeof(uint32_t), 0);
	struct task *t = task_spawn(block_forever, &never, stack_bytes, "idle");
	if (!t)
		return 0;
	for (uint32_t *w = t->canary + 1; w < (uint32_t *)t->sp; w++)
		*w = PAINT;
	task_yield(); /* it runs until it blocks */
	uint32_t *top = (uint32_t *)((uint8_t *)t - arch_tls_size());
	uint32_t *w = t->canary + 1;
	while (w < top && *w == PAINT)
		w++;
	*pages = t->page_count;
	return (uint32_t)((uint8_t *)top - (uint8_t *)w);
}

int main(void)
{
	empty_loop = MEASURE(N, );
	bench_ring();
	bench_pages_and_clock();
	bench_tasks();

	uint32_t pages_default = 0, pages_min = 0;
	uint32_t used_default = idle_stack_use(0, &pages_default);
	uint32_t used_min = idle_stack_use(ARCH_STACK_MIN, &pages_min);
	if (!used_default || !used_min) {
		printf("bench: no pages for an idle goroutine\n");
		return 1;
	}

	/* Printing only now: console output raises interrupts, which must not
	   land inside a measurement. */
	for (int i = 0; i < nresults; i++)
		printf("bench %s %s %u.%u\n", TARGET_NAME, results[i].name, (unsigned)(results[i].tenths / 10),
		       (unsigned)(results[i].tenths % 10));
	printf("bench %s idle_goroutine_bytes_default %u\n", TARGET_NAME, (unsigned)(pages_default * PAGE_SIZE));
	printf("bench %s idle_goroutine_bytes_min %u\n", TARGET_NAME, (unsigned)(pages_min * PAGE_SIZE));
	printf("bench %s idle_goroutine_stack_used %u\n", TARGET_NAME, (unsigned)used_default);
	printf("bench %s idle_goroutine_stack_used_min %u\n", TARGET_NAME, (unsigned)used_min);

	printf("\n%s: instructions per operation (%s; %u iterations, empty loop subtracted)\n", TARGET_NAME, COUNTER,
	       N);
	for (int i = 0; i < nresults; i++)
		printf("  %-20s %7u.%u  %s\n", results[i].name, (unsigned)(results[i].tenths / 10),
		       (unsigned)(results[i].tenths % 10), results[i].what);
	printf("  idle goroutine: %u B with the default stack (%u B asked), %u B with the minimum (%u B);\n"
	       "  struct task %u B; blocked on a channel it touched %u B of stack (%u B on the minimum)\n",
	       (unsigned)(pages_default * PAGE_SIZE), (unsigned)BOARD_STACK_DEFAULT, (unsigned)(pages_min * PAGE_SIZE),
	       (unsigned)ARCH_STACK_MIN, (unsigned)sizeof(struct task), (unsigned)used_default, (unsigned)used_min);
	return 0;
}
