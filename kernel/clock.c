/*
 * clock.c — monotonic nanoseconds from the arch counter, and back.
 *
 * nanotime() converts with the board's build-time factor (clock.h:
 * BOARD_COUNTER_HZ as mul / 2^shift), exact to the nanosecond. On the lx106
 * the invariant is: `ref` is a CCOUNT value (a multiple of 2^shift) no more
 * than 2^31 + LIMIT ticks old, and ref_ns is nanotime at ref. So the ticks
 * since ref never wrap, and while there are at most LIMIT of them their
 * nanoseconds are one 32-bit product: the common case is that product added
 * to ref_ns. Older, and ref moves up (refresh, out of line); clock_ticks(),
 * which the scheduler's idle calls at least every half CCOUNT wrap, moves it
 * too, which is what bounds its age.
 *
 * Everything else, and boards whose rate is only known at run time (the
 * host), multiplies by a fixed-point factor whole + fraction / 2^32 chosen
 * at init (the only division): four 32x32->64 products and shifts by exactly
 * 32 (one 64x64->128 product where the ISA has one: arch_mul_fixed), no
 * 64-bit division (the lx106 has no divider) and no library call, so
 * it runs from IRAM inside a top half. ticks->ns is exact for 10, 40, 80 and
 * 160 MHz and 1 GHz; ns->ticks (timer deadlines) rounds up, so a timer never
 * fires early by the conversion.
 */
#include "clock.h"
#include "arch.h"
#include "panic.h"

#define EXACT CLOCK_BUILD_EXACT
#define SHIFT CLOCK_BUILD_SHIFT
#define MUL CLOCK_BUILD_MUL
#define LIMIT CLOCK_BUILD_LIMIT

/* A 32.32 fixed-point factor: whole << 32 | fraction. */
typedef uint64_t scale;

static scale to_ns, to_ticks;

struct clock_ref clock_ref;
static struct counter32 wide;

/* num / den as a 32.32 factor, the fraction rounded down or up. */
static scale scale_for(uint64_t num, uint64_t den, int round_up)
{
	uint64_t rest = num % den;
	uint64_t fraction = (rest << 32) / den;
	if (round_up && ((rest << 32) % den) && fraction < 0xffffffffu)
		fraction++;
	return (uint64_t)(uint32_t)(num / den) << 32 | fraction;
}

void clock_init(uint32_t counter_hz)
{
	if (EXACT && counter_hz != BOARD_COUNTER_HZ)
		panic("clock: the counter runs at another rate than BOARD_COUNTER_HZ says");
	to_ns = scale_for(1000000000u, counter_hz, 0);
	to_ticks = scale_for(counter_hz, 1000000000u, 1);
	clock_ref.ref = 0;
	clock_ref.ref_ns = 0;
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

/* With interrupts masked: the counter widened, and ref moved up to it when
   it has grown too old for the 32-bit fast path. */
static IRAM uint64_t widen(uint32_t now)
{
	uint64_t ticks = counter32_extend(&wide, now);
	if (EXACT && now - clock_ref.ref > LIMIT) {
		uint32_t align = (1u << SHIFT) - 1;
		clock_ref.ref = now & ~align;
		clock_ref.ref_ns = clock_exact_ns(ticks & ~(uint64_t)align, MUL, SHIFT);
	}
	return ticks;
}

IRAM uint64_t clock_ticks(void)
{
	if (ARCH_COUNTER_BITS == 64)
		return arch_counter();
	arch_irq_t irq = arch_irq_save();
	uint64_t ticks = widen((uint32_t)arch_counter());
	arch_irq_restore(irq);
	return ticks;
}

IRAM uint64_t clock_ticks_to_ns(uint64_t ticks)
{
	return arch_mul_fixed(ticks, to_ns);
}

IRAM uint64_t clock_ns_to_ticks(uint64_t ns)
{
	return arch_mul_fixed(ns, to_ticks);
}

IRAM uint64_t nanotime_refresh(arch_irq_t irq, uint32_t now)
{
	uint64_t ns = clock_exact_ns(widen(now), MUL, SHIFT);
	arch_irq_restore(irq);
	return ns;
}

IRAM uint64_t nanotime(void)
{
	if (!EXACT)
		return clock_ticks_to_ns(clock_ticks());
	return nanotime_inline();
}
