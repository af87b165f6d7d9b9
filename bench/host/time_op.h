/*
 * time_op.h — how the host benchmarks time an operation: ns per call, the
 * best of three runs of at least 0.2 s each, after a warm-up that sizes them;
 * or an operation and its peer together, in turns (time_pair). Shared by
 * bench/host/core.c and the malloc peers (bench/peer/malloc.c).
 */
#pragma once
#include <stdint.h>
#include <time.h>

#define MIN_NS 200000000ull /* each timed run lasts at least 0.2 s */

static inline uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The n for which one run of op(n) lasts at least min_ns (the warm-up too),
   and how long that run took. */
static inline uint64_t size_op(void (*op)(uint64_t n), uint64_t min_ns, uint64_t *took_ns)
{
	uint64_t n = 1000, took;
	for (;;) {
		uint64_t t0 = now_ns();
		op(n);
		took = now_ns() - t0;
		if (took >= min_ns)
			break;
		n = took < min_ns / 64 ? n * 64 : n * min_ns / took * 5 / 4;
	}
	*took_ns = took;
	return n;
}

/*
 * ns per call of op(n), which runs the operation n times: n grows until one
 * run lasts MIN_NS (also the warm-up), then the best of three runs of that n.
 */
static inline double time_op(void (*op)(uint64_t n))
{
	uint64_t took, n = size_op(op, MIN_NS, &took);
	uint64_t best = took;
	for (int run = 0; run < 3; run++) {
		uint64_t t0 = now_ns();
		op(n);
		took = now_ns() - t0;
		if (took < best)
			best = took;
	}
	return (double)best / (double)n;
}

/*
 * An operation and its peer, both in ns per call: TURNS runs of each in
 * turn, every run at least MIN_NS / 10, the best of each kept. On a shared
 * machine the load moves over seconds; taking turns puts both under the same
 * load, where timing one after the other can give one a quiet second and the
 * other a busy one.
 */
#define TURNS 12

static inline void time_pair(void (*op)(uint64_t n), void (*peer)(uint64_t n), double *op_ns, double *peer_ns)
{
	uint64_t took, n_op = size_op(op, MIN_NS / 10, &took), n_peer = size_op(peer, MIN_NS / 10, &took);
	uint64_t best_op = ~0ull, best_peer = ~0ull;
	for (int turn = 0; turn < TURNS; turn++) {
		uint64_t t0 = now_ns();
		op(n_op);
		uint64_t t1 = now_ns();
		peer(n_peer);
		uint64_t t2 = now_ns();
		if (t1 - t0 < best_op)
			best_op = t1 - t0;
		if (t2 - t1 < best_peer)
			best_peer = t2 - t1;
	}
	*op_ns = (double)best_op / (double)n_op;
	*peer_ns = (double)best_peer / (double)n_peer;
}
