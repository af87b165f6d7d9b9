/*
 * page.c — the page allocator ("BareAlloc"): first fit over two bitmaps.
 *
 * Invariant: every page is in exactly one state, told by two bitmaps:
 *   used head
 *     0    0    free
 *     1    1    first page of an allocation
 *     1    0    later page of the same allocation (up to the next page that
 *               is not "1 0": that is how a free checks the length it is given)
 * and no page below `first_free` is free. An allocation of n pages takes the
 * lowest-addressed run of n free pages (first fit), so a pool with nothing
 * allocated is exactly a fresh one: rounds of n-page allocations from it
 * always fit floor(free / n) runs. Bits past the last page read as used.
 *
 * The fast paths follow from the second half: a run of n <= BITS pages that
 * begins at first_free and is free is the first fit (no run can begin lower),
 * and a free moves first_free down to what it frees. So alloc + free of a
 * recent size is a test and a set in one bitmap word, with the bitmaps the only
 * record of who owns a page (nothing is held aside, nothing is stranded).
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

#define BITS 32u
#define NONE 0xffffffffu

static struct {
	uint32_t *used, *head; /* words + 1 each: the last word is padding */
	uint32_t words;        /* words holding pages */
	uint32_t total;
	uintptr_t base;
	uint32_t first_free; /* no page below this one is free */
	/* peak_used less the pages in use: one counter for the peak, kept
	   by allocations and frees (the pages in use are counted from the
	   bitmap when page_get_stats asks) */
	int32_t headroom;
	struct page_stats stats; /* but free and frees, which page_get_stats
				    counts from the bitmaps */
} pool;

/*
 * Index of the lowest set bit of x != 0 with no count-trailing-zeros
 * instruction (the lx106, rv32imac and rv64gc have none): the isolated bit
 * times a de Bruijn constant puts a distinct 5-bit pattern in the top bits.
 */
#define DE_BRUIJN 0x077cb531u
static uint8_t bit_at_pattern[32];

static inline __attribute__((always_inline)) uint32_t bit_index(uint32_t isolated)
{
	return bit_at_pattern[(isolated * DE_BRUIJN) >> 27];
}

static inline __attribute__((always_inline)) int bit(const uint32_t *map, uint32_t i)
{
	return (map[i / BITS] >> (i % BITS)) & 1;
}

/*
 * A run of n <= BITS pages starting at bit b of a word covers `low` there and
 * `high` in the next word (0 when it ends in the first). No branch: the
 * shifts stay below 32 for every b < BITS and 1 <= n <= BITS.
 */
struct span {
	uint32_t low, high;
};

static inline __attribute__((always_inline)) struct span span_of(uint32_t b, uint32_t n)
{
	uint32_t ones = ~0u >> (BITS - n);
	return (struct span){ones << b, (ones >> 1) >> (BITS - 1 - b)};
}

void page_init(uintptr_t start, uintptr_t end)
{
	uintptr_t first = (start + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	uint32_t pages = end > first ? (uint32_t)((end - first) >> PAGE_SHIFT) : 0;
	/* Two bitmaps of one bit per page each and a word of padding; take pages
	   for them until they fit. */
	uint32_t meta_pages = 0;
	while (pages && meta_pages * PAGE_SIZE < 2 * ((pages + BITS - 1) / BITS + 1) * sizeof(uint32_t)) {
		meta_pages++;
		pages--;
	}
	for (uint32_t i = 0; i < BITS; i++)
		bit_at_pattern[((DE_BRUIJN << i) & 0xffffffffu) >> 27] = (uint8_t)i;
	memset(&pool, 0, sizeof pool);
	pool.words = (pages + BITS - 1) / BITS;
	pool.used = (uint32_t *)first;
	pool.head = pool.used + pool.words + 1;
	pool.base = first + (uintptr_t)meta_pages * PAGE_SIZE;
	pool.total = pages;
	memset(pool.used, 0, 2 * (pool.words + 1) * sizeof(uint32_t));
	/* Bits past the last page read as one-page allocations: never free, and
	   never the continuation of a real one, so no check needs a bound. */
	for (uint32_t i = pages; i < (pool.words + 1) * BITS; i++) {
		pool.used[i / BITS] |= 1u << (i % BITS);
		pool.head[i / BITS] |= 1u << (i % BITS);
	}
	pool.stats.total = pages;
}

/* The first word of `used` with a free page: words below first_free's are
   full. first_free moves up to the lowest free page, so that the fast paths
   find it again after a slow one (or to the end of the pool when none is). */
static uint32_t first_free_word(void)
{
	uint32_t w = pool.first_free / BITS;
	while (w < pool.words && pool.used[w] == ~0u)
		w++;
	uint32_t used = pool.used[w]; /* the padding word when w == words: full */
	pool.first_free = w < pool.words ? w * BITS + bit_index(~used & (used + 1)) : w * BITS;
	return w;
}

/*
 * The first run of n <= BITS free pages, or NONE. A run starts in a word and
 * ends there or in the next: the free bits of the two, ANDed with themselves
 * shifted (a funnel shift across the pair), keep a bit only where n free
 * pages begin.
 */
static uint32_t find_short_run(uint32_t n)
{
	for (uint32_t w = first_free_word(); w < pool.words; w++) {
		uint32_t lo = ~pool.used[w], hi = ~pool.used[w + 1];
		for (uint32_t len = 1; len < n;) {
			uint32_t k = len < n - len ? len : n - len;
			lo &= lo >> k | hi << (BITS - k);
			hi &= hi >> k;
			len += k;
		}
		if (lo)
			return w * BITS + bit_index(lo & -lo);
	}
	return NONE;
}

/* Longer runs: page by page from the first free page. */
static uint32_t find_long_run(uint32_t n)
{
	for (uint32_t i = pool.first_free, run = 0; i < pool.total; i++) {
		run = bit(pool.used, i) ? 0 : run + 1;
		if (run == n)
			return i + 1 - n;
	}
	return NONE;
}

/* Marks pages [first, first + n) as one allocation, a word at a time. */
static void take(uint32_t first, uint32_t n)
{
	pool.head[first / BITS] |= 1u << (first % BITS);
	while (n) {
		uint32_t b = first % BITS, k = n < BITS - b ? n : BITS - b;
		pool.used[first / BITS] |= span_of(b, k).low;
		first += k;
		n -= k;
	}
}

static void *page_address(uint32_t index)
{
	return (void *)(pool.base + ((uintptr_t)index << PAGE_SHIFT));
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

/* Every allocation the fast paths decline: the first fit from the first
   word with a free page, or NULL. A run taken at first_free moves it past. */
void *page_alloc_slow(uint32_t n)
{
	if (n == 0)
		return 0;
	arch_irq_t irq = arch_irq_save();
	uint32_t first = n <= BITS ? find_short_run(n) : find_long_run(n);
	if (first == NONE) {
		pool.stats.failed_allocs++;
		arch_irq_restore(irq);
		return 0;
	}
	take(first, n);
	if (first == pool.first_free)
		pool.first_free = first + n;
	allocated(n);
	arch_irq_restore(irq);
	return page_address(first);
}

void *page_alloc_run_fast(uint32_t n)
{
	arch_irq_t irq = arch_irq_save();
	uint32_t f = pool.first_free, w = f / BITS, b = f % BITS;
	if (n - 1 < BITS - b) {
		/* The run at first_free ends in its word: first fit if it is free
		   (see the top). The padding word is full, so it never is there. */
		uint32_t run = (~0u >> (BITS - n)) << b, *used = &pool.used[w];
		if (!(*used & run)) {
			*used |= run;
			pool.head[w] |= 1u << b;
			pool.first_free = f + n;
			allocated(n);
			arch_irq_restore(irq);
			return page_address(f);
		}
	}
	arch_irq_restore(irq);
	return 0;
}

void *page_alloc_one_fast(void)
{
	/* first fit when the page at first_free is free (see the top) */
	arch_irq_t irq = arch_irq_save();
	uint32_t f = pool.first_free, m = 1u << f % BITS;
	uint32_t *used = &pool.used[f / BITS];
	uint32_t u = *used;
	if (__builtin_expect(!(u & m), 1)) {
		*used = u | m;
		pool.head[f / BITS] |= m;
		pool.first_free = f + 1;
		allocated(1);
		arch_irq_restore(irq);
		return page_address(f);
	}
	arch_irq_restore(irq);
	return 0;
}

/*
 * Checks that pages [first, first + n) are exactly one allocation: used, a
 * head at first and nowhere else, and the page after not its continuation.
 * Returns 0 or the error.
 */
static int check_allocation(uint32_t first, uint32_t n)
{
	uint32_t w = first / BITS, b = first % BITS;
	if (!(pool.used[w] >> b & 1))
		return -EALREADY; /* freed twice */
	if (!(pool.head[w] >> b & 1))
		return -EINVAL; /* the middle of someone's allocation */
	for (uint32_t left = n; left;) {
		uint32_t k = left < BITS ? left : BITS;
		struct span s = span_of(b, k);
		uint32_t heads = left == n ? 1u << b : 0;
		if ((pool.used[w] & s.low) != s.low || (pool.used[w + 1] & s.high) != s.high ||
		    (pool.head[w] & s.low) != heads || (pool.head[w + 1] & s.high))
			return -EINVAL; /* shorter than n */
		w++;
		left -= k;
	}
	uint32_t after = first + n;
	if (bit(pool.used, after) && !bit(pool.head, after))
		return -EINVAL; /* longer than n */
	return 0;
}

static inline __attribute__((always_inline)) void freed(uint32_t first, uint32_t n)
{
	if (first < pool.first_free)
		pool.first_free = first;
	pool.headroom += (int32_t)n;
}

/* Every free the fast paths decline: runs across words and every error,
   which check_allocation names. Below the pool, the offset wraps past any
   page index. */
int page_free_slow(void *p, uint32_t n)
{
	uintptr_t offset = (uintptr_t)p - pool.base;
	arch_irq_t irq = arch_irq_save();
	uintptr_t first = offset >> PAGE_SHIFT;
	int err = n == 0 || offset & (PAGE_SIZE - 1) || first >= pool.total || n > pool.total - first
			  ? -EINVAL
			  : check_allocation((uint32_t)first, n);
	if (err) {
		pool.stats.bad_frees++;
		arch_irq_restore(irq);
		return err;
	}
	uint32_t w = (uint32_t)first / BITS, b = (uint32_t)first % BITS;
	pool.head[w] &= ~(1u << b);
	for (uint32_t left = n, at = w; left; at++) {
		uint32_t k = left < BITS ? left : BITS;
		struct span s = span_of(b, k);
		pool.used[at] &= ~s.low;
		pool.used[at + 1] &= ~s.high;
		left -= k;
	}
	freed((uint32_t)first, n);
	arch_irq_restore(irq);
	return 0;
}

int page_free_run_fast(void *p, uint32_t n)
{
	uintptr_t offset = (uintptr_t)p - pool.base;
	uintptr_t first = offset >> PAGE_SHIFT;
	uint32_t b = (uint32_t)first % BITS;
	if (n - 1 < BITS - 1 - b && !(offset & (PAGE_SIZE - 1)) && first < pool.total) {
		/* The run and the page after it in one word. A later page is used
		   and not a head, so `used ^ head` marks later pages alone: over
		   the run and the page after, they must be the run's pages but its
		   first, and the first must be used. */
		arch_irq_t irq = arch_irq_save();
		uint32_t w = (uint32_t)first / BITS, m = 1u << b, run = (~0u >> (BITS - n)) << b;
		uint32_t *used = &pool.used[w], *head = &pool.head[w], u = *used, h = *head;
		if (u & m && ((u ^ h) & (run << 1 | m)) == (run ^ m)) {
			*used = u ^ run;
			*head = h ^ m;
			freed((uint32_t)first, n);
			arch_irq_restore(irq);
			return 0;
		}
		arch_irq_restore(irq);
	}
	return 1;
}

int page_free_one_fast(void *p)
{
	/* The offset rotated by PAGE_SHIFT is the page index when it is page
	   aligned, and at least 2^(32 - PAGE_SHIFT) > total when it is not:
	   one compare for both. */
	uint32_t offset = (uint32_t)((uintptr_t)p - pool.base);
	uint32_t first = offset >> PAGE_SHIFT | offset << (32 - PAGE_SHIFT);
	if ((uintptr_t)p - pool.base != offset || first >= pool.total)
		return 1;
	arch_irq_t irq = arch_irq_save();
	uint32_t w = first / BITS, m = 1u << (first % BITS);
	uint32_t *used = &pool.used[w], *head = &pool.head[w], u = *used, h = *head;
	/* A used page, and `used ^ head` (later pages alone) clear at it and at
	   the next page: a head not continued. A page at a word's last
	   bit has its next page in the next word: declined. */
	if ((int32_t)m > 0 && u & m && !((u ^ h) & (m | m << 1))) {
		*used = u ^ m;
		*head = h ^ m;
		freed(first, 1);
		arch_irq_restore(irq);
		return 0;
	}
	arch_irq_restore(irq);
	return 1;
}

void page_get_stats(struct page_stats *s)
{
	arch_irq_t irq = arch_irq_save();
	*s = pool.stats;
	/* Every allocation sets one head bit and every free clears one, so the
	   frees are the allocations less the heads still set. The padding's
	   bits, past the last page, are used heads and count in neither. */
	uint32_t used = 0, heads = 0, padding = (pool.words + 1) * BITS - pool.total;
	for (uint32_t w = 0; w <= pool.words; w++) {
		used += (uint32_t)__builtin_popcount(pool.used[w]);
		heads += (uint32_t)__builtin_popcount(pool.head[w]);
	}
	s->free = pool.total - (used - padding);
	s->frees = s->allocs - (heads - padding);
	arch_irq_restore(irq);
}

uintptr_t page_base(void)
{
	return pool.base;
}

/* Where the pool's bitmaps and bounds live, for the snapshot checker (layout.h). */
const struct page_roots page_roots = {&pool.used, &pool.head, &pool.total, &pool.base};
