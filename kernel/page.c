/*
 * page.c — the page allocator ("BareAlloc"): first fit over a map of one
 * byte a page.
 *
 * Invariant: an allocation of n pages is told by its first page's byte:
 *   1 .. RUN_MAX    the first page of an allocation of that many pages; the
 *                   bytes of its later pages are 0, known by that length
 *   LONG            the first page of a longer allocation, whose later pages
 *                   are LATER, up to the next page that is not
 * and a page is free when no allocation covers it; its byte is then 0
 * (FREE). So a free of n <= RUN_MAX pages finds its first page, its length
 * and that it is not free yet in one byte equal to n (a later page's byte is
 * 0 or LATER, never a length), and clears that byte alone. `first_free` is
 * never inside an allocation, and no page below it is free. Then a 0 at
 * first_free is a free page, and so is every 0 after it up to the first
 * byte that is not: a later page follows its first page, which is not 0.
 * An allocation of n pages takes the lowest-addressed run of n free pages
 * (first fit), so a pool with nothing allocated is exactly a fresh one:
 * rounds of n-page allocations from it always fit floor(free / n) runs. The
 * map runs on past the last page to a whole word (at least one byte), and
 * those bytes read as one-page allocations: no scan along the map needs a
 * bound.
 *
 * The fast paths follow from first_free: a run of n pages that begins there
 * and is free is the first fit (no run can begin lower), and a free moves
 * first_free down to what it frees. So alloc + free of a short run is a test
 * of its bytes and one store, and one compare and one store, with the map
 * the only record of who owns a page (nothing is held aside, nothing
 * stranded).
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

#define FREE PAGE_MAP_FREE /* the map's encoding is in layout.h, for the checker */
#define RUN_MAX PAGE_MAP_RUN_MAX
#define LONG PAGE_MAP_LONG
#define LATER PAGE_MAP_LATER
#define NONE 0xffffffffu

_Static_assert(RUN_MAX < LONG && LONG < LATER, "a short run's length is below LONG");

typedef uint32_t __attribute__((may_alias)) map_word; /* four pages' bytes */

static struct {
	uint8_t *map;        /* a byte a page, then the padding */
	uint8_t *first_free; /* a map byte at no allocation's middle: no page below it is free */
	/* base less the map's address shifted up by PAGE_SHIFT (modulo the
	   word): a page's address is its map byte's address shifted, plus this */
	uintptr_t address_bias;
	uint32_t total;
	uintptr_t base;
	/* peak_used less the pages in use: one counter for the peak, kept
	   by allocations and frees (the pages in use are counted from the
	   map when page_get_stats asks) */
	int32_t headroom;
	struct page_stats stats; /* but free and frees, which page_get_stats
				    counts from the map */
} pool;

/* The map's bytes for a pool of `pages`: a byte a page, then at least one
   byte of padding, to a whole word. */
static uint32_t map_bytes(uint32_t pages)
{
	return (pages + 4) & ~3u;
}

void page_init(uintptr_t start, uintptr_t end)
{
	uintptr_t first = (start + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	uint32_t pages = end > first ? (uint32_t)((end - first) >> PAGE_SHIFT) : 0;
	/* Take pages for the map until it fits. */
	uint32_t meta_pages = 0;
	while (pages && meta_pages * PAGE_SIZE < map_bytes(pages)) {
		meta_pages++;
		pages--;
	}
	memset(&pool, 0, sizeof pool);
	pool.map = (uint8_t *)first;
	pool.first_free = pool.map;
	pool.base = first + (uintptr_t)meta_pages * PAGE_SIZE;
	pool.address_bias = pool.base - ((uintptr_t)pool.map << PAGE_SHIFT);
	pool.total = pages;
	memset(pool.map, FREE, pages);
	memset(pool.map + pages, 1, map_bytes(pages) - pages); /* one-page allocations (see the top) */
	pool.stats.total = pages;
}

/*
 * The first run of n free pages from the first free page, or NONE.
 * Allocations are stepped over by their length, so every byte read is at a
 * page boundary; a word of 0 there is four free pages (see the top) and
 * counts at once. first_free moves up to the lowest free page, so that the
 * fast paths find it again after a slow one (or to the end of the pool when
 * none is).
 */
static uint32_t find_run(uint32_t n)
{
	const uint8_t *map = pool.map;
	uint32_t i = (uint32_t)(pool.first_free - map);
	while (i < pool.total && map[i] != FREE)
		i += page_map_span(map[i]);
	pool.first_free = pool.map + i;
	for (uint32_t run = 0; i < pool.total;) {
		if (map[i] != FREE) {
			i += page_map_span(map[i]);
			run = 0;
			continue;
		}
		/* the padding is not 0, so a word of 0 lies in the pool */
		uint32_t k = i % 4 == 0 && *(const map_word *)(map + i) == 0 ? 4 : 1;
		run += k;
		i += k;
		if (run >= n)
			return i - run;
	}
	return NONE;
}

static inline __attribute__((always_inline)) void *page_address(const uint8_t *byte)
{
	return (void *)(pool.address_bias + ((uintptr_t)byte << PAGE_SHIFT));
}

/* The index of the page p starts, or at least total when p is not the start
   of a page of the pool. The offset rotated by PAGE_SHIFT is the page index
   when it is page aligned, and at least 2^(32 - PAGE_SHIFT) > total when it
   is not: one compare for both. Below the pool, the offset wraps past any
   page index. */
static inline __attribute__((always_inline)) uint32_t page_index(const void *p)
{
	uint32_t offset = (uint32_t)((uintptr_t)p - pool.base);
	uint32_t index = offset >> PAGE_SHIFT | offset << (32 - PAGE_SHIFT);
	return (uintptr_t)p - pool.base == offset ? index : NONE;
}

static inline __attribute__((always_inline)) void allocated(uint32_t n)
{
	int32_t headroom = pool.headroom - (int32_t)n;
	if (__builtin_expect(headroom < 0, 0)) {
		pool.stats.peak_used -= (uint32_t)headroom; /* a new peak */
		pool.headroom = 0;
	} else
		pool.headroom = headroom;
	pool.stats.allocs++;
}

static inline __attribute__((always_inline)) void freed(uint8_t *first, uint32_t n)
{
	if (first < pool.first_free)
		pool.first_free = first;
	pool.headroom += (int32_t)n;
}

/* Every allocation the fast paths decline: the first fit from the first
   free page, or NULL. A run taken at first_free moves it past. */
void *page_alloc_slow(uint32_t n)
{
	if (n == 0)
		return 0;
	arch_irq_t irq = arch_irq_save();
	uint32_t first = find_run(n);
	if (first == NONE) {
		pool.stats.failed_allocs++;
		arch_irq_restore(irq);
		return 0;
	}
	uint8_t *run = pool.map + first;
	if (n <= RUN_MAX) {
		run[0] = (uint8_t)n;
	} else {
		run[0] = LONG;
		memset(run + 1, LATER, n - 1);
	}
	if (run == pool.first_free)
		pool.first_free = run + n;
	allocated(n);
	arch_irq_restore(irq);
	return page_address(run);
}

/* n <= RUN_MAX pages at first_free, if they are free (see the top: the
   padding ends the test at the pool's end). */
static inline __attribute__((always_inline)) void *alloc_fast(uint32_t n)
{
	arch_irq_t irq = arch_irq_save();
	uint8_t *run = pool.first_free;
	/* the bytes or'ed and tested once: the loop's one branch is its end,
	   which the host's predictor learns; a test a byte cost a branch more */
	uint32_t taken = FREE;
	for (const uint8_t *at = run; at < run + n; at++)
		taken |= *at;
	if (__builtin_expect(taken == FREE, 1)) {
		*run = (uint8_t)n;
		pool.first_free = run + n;
		allocated(n);
		arch_irq_restore(irq);
		return page_address(run);
	}
	arch_irq_restore(irq);
	return 0;
}

/* 2 <= n <= RUN_MAX (page.h chooses). */
void *page_alloc_run_fast(uint32_t n)
{
	return alloc_fast(n);
}

void *page_alloc_one_fast(void)
{
	return alloc_fast(1);
}

/* Whether a page whose byte is 0 lies inside a short allocation: the
   nearest byte before it that is not 0 is a length reaching past it. A
   short allocation starts at most RUN_MAX - 1 pages before. */
static int inside_short_run(uint32_t index)
{
	for (uint32_t back = 1; back < RUN_MAX && back <= index; back++) {
		uint32_t byte = pool.map[index - back];
		if (byte != FREE)
			return byte <= RUN_MAX && byte > back;
	}
	return 0;
}

/*
 * Checks that the n pages from page `index` are exactly one allocation.
 * Returns 0 or the error.
 */
static int check_allocation(uint32_t index, uint32_t n)
{
	const uint8_t *first = pool.map + index;
	if (*first == FREE)
		return inside_short_run(index) ? -EINVAL : -EALREADY; /* someone's middle, or freed twice */
	if (n <= RUN_MAX)
		return *first == n ? 0 : -EINVAL; /* a long run's middle, or another length */
	if (*first != LONG)
		return -EINVAL;
	for (uint32_t k = 1; k < n; k++)
		if (first[k] != LATER)
			return -EINVAL; /* shorter than n */
	return first[n] == LATER ? -EINVAL : 0; /* longer than n */
}

/* Every free the fast paths decline: long runs and every error, which
   check_allocation names. */
int page_free_slow(void *p, uint32_t n)
{
	arch_irq_t irq = arch_irq_save();
	uint32_t index = page_index(p);
	int err = index >= pool.total || n == 0 || n > pool.total - index ? -EINVAL
									  : check_allocation(index, n);
	if (err) {
		pool.stats.bad_frees++;
		arch_irq_restore(irq);
		return err;
	}
	memset(pool.map + index, FREE, n <= RUN_MAX ? 1 : n);
	freed(pool.map + index, n);
	arch_irq_restore(irq);
	return 0;
}

/* n <= RUN_MAX: the first byte is n, so the run is one allocation of n
   pages (see the top), and clearing it frees them. */
static inline __attribute__((always_inline)) int free_fast(void *p, uint32_t n)
{
	uint32_t index = page_index(p);
	if (index >= pool.total)
		return 1;
	arch_irq_t irq = arch_irq_save();
	uint8_t *first = pool.map + index;
	if (__builtin_expect(*first == n, 1)) {
		*first = FREE;
		freed(first, n);
		arch_irq_restore(irq);
		return 0;
	}
	arch_irq_restore(irq);
	return 1;
}

/* 2 <= n <= RUN_MAX (page.h chooses). */
int page_free_run_fast(void *p, uint32_t n)
{
	return free_fast(p, n);
}

int page_free_one_fast(void *p)
{
	return free_fast(p, 1);
}

void page_get_stats(struct page_stats *s)
{
	arch_irq_t irq = arch_irq_save();
	*s = pool.stats;
	/* Every allocation sets one first page and every free clears it, so
	   the frees are the allocations less the first pages still set. */
	uint32_t used = 0, firsts = 0;
	for (uint32_t i = 0; i < pool.total; i += page_map_span(pool.map[i])) {
		uint32_t byte = pool.map[i];
		used += byte == FREE ? 0 : page_map_span(byte); /* a long run's first page and its LATER pages one each */
		firsts += byte != FREE && byte != LATER;
	}
	s->free = pool.total - used;
	s->frees = s->allocs - firsts;
	arch_irq_restore(irq);
}

uintptr_t page_base(void)
{
	return pool.base;
}

/* Where the pool's map and bounds live, for the snapshot checker (layout.h). */
const struct page_roots page_roots = {&pool.map, &pool.total, &pool.base};
