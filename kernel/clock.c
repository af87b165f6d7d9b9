/*
 * clock.c — monotonic nanoseconds from the arch counter.
 *
 * ticks -> ns is ns = ticks * mult >> shift, with mult and shift chosen at
 * init (the only division) so that mult fits 32 bits: the hot path is two
 * 32x32->64 multiplies and no 64-bit division, which the lx106 has no
 * instruction for. For 10, 40, 80 and 160 MHz and 1 GHz, mult is exact.
 */
#include "clock.h"
#include "arch.h"

static uint32_t mult, shift;
static struct counter32 wide;

void clock_init(uint32_t counter_hz)
{
	shift = 31;
	while (shift && ((uint64_t)1000000000u << shift) / counter_hz > 0xffffffffu)
		shift--;
	mult = (uint32_t)(((uint64_t)1000000000u << shift) / counter_hz);
	wide.last = 0;
	wide.wraps = 0;
}

IRAM uint64_t counter32_extend(struct counter32 *c, uint32_t now)
{
	if (now < c->last)
		c->wraps++;
	c->last = now;
	return (uint64_t)c->wraps << 32 | now;
}

IRAM uint64_t clock_ticks(void)
{
	if (ARCH_COUNTER_BITS == 64)
		return arch_counter();
	arch_irq_t irq = arch_irq_save();
	uint64_t ticks = counter32_extend(&wide, (uint32_t)arch_counter());
	arch_irq_restore(irq);
	return ticks;
}

IRAM uint64_t clock_ticks_to_ns(uint64_t ticks)
{
	uint32_t high = (uint32_t)(ticks >> 32), low = (uint32_t)ticks;
	return ((uint64_t)high * mult << (32 - shift)) + ((uint64_t)low * mult >> shift);
}

IRAM uint64_t nanotime(void)
{
	return clock_ticks_to_ns(clock_ticks());
}
