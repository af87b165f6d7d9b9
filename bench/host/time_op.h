/*
 * time_op.h — how the host benchmarks time an operation: ns per call, the
 * best of three runs of at least 0.2 s each, after a warm-up that sizes them.
 * Shared by bench/host/core.c and the malloc peers (bench/peer/malloc.c).
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

/*
 * ns per call of op(n), which runs the operation n times: n grows until one
 * run lasts MIN_NS (also the warm-up), then the best of three runs of that n.
 */
static inline double time_op(void (*op)(uint64_t n))
{
	uint64_t n = 1000, took;
	for (;;) {
		uint64_t t0 = now_ns();
		op(n);
		took = now_ns() - t0;
		if (took >= MIN_NS)
			break;
		n = took < MIN_NS / 64 ? n * 64 : n * MIN_NS / took * 5 / 4;
	}
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
