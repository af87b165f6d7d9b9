/*
 * clock.h — nanotime(): 64-bit monotonic nanoseconds since boot, from the
 * arch's free-running counter at the frequency the board reports.
 */
#pragma once
#include <stdint.h>
#include "arch.h"
#include "board_config.h"

/* counter_hz must be BOARD_COUNTER_HZ where the board fixes one at build
   time (a board whose counter runs at another rate panics here). */
void clock_init(uint32_t counter_hz);
uint64_t nanotime(void);

/* The counter, widened to 64 bits (lx106's 32-bit CCOUNT is extended). */
uint64_t clock_ticks(void);
uint64_t clock_ticks_to_ns(uint64_t ticks);
uint64_t clock_ns_to_ticks(uint64_t ns); /* rounds up */

/*
 * Widening a 32-bit counter: it must be read at least once per wrap
 * (53 s at 80 MHz), which the scheduler's timer guarantees.
 */
struct counter32 {
	uint32_t last;
	uint32_t wraps;
};
uint64_t counter32_extend(struct counter32 *c, uint32_t now);

/*
 * The build-time conversion: a counter at hz ticks 1e9 / hz ns, which for
 * the boards' rates is mul / 2^shift exactly with mul < 2^16 (40 MHz: 25/1,
 * 80 MHz: 25/2, 160 MHz: 25/4, 10 MHz: 100/1, 1 GHz: 1/1). CLOCK_SHIFT is -1
 * for a rate with no such form (then conversions scale at run time).
 */
#define CLOCK_DIVISOR(hz) ((hz) ? (uint64_t)(hz) : 1u) /* a rate of 0 (found at run time) fits nothing */
#define CLOCK_FITS(hz, s)                                                                                      \
	((hz) && (1000000000ull << (s)) % CLOCK_DIVISOR(hz) == 0 && (1000000000ull << (s)) / CLOCK_DIVISOR(hz) < 65536)
#define CLOCK_SHIFT(hz)                                                                                        \
	(CLOCK_FITS(hz, 0)   ? 0                                                                               \
	 : CLOCK_FITS(hz, 1) ? 1                                                                               \
	 : CLOCK_FITS(hz, 2) ? 2                                                                               \
	 : CLOCK_FITS(hz, 3) ? 3                                                                               \
	 : CLOCK_FITS(hz, 4) ? 4                                                                               \
	 : CLOCK_FITS(hz, 5) ? 5                                                                               \
	 : CLOCK_FITS(hz, 6) ? 6                                                                               \
	 : CLOCK_FITS(hz, 7) ? 7                                                                               \
	 : CLOCK_FITS(hz, 8) ? 8                                                                               \
			     : -1)
#define CLOCK_MUL(hz) (CLOCK_SHIFT(hz) < 0 ? 0u : (uint32_t)((1000000000ull << CLOCK_SHIFT(hz)) / CLOCK_DIVISOR(hz)))

/*
 * ticks * mul / 2^shift, exact for every ticks whose result fits in 64 bits:
 * the high word's product is a whole number of ns once shifted (shift < 32),
 * so only the low word's is rounded down, as the exact quotient is.
 */
static inline __attribute__((always_inline)) uint64_t clock_exact_ns(uint64_t ticks, uint32_t mul, int shift)
{
	uint32_t high = (uint32_t)(ticks >> 32), low = (uint32_t)ticks;
	return (arch_mul_wide(high, mul) << (32 - shift)) + (arch_mul_wide(low, mul) >> shift);
}

/* This build's factor, from the board's rate. */
#define CLOCK_BUILD_EXACT (CLOCK_SHIFT(BOARD_COUNTER_HZ) >= 0)
#define CLOCK_BUILD_SHIFT (CLOCK_BUILD_EXACT ? CLOCK_SHIFT(BOARD_COUNTER_HZ) : 0)
#define CLOCK_BUILD_MUL CLOCK_MUL(BOARD_COUNTER_HZ)
/* ticks since ref whose nanoseconds (times mul) still fit in 32 bits */
#define CLOCK_BUILD_LIMIT (CLOCK_BUILD_EXACT ? 0xffffffffu / CLOCK_BUILD_MUL : 0)

/* A 32-bit counter's reference point (clock.c states its invariant). */
struct clock_ref {
	uint32_t ref;    /* a counter value */
	uint64_t ref_ns; /* nanotime at ref */
};
extern struct clock_ref clock_ref;
uint64_t nanotime_refresh(arch_irq_t irq, uint32_t now); /* restores irq */

/*
 * nanotime() inline, for callers where the call is a good part of its cost
 * (boards with a build-time rate; nanotime() is this, out of line).
 */
static inline __attribute__((always_inline)) uint64_t nanotime_inline(void)
{
	if (!CLOCK_BUILD_EXACT)
		return nanotime();
	if (ARCH_COUNTER_BITS == 64)
		return clock_exact_ns(arch_counter(), CLOCK_BUILD_MUL, CLOCK_BUILD_SHIFT);
	/* ref and ref_ns are read together with the counter */
	arch_irq_t irq = arch_irq_save();
	uint32_t now = (uint32_t)arch_counter(), since = now - clock_ref.ref;
	if (__builtin_expect(since > CLOCK_BUILD_LIMIT, 0))
		return nanotime_refresh(irq, now);
	uint64_t ns = clock_ref.ref_ns + ((since * CLOCK_BUILD_MUL) >> CLOCK_BUILD_SHIFT);
	arch_irq_restore(irq);
	return ns;
}
