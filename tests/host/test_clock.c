/*
 * test_clock.c — tick conversion exact at the boards' frequencies, the 32-bit
 * counter widened across wraps, nanotime monotonic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "clock.h"

static void exact_at_board_rates(void **state)
{
	(void)state;
	static const struct {
		uint32_t hz;
		uint64_t ticks, ns;
	} cases[] = {
		{40000000, 40000000, 1000000000},     /* qemu-lx106 CCOUNT */
		{80000000, 0xffffffffull, 53687091187ull}, /* the chip: one full CCOUNT wrap, 12.5 ns each */
		{80000000, 1ull << 40, 13743895347200ull},
		{10000000, 123456789, 12345678900ull}, /* virt timebase */
		{1000000000, 987654321987ull, 987654321987ull},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		clock_init(cases[i].hz);
		assert_int_equal(clock_ticks_to_ns(cases[i].ticks), cases[i].ns);
	}
}

static void widens_across_wraps(void **state)
{
	(void)state;
	uint32_t now = 0xffff0000u;
	struct counter32 c = {now, 0};
	uint64_t last = now;
	for (int i = 0; i < 100000; i++) {
		now += 0x1234567u; /* wraps every ~56 steps */
		uint64_t wide = counter32_extend(&c, now);
		assert_true(wide > last);
		assert_int_equal((uint32_t)wide, now);
		last = wide;
	}
	assert_int_equal(c.wraps, (0xffff0000ull + 100000ull * 0x1234567u) >> 32);
}

static void nanotime_is_monotonic(void **state)
{
	(void)state;
	clock_init(1000000000);
	uint64_t last = nanotime();
	for (int i = 0; i < 100000; i++) {
		uint64_t now = nanotime();
		assert_true(now >= last);
		last = now;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_at_board_rates),
		cmocka_unit_test(widens_across_wraps),
		cmocka_unit_test(nanotime_is_monotonic),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
