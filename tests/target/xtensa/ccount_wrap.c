/*
 * ccount_wrap.c (lx106) — nanotime stays monotonic and continuous when the
 * 32-bit CCOUNT wraps: CCOUNT is set just below 2^32, then read across it.
 */
#include <stdint.h>
#include "arch.h"
#include "clock.h"
#include "../tap.h"

int main(void)
{
	uint64_t before = nanotime();
	__asm__ volatile("wsr %0, ccount\n\tisync" ::"a"(0xfff00000u)); /* ~1M cycles before the wrap */
	uint64_t last = nanotime(), first = last;
	int backwards = 0, wrapped = 0;
	uint32_t prev = (uint32_t)arch_counter();
	while (!wrapped || (uint32_t)arch_counter() < 0x00100000u) {
		uint64_t now = nanotime();
		backwards += now < last;
		last = now;
		uint32_t c = (uint32_t)arch_counter();
		wrapped |= c < prev;
		prev = c;
	}
	CHECK(last > before, "nanotime after the CCOUNT jump is past the boot time");
	CHECK(wrapped, "CCOUNT wrapped");
	CHECK(backwards == 0, "nanotime never went backwards across the wrap");
	uint64_t expected = clock_ticks_to_ns(0x00200000u); /* 2M cycles from 0xfff00000 to 0x00100000 */
	uint64_t elapsed = last - first;
	CHECK(elapsed > expected - expected / 20 && elapsed < expected + expected / 20,
	      "elapsed time across the wrap is the elapsed cycles (%llu ns)", (unsigned long long)elapsed);
	return tap_done();
}
