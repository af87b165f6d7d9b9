/*
 * clock.c — monotonic nanoseconds from the arch counter, and back.
 *
 * A conversion is x * mult >> shift, with mult and shift chosen at init (the
 * only divisions) so that mult fits 32 bits and shift <= 32: the hot path is
 * two 32x32->64 multiplies and no 64-bit division, which the lx106 has no
 * instruction for. ticks->ns is exact for 10, 40, 80 and 160 MHz and 1 GHz;
 * ns->ticks (for timer deadlines) rounds up, so a timer never fires early
 * by the conversion.
 */
#include "clock.h"
#include "arch.h"

struct scale {
	uint32_t mult, shift;
};

static struct scale to_ns, to_ticks;
static struct counter32 wide;

/* The largest shift <= 32 for which mult = ceil(num << shift / den) fits 32 bits. */
static struct scale scale_for(uint64_t num, uint64_t den, int round_up)
{
	struct scale s = {0, 32};
	while (s.shift && (num << s.shift) / den > 0xffffffffu)
		s.shift--;
	uint64_t mult = (num << s.shift) / den;
	if (round_up && mult < 0xffffffffu && (num << s.shift) % den)
		mult++;
	s.mult = (uint32_t)mult;
	return s;
}

static uint64_t scale_apply(struct scale s, uint64_t x)
{
	uint32_t high = (uint32_t)(x >> 32), low = (uint32_t)x;
	return ((uint64_t)high * s.mult << (32 - s.shift)) + ((uint64_t)low * s.mult >> s.shift);
}

void clock_init(uint32_t counter_hz)
{
	to_ns = scale_for(1000000000u, counter_hz, 0);
	to_ticks = scale_for(counter_hz, 1000000000u, 1);
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
	return scale_apply(to_ns, ticks);
}

uint64_t clock_ns_to_ticks(uint64_t ns)
{
	return scale_apply(to_ticks, ns);
}

IRAM uint64_t nanotime(void)
{
	return clock_ticks_to_ns(clock_ticks());
}
