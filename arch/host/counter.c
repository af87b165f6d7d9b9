/*
 * counter.c (host) — the rate of arch_counter(): the generic timer's
 * frequency register on AArch64; on x86-64 the TSC, when the CPU says it is
 * invariant (constant rate in every P- and C-state), measured once against
 * CLOCK_MONOTONIC. Without an invariant TSC the counter is CLOCK_MONOTONIC
 * itself, in nanoseconds.
 */
#include <time.h>
#include "arch.h"

int host_counter_is_clock;
int64_t host_counter_offset_ns;

uint64_t host_monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#if defined(__x86_64__)
#include <cpuid.h>

/* CPUID 0x80000007, EDX bit 8: invariant TSC (Intel SDM vol. 2, CPUID). */
static int tsc_invariant(void)
{
	unsigned a, b, c, d;
	return __get_cpuid(0x80000007, &a, &b, &c, &d) && (d >> 8 & 1);
}

/* A TSC count and CLOCK_MONOTONIC taken together: the tightest bracket of
   many, the count in the middle of the bracket. */
static void pair(uint64_t *tsc, uint64_t *ns)
{
	uint64_t best = ~0ull;
	for (int i = 0; i < 2000 && best > 200; i++) {
		uint64_t t0 = __builtin_ia32_rdtsc(), m = host_monotonic_ns(), t1 = __builtin_ia32_rdtsc();
		if (i == 0 || t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*ns = m;
		}
	}
}

static uint32_t measure(void)
{
	if (!tsc_invariant())
		return 0;
	uint64_t tsc0, ns0, tsc1, ns1;
	pair(&tsc0, &ns0);
	struct timespec pause = {0, 20000000}; /* 20 ms: the brackets' error is ~10 ppm of it */
	nanosleep(&pause, 0);
	pair(&tsc1, &ns1);
	unsigned __int128 hz = (unsigned __int128)(tsc1 - tsc0) * 1000000000u / (ns1 - ns0);
	return hz > 0 && hz <= 0xffffffffu ? (uint32_t)hz : 0;
}
#else
static uint32_t measure(void)
{
	uint64_t hz;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	return hz > 0 && hz <= 0xffffffffu ? (uint32_t)hz : 0;
}
#endif

uint32_t arch_counter_hz(void)
{
	uint32_t hz = measure();
	if (!hz) {
		host_counter_is_clock = 1;
		hz = 1000000000u;
	}
	/* CLOCK_MONOTONIC at nanotime 0, for the board's POSIX timer */
	uint64_t count = arch_counter(), now = host_monotonic_ns();
	host_counter_offset_ns = (int64_t)(now - (uint64_t)((unsigned __int128)count * 1000000000u / hz));
	return hz;
}
