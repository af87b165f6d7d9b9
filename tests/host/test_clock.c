/*
 * test_clock.c — tick conversion exact at the boards' frequencies, the
 * build-time factor exact over the counter's whole range, the run-time
 * factor's four-product form (the targets') exact, the 32-bit counter
 * widened across wraps, nanotime monotonic and in step with CLOCK_MONOTONIC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>
#include "board.h"
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

/* floor(ticks * 1e9 / hz), or ~0 when it does not fit in 64 bits */
static uint64_t reference_ns(uint64_t ticks, uint32_t hz)
{
	unsigned __int128 ns = (unsigned __int128)ticks * 1000000000u / hz;
	return ns >> 64 ? ~0ull : (uint64_t)ns;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * The build-time factor (clock.h: 1e9 / hz as mul / 2^shift) for every
 * board rate, and its conversion exact wherever the result fits in 64 bits:
 * at every power of two and its neighbours, at the last tick that fits, and
 * at 10^6 random counts spread over every magnitude. The lx106's form —
 * ns at an aligned reference plus (ticks since it) * mul >> shift, for up to
 * LIMIT ticks — agrees with it too.
 */
static void build_time_factor_exact_over_the_whole_range(void **state)
{
	(void)state;
	static const uint32_t rates[] = {40000000, 80000000, 160000000, 10000000, 1000000000, 26000000};
	for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
		uint32_t hz = rates[r];
		int shift = CLOCK_SHIFT(hz);
		uint32_t mul = CLOCK_MUL(hz);
		if (hz == 26000000) { /* 1e9 / 26e6 has a factor 13: no exact form, run-time scaling */
			assert_int_equal(shift, -1);
			continue;
		}
		assert_true(shift >= 0 && shift <= 8 && mul > 0 && mul < 65536);
		assert_true((uint64_t)mul * hz == 1000000000ull << shift);
		/* the last count whose nanoseconds fit in 64 bits */
		uint64_t last = (uint64_t)(((unsigned __int128)1 << 64) * hz / 1000000000u);
		while (reference_ns(last, hz) == ~0ull)
			last--;
		for (int k = 0; k < 64; k++)
			for (int d = -1; d <= 1; d++) {
				uint64_t t = (1ull << k) + (uint64_t)d;
				if (t <= last)
					assert_int_equal(clock_exact_ns(t, mul, shift), reference_ns(t, hz));
			}
		assert_int_equal(clock_exact_ns(last, mul, shift), reference_ns(last, hz));
		for (int i = 0; i < 1000000; i++) {
			uint64_t t = next_random() >> (next_random() % 64);
			if (t > last)
				t = last - (t & 0xffff);
			assert_int_equal(clock_exact_ns(t, mul, shift), reference_ns(t, hz));
		}
		uint32_t limit = 0xffffffffu / mul, align = (1u << shift) - 1;
		for (int i = 0; i < 100000; i++) {
			uint64_t ref = (next_random() % (last - limit)) & ~(uint64_t)align;
			uint32_t since = i < 2 ? (uint32_t)i * limit : (uint32_t)(next_random() % ((uint64_t)limit + 1));
			uint64_t ns = clock_exact_ns(ref, mul, shift) + ((since * mul) >> shift);
			assert_int_equal(ns, reference_ns(ref + since, hz));
		}
	}
}

/*
 * The run-time factor's product as the lx106 and RISC-V make it, from four
 * 32x32 products (arch_mul_fixed_halves; the host makes it with one 128-bit
 * multiply), against 128-bit arithmetic: every pair of extreme values, the
 * clock's factors for the boards' rates and a 2.6 GHz TSC, and 10^6 random
 * pairs spread over every magnitude.
 */
static uint64_t reference_fixed(uint64_t x, uint64_t factor)
{
	return (uint64_t)((unsigned __int128)x * factor >> 32);
}

static void fixed_point_product_by_halves_exact(void **state)
{
	(void)state;
	static const uint64_t values[] = {
		0, 1, 0xffffffffu, 1ull << 32, (1ull << 32) + 1, ~0ull, 0x8000000000000000ull,
		25ull << 32, (1000000000ull << 32) / 2600000000u, (26000000ull << 32) / 1000000000u,
	};
	size_t count = sizeof values / sizeof values[0];
	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; j < count; j++)
			assert_int_equal(arch_mul_fixed_halves(values[i], values[j]), reference_fixed(values[i], values[j]));
	for (int i = 0; i < 1000000; i++) {
		uint64_t x = next_random() >> (next_random() % 64), factor = next_random() >> (next_random() % 64);
		assert_int_equal(arch_mul_fixed_halves(x, factor), reference_fixed(x, factor));
	}
}

/*
 * On the host the counter is the TSC (or the generic timer), its rate
 * measured once at start: over 0.2 s nanotime() keeps pace with
 * CLOCK_MONOTONIC to within 0.05% (each reading bracketed by two of the
 * other clock, the tightest of several brackets kept).
 */
static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void reading(uint64_t *ours, uint64_t *mono)
{
	uint64_t best = ~0ull;
	for (int i = 0; i < 1000 && best > 2000; i++) {
		uint64_t m0 = monotonic_ns(), t = nanotime(), m1 = monotonic_ns();
		if (m1 - m0 < best) {
			best = m1 - m0;
			*ours = t;
			*mono = m0 + (m1 - m0) / 2;
		}
	}
}

static void host_counter_keeps_pace_with_clock_gettime(void **state)
{
	(void)state;
	clock_init(board_counter_hz());
	uint64_t ours0, mono0, ours1, mono1;
	reading(&ours0, &mono0);
	struct timespec pause = {0, 200000000};
	nanosleep(&pause, 0);
	reading(&ours1, &mono1);
	double ratio = (double)(ours1 - ours0) / (double)(mono1 - mono0);
	if (ratio < 0.9995 || ratio > 1.0005)
		fail_msg("nanotime ran %.6f times as fast as CLOCK_MONOTONIC", ratio);
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
		cmocka_unit_test(build_time_factor_exact_over_the_whole_range),
		cmocka_unit_test(fixed_point_product_by_halves_exact),
		cmocka_unit_test(host_counter_keeps_pace_with_clock_gettime),
		cmocka_unit_test(widens_across_wraps),
		cmocka_unit_test(nanotime_is_monotonic),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
