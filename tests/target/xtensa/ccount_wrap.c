/*
 * ccount_wrap.c (lx106) — nanotime stays monotonic and continuous when the
 * 32-bit CCOUNT wraps: CCOUNT is set just below 2^32, then read across it.
 * At every step nanotime() (the build-time factor on a reference point) lies
 * between the widened counter's nanoseconds read before and after it.
 */
#include <stdint.h>
#include "arch.h"
#include "clock.h"
#include "../tap.h"

int main(void)
{
	uint64_t before = nanotime();
	__asm__ volatile("wsr %0, ccount\n\tisync" ::"a"(0xfff00000u)); /* ~1M cycles before the wrap */
	uint32_t a0 = (uint32_t)arch_counter();
	uint64_t last = nanotime(), first = last;
	uint32_t a1 = (uint32_t)arch_counter();
	int backwards = 0, wrapped = 0, outside = 0, steps = 0;
	uint32_t prev = (uint32_t)arch_counter();
	while (!wrapped || (uint32_t)arch_counter() < 0x00100000u) {
		uint64_t lo = clock_ticks_to_ns(clock_ticks());
		uint64_t now = nanotime();
		uint64_t hi = clock_ticks_to_ns(clock_ticks());
		outside += now < lo || now > hi;
		steps++;
		backwards += now < last;
		last = now;
		uint32_t c = (uint32_t)arch_counter();
		wrapped |= c < prev;
		prev = c;
	}
	uint32_t b0 = (uint32_t)arch_counter();
	last = nanotime();
	uint32_t b1 = (uint32_t)arch_counter();
	CHECK(last > before, "nanotime after the CCOUNT jump is past the boot time");
	CHECK(wrapped, "CCOUNT wrapped");
	CHECK(backwards == 0, "nanotime never went backwards across the wrap");
	CHECK(outside == 0, "nanotime agreed with the widened counter at all %d steps (%d outside)", steps, outside);
	/* the cycles between the two readings, counted mod 2^32 across the wrap:
	   at least those from after the first to before the last, at most those
	   from before the first to after the last */
	uint64_t elapsed = last - first;
	CHECK(elapsed >= clock_ticks_to_ns(b0 - a1) && elapsed <= clock_ticks_to_ns(b1 - a0),
	      "elapsed time across the wrap is the elapsed cycles (%llu ns for %u cycles)", (unsigned long long)elapsed,
	      (unsigned)(b0 - a1));
	return tap_done();
}
