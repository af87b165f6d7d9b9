/*
 * test_page.c — the page allocator against a reference model: 10^6 random
 * allocations and frees, with every misuse the allocator must catch and
 * every statistic it keeps.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "page.h"

#define REGION_PAGES 300
static _Alignas(PAGE_SIZE) uint8_t region[REGION_PAGES * PAGE_SIZE];

static uint32_t rng = 12345;
static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static int setup(void **state)
{
	(void)state;
	page_init((uintptr_t)region, (uintptr_t)region + sizeof region);
	return 0;
}

static void carves_the_map_and_aligns(void **state)
{
	(void)state;
	struct page_stats s;
	page_get_stats(&s);
	assert_int_equal(s.total, REGION_PAGES - 1); /* one page holds the map */
	assert_int_equal(s.free, s.total);
	assert_int_equal(page_base() % PAGE_SIZE, 0);
	page_init((uintptr_t)region + 1, (uintptr_t)region + 3 * PAGE_SIZE);
	page_get_stats(&s);
	assert_int_equal(s.total, 1); /* unaligned start loses a page to alignment, one to the map */
}

/*
 * Runs longer than PAGE_MAP_RUN_MAX have no length in their first byte:
 * their frees count the later pages, and must still refuse every wrong
 * length, a middle page and a second free, at the boundary and past it.
 */
static void long_runs_checked_like_short_ones(void **state)
{
	(void)state;
	struct page_stats s;
	const uint32_t lengths[] = {PAGE_MAP_RUN_MAX - 1, PAGE_MAP_RUN_MAX, PAGE_MAP_RUN_MAX + 1, PAGE_MAP_RUN_MAX + 2,
				    REGION_PAGES - 1};
	uint32_t bad = 0;
	for (uint32_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
		uint32_t n = lengths[k];
		uint8_t *a = page_alloc(n);
		assert_ptr_equal(a, (void *)page_base()); /* first fit from a free pool */
		uint8_t *b = n + 1 < REGION_PAGES ? page_alloc(1) : NULL; /* right after it */
		assert_int_equal(page_free(a, n - 1), -EINVAL);
		assert_int_equal(page_free(a, n + 1), -EINVAL);
		assert_int_equal(page_free(a, PAGE_MAP_RUN_MAX), n == PAGE_MAP_RUN_MAX ? 0 : -EINVAL);
		if (n == PAGE_MAP_RUN_MAX)
			a = page_alloc(n); /* taken again, where it was */
		assert_int_equal(page_free(a + PAGE_SIZE, n - 1), -EINVAL);
		assert_int_equal(page_free(a + (n - 1) * PAGE_SIZE, 1), -EINVAL);
		bad += n == PAGE_MAP_RUN_MAX ? 4 : 5;
		page_get_stats(&s);
		assert_int_equal(s.free, s.total - n - (b != NULL));
		assert_int_equal(page_free(a, n), 0);
		assert_int_equal(page_free(a, n), -EALREADY);
		assert_int_equal(page_free(a + PAGE_SIZE, n - 1), -EALREADY);
		bad += 2;
		if (b)
			assert_int_equal(page_free(b, 1), 0);
		page_get_stats(&s);
		assert_int_equal(s.free, s.total);
		assert_int_equal(s.bad_frees, bad);
		assert_int_equal(s.allocs, s.frees);
	}
	assert_null(page_alloc(REGION_PAGES));
	page_get_stats(&s);
	assert_int_equal(s.failed_allocs, 1);
	assert_int_equal(s.peak_used, REGION_PAGES - 1);
}

static void misuse_is_refused_and_counted(void **state)
{
	(void)state;
	struct page_stats s;
	uint8_t *a = page_alloc(4);
	assert_non_null(a);
	assert_int_equal(page_free(a + PAGE_SIZE, 3), -EINVAL); /* middle of an allocation */
	assert_int_equal(page_free(a, 3), -EINVAL);             /* too short */
	assert_int_equal(page_free(a, 5), -EINVAL);             /* too long */
	assert_int_equal(page_free(a + 1, 4), -EINVAL);         /* not page-aligned */
	assert_int_equal(page_free((void *)((uintptr_t)region - PAGE_SIZE), 1), -EINVAL); /* outside */
	assert_int_equal(page_free(a, 0), -EINVAL);
	assert_int_equal(page_free(a, 4), 0);
	assert_int_equal(page_free(a, 4), -EALREADY);
	uint8_t *b = page_alloc(1);
	assert_int_equal(page_free(b, 1), 0);
	assert_int_equal(page_free(b, 1), -EALREADY);
	page_get_stats(&s);
	assert_int_equal(s.bad_frees, 8);
	assert_int_equal(s.free, s.total);
}

static void exhaustion_and_first_fit(void **state)
{
	(void)state;
	struct page_stats s;
	page_get_stats(&s);
	void *singles[REGION_PAGES];
	uint32_t n = 0;
	while ((singles[n] = page_alloc(1)) != NULL)
		n++;
	assert_int_equal(n, s.total);
	assert_null(page_alloc(1));
	for (uint32_t i = 0; i < n; i += 2) /* every other page: no run of 2 anywhere */
		assert_int_equal(page_free(singles[i], 1), 0);
	assert_null(page_alloc(2));
	assert_int_equal(page_free(singles[1], 1), 0); /* pages 0,1,2 now free */
	void *run = page_alloc(3);
	assert_ptr_equal(run, singles[0]); /* the first run of three */
	assert_ptr_equal(page_alloc(1), singles[4]); /* the first free page */
	page_get_stats(&s);
	assert_int_equal(s.failed_allocs, 3); /* the one that ended the loop, then 1 and 2 pages */
}

/*
 * From a fully free pool, rounds of n-page allocations always fit
 * floor(free / n) runs, whatever order the previous round was freed in and
 * whatever size it used: nothing from earlier rounds strands a page.
 */
static void rounds_from_a_free_pool_fit_every_run(void **state)
{
	(void)state;
	static const uint32_t sizes[] = {2, 2, 2, 1, 2, 3, 3, 1, 4, 4, 5, 2, 7, 7, 12, 1, 31, 32, 33, 2, 40, 3, 2};
	static void *runs[REGION_PAGES];
	struct page_stats s;
	page_get_stats(&s);
	const uint32_t total = s.total;
	for (uint32_t r = 0; r < sizeof sizes / sizeof sizes[0]; r++) {
		uint32_t n = sizes[r], count = 0;
		while ((runs[count] = page_alloc(n)) != NULL)
			count++;
		if (count != total / n)
			fail_msg("round %u: %u runs of %u pages from %u free pages, not %u", r, count, n, total,
				 total / n);
		for (uint32_t i = count; i > 1; i--) { /* free in a shuffled order */
			uint32_t k = next_random() % i;
			void *t = runs[k];
			runs[k] = runs[i - 1];
			runs[i - 1] = t;
		}
		for (uint32_t i = 0; i < count; i++)
			assert_int_equal(page_free(runs[i], n), 0);
		page_get_stats(&s);
		assert_int_equal(s.free, total);
	}
}

/* The model: owner[i] = id of the allocation holding page i, or 0. */
static void random_against_model(void **state)
{
	(void)state;
	struct page_stats s;
	page_get_stats(&s);
	const uint32_t total = s.total;
	static uint32_t owner[REGION_PAGES];
	static struct {
		uint8_t *p;
		uint32_t n;
	} live[REGION_PAGES];
	uint32_t nlive = 0, next_id = 1, model_free = total;
	struct page_stats model = s; /* every statistic, kept by the model */
	memset(owner, 0, sizeof owner);

	for (int op = 0; op < 1000000; op++) {
		if (nlive == 0 || next_random() % 100 < 52) {
			/* mostly single pages, some short runs, now and then one
			   around PAGE_MAP_RUN_MAX (which mostly fails) */
			uint32_t r = next_random() % 1024;
			uint32_t n = r < 896 ? 1 : r < 1020 ? 1 + next_random() % 12 : PAGE_MAP_RUN_MAX - 8 + next_random() % 16;
			uint8_t *p = page_alloc(n);
			/* the model finds the first run of n free pages: first fit */
			int64_t fit = -1;
			for (uint32_t i = 0, run = 0; i < total && fit < 0; i++) {
				run = owner[i] ? 0 : run + 1;
				if (run == n)
					fit = (int64_t)i + 1 - n;
			}
			assert_int_equal(p != NULL, fit >= 0);
			if (!p) {
				model.failed_allocs++;
				continue;
			}
			model.allocs++;
			uint32_t first = (uint32_t)((uintptr_t)p - page_base()) / PAGE_SIZE;
			assert_int_equal(first, fit);
			assert_true(first + n <= total);
			for (uint32_t i = first; i < first + n; i++) {
				assert_int_equal(owner[i], 0); /* never handed out twice */
				owner[i] = next_id;
			}
			p[0] = (uint8_t)next_id; /* the memory is usable */
			p[n * PAGE_SIZE - 1] = (uint8_t)next_id;
			next_id++;
			model_free -= n;
			if (total - model_free > model.peak_used)
				model.peak_used = total - model_free;
			live[nlive].p = p;
			live[nlive++].n = n;
		} else {
			uint32_t k = next_random() % nlive;
			uint32_t first = (uint32_t)((uintptr_t)live[k].p - page_base()) / PAGE_SIZE;
			uint32_t n = live[k].n;
			switch (next_random() % 64) { /* now and then, a misuse */
			case 0:
				assert_int_equal(page_free(live[k].p, n + 1), -EINVAL);
				model.bad_frees++;
				break;
			case 1:
				assert_int_equal(page_free(live[k].p, n - 1), -EINVAL);
				model.bad_frees++;
				break;
			case 2:
				if (n > 1) {
					assert_int_equal(page_free(live[k].p + PAGE_SIZE, n - 1), -EINVAL);
					model.bad_frees++;
				}
				break;
			case 3:
				assert_int_equal(page_free(live[k].p + PAGE_SIZE / 2, n), -EINVAL);
				model.bad_frees++;
				break;
			}
			assert_int_equal(page_free(live[k].p, n), 0);
			model.frees++;
			for (uint32_t i = first; i < first + live[k].n; i++)
				owner[i] = 0;
			model_free += live[k].n;
			if (next_random() % 50 == 0) {
				assert_int_equal(page_free(live[k].p, live[k].n), -EALREADY);
				model.bad_frees++;
			}
			live[k] = live[--nlive];
		}
		if (op % 1024 == 0) {
			model.free = model_free;
			page_get_stats(&s);
			assert_memory_equal(&s, &model, sizeof s);
		}
	}
	model.free = model_free;
	page_get_stats(&s);
	assert_memory_equal(&s, &model, sizeof s);
	assert_true(model.failed_allocs > 0 && model.bad_frees > 0 && model.peak_used > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(carves_the_map_and_aligns, setup),
		cmocka_unit_test_setup(long_runs_checked_like_short_ones, setup),
		cmocka_unit_test_setup(misuse_is_refused_and_counted, setup),
		cmocka_unit_test_setup(exhaustion_and_first_fit, setup),
		cmocka_unit_test_setup(rounds_from_a_free_pool_fit_every_run, setup),
		cmocka_unit_test_setup(random_against_model, setup),
	};
	return cmocka_run_group_tests_name("page", tests, NULL, NULL);
}
