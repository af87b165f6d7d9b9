/*
 * count.h — instructions between count_begin and count_end, for the target
 * benchmarks. RISC-V: minstret. lx106: ICOUNT stops counting while
 * PS.INTLEVEL >= ICOUNTLEVEL, and arch_irq_save raises INTLEVEL to 15, so
 * every masked section (scheduler, channels, page allocator, work_schedule)
 * would vanish from it. CCOUNT does not: under -icount shift=0 the virtual
 * clock moves 1 ns per instruction, so CCOUNT ticks converted to ns are
 * instructions, to within one tick (25 at 40 MHz) over a whole measured loop.
 */
#pragma once
#include <stdint.h>
#include "arch.h"
#include "clock.h"

#if defined(__xtensa__)
static uint32_t count_start;
static inline void count_begin(void)
{
	count_start = (uint32_t)arch_counter();
}
static inline uint32_t count_end(void)
{
	return (uint32_t)clock_ticks_to_ns((uint32_t)arch_counter() - count_start);
}
#else
#define count_begin arch_count_begin
#define count_end arch_count_end
#endif
