/*
 * core.c (host) — ns/op for the core runtime as a Linux process, beside a
 * peer measured in the same process: Concurrency Kit's ck_ring and
 * clock_gettime. The page rows' peers (glibc malloc, tcmalloc, jemalloc) are
 * bench/peer/malloc.c; the goroutine rows' is Go itself (bench/go/core.go).
 */
#include <ck_ring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chan.h"
#include "clock.h"
#include "page.h"
#include "ring.h"
#include "task.h"
#include "time_op.h"

#define RING_SIZE 1024

#define BARRIER() __asm__ volatile("" ::: "memory")

/* --- ours --- */
static struct ring ring;
static uint8_t ring_buf[RING_SIZE];
static _Alignas(8) uint8_t chunk[64];

static void ring_put_get_1(uint64_t n)
{
	uint8_t b;
	for (uint64_t i = 0; i < n; i++) {
		ring_put_inline(&ring, (uint8_t)i);
		ring_get_inline(&ring, &b);
		BARRIER();
	}
}

/* From an empty ring, so no chunk straddles the buffer's end, as none does
   in ck_ring's ring of 64-byte slots (the 1-byte row leaves head anywhere). */
static void ring_bulk_64(uint64_t n)
{
	ring_init(&ring, ring_buf, RING_SIZE);
	for (uint64_t i = 0; i < n; i++) {
		ring_put_bulk_inline(&ring, chunk, sizeof chunk);
		ring_get_bulk_inline(&ring, chunk, sizeof chunk);
		BARRIER();
	}
}

static void page_alloc_free_1(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		void *p = page_alloc(1);
		BARRIER();
		page_free(p, 1);
	}
}

static void page_alloc_free_4(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		void *p = page_alloc(4);
		BARRIER();
		page_free(p, 4);
	}
}

static volatile uint64_t sink;

static void nanotime_op(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		sink = nanotime();
}

static volatile int stop_partner;

static void yielder(void *arg)
{
	(void)arg;
	while (!stop_partner)
		task_yield();
}

/* n switches: n / 2 yields of main, each answered by the partner's yield. */
static void switch_op(uint64_t n)
{
	stop_partner = 0;
	task_spawn(yielder, 0, 0, "yielder");
	for (uint64_t i = 0; i < n / 2; i++)
		task_yield();
	stop_partner = 1;
	task_yield();
}

static struct chan ping, pong;

static void echo(void *arg)
{
	uint32_t v;
	(void)arg;
	while (chan_recv(&ping, &v))
		chan_send(&pong, &v);
}

static void chan_round_trip(uint64_t n)
{
	chan_init(&ping, 0, sizeof(uint32_t), 0);
	chan_init(&pong, 0, sizeof(uint32_t), 0);
	task_spawn(echo, 0, 0, "echo");
	uint32_t v = 0;
	for (uint64_t i = 0; i < n; i++) {
		chan_send(&ping, &v);
		chan_recv(&pong, &v);
	}
	chan_close(&ping);
	task_yield();
}

static void nothing(void *arg)
{
	(void)arg;
}

static void spawn_exit(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		task_spawn(nothing, 0, 0, "nothing");
		task_yield();
	}
}

/* --- peers --- */
/* ck_ring's typed rings copy whole elements into their slots, as ours
   copies bytes: one slot of 1 byte, or one slot of a 64-byte chunk. */
struct byte1 {
	uint8_t b;
};
struct chunk64 {
	uint8_t b[64];
};
CK_RING_PROTOTYPE(byte1, byte1)
CK_RING_PROTOTYPE(chunk64, chunk64)

static struct ck_ring ck_bytes, ck_chunks;
static struct byte1 ck_byte_slots[RING_SIZE];
static struct chunk64 ck_chunk_slots[RING_SIZE / 64];

static void ck_put_get_1(uint64_t n)
{
	struct byte1 in, out;
	for (uint64_t i = 0; i < n; i++) {
		in.b = (uint8_t)i;
		ck_ring_enqueue_spsc_byte1(&ck_bytes, ck_byte_slots, &in);
		ck_ring_dequeue_spsc_byte1(&ck_bytes, ck_byte_slots, &out);
		BARRIER();
	}
}

static void ck_chunk_64(uint64_t n)
{
	struct chunk64 c = {{0}};
	for (uint64_t i = 0; i < n; i++) {
		ck_ring_enqueue_spsc_chunk64(&ck_chunks, ck_chunk_slots, &c);
		ck_ring_dequeue_spsc_chunk64(&ck_chunks, ck_chunk_slots, &c);
		BARRIER();
	}
}

static void clock_gettime_op(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		sink = now_ns();
}

struct row {
	const char *name;
	void (*ours)(uint64_t);
	const char *peer_name;
	void (*peer)(uint64_t);
};

static const struct row rows[] = {
	{"ring_put_get_1", ring_put_get_1, "ck_ring", ck_put_get_1},
	{"ring_bulk_64", ring_bulk_64, "ck_ring", ck_chunk_64},
	{"page_alloc_free_1", page_alloc_free_1, 0, 0}, /* peers: bench/peer/malloc.c */
	{"page_alloc_free_4", page_alloc_free_4, 0, 0},
	{"nanotime", nanotime_op, "clock_gettime", clock_gettime_op},
	{"switch", switch_op, 0, 0},
	{"chan_round_trip", chan_round_trip, 0, 0},
	{"spawn_exit", spawn_exit, 0, 0},
};

int main(void)
{
	ring_init(&ring, ring_buf, RING_SIZE);
	ck_ring_init(&ck_bytes, RING_SIZE);
	ck_ring_init(&ck_chunks, RING_SIZE / 64);
	/* Machine lines only: bench/core.sh joins them with the peers' lines. */
	for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		double ours, peer;
		if (r->peer) {
			time_pair(r->ours, r->peer, &ours, &peer);
			/* two decimals: a 1 ns operation rounded to 0.1 ns would move its ratio by 10% */
			printf("bench host %s %.2f %s %.2f %.3f\n", r->name, ours, r->peer_name, peer, ours / peer);
		} else {
			ours = time_op(r->ours);
			printf("bench host %s %.1f\n", r->name, ours);
		}
		fflush(stdout);
	}
	return 0;
}
