/*
 * clock.h — nanotime(): 64-bit monotonic nanoseconds since boot, from the
 * arch's free-running counter at the frequency the board reports.
 */
#pragma once
#include <stdint.h>

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
