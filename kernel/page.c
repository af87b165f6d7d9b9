/*
 * page.c — the page allocator ("BareAlloc").
 *
 * Invariant: every page is in exactly one state, told by two bitmaps:
 *   used head
 *     0    0    free
 *     1    1    first page of an allocation
 *     1    0    later page of the same allocation (up to the next page that
 *               is not "1 0": that is how a free checks the length it is given)
 *     0    1    free but held in the fast-path cache (cache[] lists exactly these)
 * The cache is a small stack of single pages: a one-page alloc or free is
 * O(1) while the cache has room or pages; longer runs come from a first-fit
 * scan of the bitmaps, which first returns the cached pages when it finds no
 * run. The lx106 and the RISC-V boards run one CPU, so one cache serves.
 *
 * Allocation happens in task context only (never in an interrupt), but a
 * preemptible task may be switched out mid-update: interrupts are masked
 * around each operation.
 */
#include "page.h"
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "layout.h"

#define CACHE_PAGES 16
#define BITS 32u

static struct {
	uint32_t *used, *head;
	uint32_t words;
	uint32_t total;
	uintptr_t base;
	uint32_t cache[CACHE_PAGES];
	uint32_t cached;
	uint32_t scan_from; /* word where the last scan found space */
	struct page_stats stats;
} pool;

static inline int bit(const uint32_t *map, uint32_t i)
{
	return (map[i / BITS] >> (i % BITS)) & 1;
}

static inline void set(uint32_t *map, uint32_t i)
{
	map[i / BITS] |= 1u << (i % BITS);
}

static inline void clear(uint32_t *map, uint32_t i)
{
	map[i / BITS] &= ~(1u << (i % BITS));
}

void page_init(uintptr_t start, uintptr_t end)
{
	uintptr_t first = (start + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	uint32_t pages = end > first ? (uint32_t)((end - first) >> PAGE_SHIFT) : 0;
	/* Two bitmaps of one bit per page each; take pages for them until they fit. */
	uint32_t meta_pages = 0;
	while (pages && meta_pages * PAGE_SIZE < 2 * ((pages + BITS - 1) / BITS) * sizeof(uint32_t)) {
		meta_pages++;
		pages--;
	}
	memset(&pool, 0, sizeof pool);
	pool.words = (pages + BITS - 1) / BITS;
	pool.used = (uint32_t *)first;
	pool.head = pool.used + pool.words;
	pool.base = first + (uintptr_t)meta_pages * PAGE_SIZE;
	pool.total = pages;
	memset(pool.used, 0, 2 * pool.words * sizeof(uint32_t));
	/* Bits past the last page read as allocated so no scan ever hands them out. */
	for (uint32_t i = pages; i < pool.words * BITS; i++)
		set(pool.used, i);
	pool.stats.total = pages;
	pool.stats.free = pages;
}

static void *page_address(uint32_t index)
{
	return (void *)(pool.base + ((uintptr_t)index << PAGE_SHIFT));
}

static void mark_allocated(uint32_t first, uint32_t n)
{
	set(pool.head, first);
	for (uint32_t i = first; i < first + n; i++)
		set(pool.used, i);
	pool.stats.free -= n;
	pool.stats.allocs++;
	uint32_t used = pool.total - pool.stats.free;
	if (used > pool.stats.peak_used)
		pool.stats.peak_used = used;
}

/* First fit over pages that are neither used nor cached, starting at word `from`. */
static int64_t find_run(uint32_t n, uint32_t from)
{
	uint32_t run = 0;
	for (uint32_t w = from; w < pool.words; w++) {
		uint32_t busy = pool.used[w] | pool.head[w];
		if (busy == 0xffffffffu) {
			run = 0;
			continue;
		}
		for (uint32_t b = 0; b < BITS; b++) {
			if (busy >> b & 1) {
				run = 0;
			} else if (++run == n) {
				pool.scan_from = w;
				return (int64_t)(w * BITS + b) - (n - 1);
			}
		}
	}
	return -1;
}

static void drain_cache(void)
{
	while (pool.cached)
		clear(pool.head, pool.cache[--pool.cached]);
}

void *page_alloc(uint32_t n)
{
	if (n == 0)
		return 0;
	arch_irq_t irq = arch_irq_save();
	if (n == 1 && pool.cached) {
		uint32_t index = pool.cache[--pool.cached];
		clear(pool.head, index);
		mark_allocated(index, 1);
		arch_irq_restore(irq);
		return page_address(index);
	}
	int64_t first = find_run(n, pool.scan_from);
	if (first < 0 && pool.scan_from)
		first = find_run(n, 0);
	if (first < 0 && pool.cached) {
		drain_cache();
		first = find_run(n, 0);
	}
	if (first < 0) {
		pool.stats.failed_allocs++;
		arch_irq_restore(irq);
		return 0;
	}
	mark_allocated((uint32_t)first, n);
	arch_irq_restore(irq);
	return page_address((uint32_t)first);
}

/* Checks that p..p+n-1 is exactly one allocation; returns 0 or the error. */
static int check_allocation(uintptr_t addr, uint32_t n, uint32_t *index)
{
	if (n == 0 || addr < pool.base || (addr - pool.base) & (PAGE_SIZE - 1))
		return -EINVAL;
	uintptr_t first = (addr - pool.base) >> PAGE_SHIFT;
	if (first >= pool.total || n > pool.total - first)
		return -EINVAL;
	if (!bit(pool.used, (uint32_t)first))
		return -EALREADY; /* free or cached: freed twice */
	if (!bit(pool.head, (uint32_t)first))
		return -EINVAL; /* the middle of someone's allocation */
	for (uint32_t i = (uint32_t)first + 1; i < first + n; i++)
		if (!bit(pool.used, i) || bit(pool.head, i))
			return -EINVAL; /* shorter than n */
	uint32_t after = (uint32_t)first + n;
	if (after < pool.total && bit(pool.used, after) && !bit(pool.head, after))
		return -EINVAL; /* longer than n */
	*index = (uint32_t)first;
	return 0;
}

int page_free(void *p, uint32_t n)
{
	arch_irq_t irq = arch_irq_save();
	uint32_t first;
	int err = check_allocation((uintptr_t)p, n, &first);
	if (err) {
		pool.stats.bad_frees++;
		arch_irq_restore(irq);
		return err;
	}
	for (uint32_t i = first; i < first + n; i++)
		clear(pool.used, i);
	clear(pool.head, first);
	if (n == 1 && pool.cached < CACHE_PAGES) {
		set(pool.head, first);
		pool.cache[pool.cached++] = first;
	}
	pool.stats.free += n;
	pool.stats.frees++;
	arch_irq_restore(irq);
	return 0;
}

void page_get_stats(struct page_stats *s)
{
	arch_irq_t irq = arch_irq_save();
	*s = pool.stats;
	arch_irq_restore(irq);
}

uintptr_t page_base(void)
{
	return pool.base;
}

/* Where the pool's bitmaps and bounds live, for the snapshot checker (layout.h). */
const struct page_roots page_roots = {&pool.used, &pool.head, &pool.total, &pool.base};
