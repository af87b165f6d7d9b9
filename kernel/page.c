/*
 * page.c — the page allocator ("BareAlloc"): first fit over one bitmap of
 * two bits a page.
 *
 * Invariant: every page is in exactly one state, told by its two bits (bit
 * 2k + 1 "used" and bit 2k "later" of its word, 16 pages to a word):
 *   used later
 *     0    0    free
 *     1    0    first page of an allocation
 *     1    1    later page of the same allocation (up to the next page that
 *               is not "1 1": that is how a free checks the length it is given)
 * and no page below `first_free` is free. An allocation of n pages takes the
 * lowest-addressed run of n free pages (first fit), so a pool with nothing
 * allocated is exactly a fresh one: rounds of n-page allocations from it
 * always fit floor(free / n) runs. Pages past the last one read as first
 * pages of one-page allocations: never free, never a continuation.
 *
 * The fast paths follow from the second half: a run of n pages that begins
 * at first_free, ends in its word and is free is the first fit (no run can
 * begin lower), and a free moves first_free down to what it frees. So alloc +
 * free of a recent size is a test and a set in one word, with the bitmap the
 * only record of who owns a page (nothing is held aside, nothing stranded).
 * A page's two bits in one word make the one load, the one mask and the one
 * store each way; a free checks the page after its run in the same compare.
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

#define PER_WORD 16u            /* pages to a bitmap word */
#define USED 2u                 /* a page's bits, shifted by 2 * (page % PER_WORD) */
#define LATER 1u
#define USED_BITS 0xaaaaaaaau   /* every page's used bit in a word */
#define NONE 0xffffffffu

static struct {
	uint32_t *map;   /* words + 1: the last word is padding */
	uint32_t words;  /* words holding pages */
	uint32_t total;
	uintptr_t base;
	uint32_t first_free; /* no page below this one is free */
	/* peak_used less the pages in use: one counter for the peak, kept
	   by allocations and frees (the pages in use are counted from the
	   bitmap when page_get_stats asks) */
	int32_t headroom;
	struct page_stats stats; /* but free and frees, which page_get_stats
				    counts from the bitmap */
} pool;

/* Page i's two bits (USED, LATER), and their shift in its word. */
static inline __attribute__((always_inline)) uint32_t shift_of(uint32_t i)
{
	return i % PER_WORD * 2;
}

static inline __attribute__((always_inline)) uint32_t state(uint32_t i)
{
	return pool.map[i / PER_WORD] >> shift_of(i) & 3;
}

static void set_state(uint32_t i, uint32_t bits)
{
	uint32_t *word = &pool.map[i / PER_WORD];
	*word = (*word & ~(3u << shift_of(i))) | bits << shift_of(i);
}

/* The bits of pages [i, i + k) in their word, for k <= PER_WORD - i % PER_WORD. */
static inline __attribute__((always_inline)) uint32_t bits_of(uint32_t i, uint32_t k)
{
	return (~0u >> (32 - 2 * k)) << shift_of(i);
}

/* body for each word holding pages of [i, i + n): `word` points at it, `mask` covers
   those pages, `first` says it holds page i */
#define FOR_WORDS(i, n, word, mask, first, body)                                                   \
	for (uint32_t at_ = (i), left_ = (n); left_;) {                                            \
		uint32_t k_ = PER_WORD - at_ % PER_WORD < left_ ? PER_WORD - at_ % PER_WORD : left_; \
		uint32_t *word = &pool.map[at_ / PER_WORD], mask = bits_of(at_, k_);               \
		int first = at_ == (i);                                                            \
		body;                                                                              \
		at_ += k_;                                                                         \
		left_ -= k_;                                                                       \
	}

void page_init(uintptr_t start, uintptr_t end)
{
	uintptr_t first = (start + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	uint32_t pages = end > first ? (uint32_t)((end - first) >> PAGE_SHIFT) : 0;
	/* A bitmap of two bits per page and a word of padding; take pages for
	   it until it fits. */
	uint32_t meta_pages = 0;
	while (pages && meta_pages * PAGE_SIZE < ((pages + PER_WORD - 1) / PER_WORD + 1) * sizeof(uint32_t)) {
		meta_pages++;
		pages--;
	}
	memset(&pool, 0, sizeof pool);
	pool.words = (pages + PER_WORD - 1) / PER_WORD;
	pool.map = (uint32_t *)first;
	pool.base = first + (uintptr_t)meta_pages * PAGE_SIZE;
	pool.total = pages;
	memset(pool.map, 0, (pool.words + 1) * sizeof(uint32_t));
	/* Pages past the last one read as one-page allocations: never free, and
	   never the continuation of a real one, so no check needs a bound. */
	for (uint32_t i = pages; i < (pool.words + 1) * PER_WORD; i++)
		set_state(i, USED);
	pool.stats.total = pages;
}

/*
 * The first run of n free pages from the first free page, or NONE. Words
 * with every page used are skipped; first_free moves up to the lowest free
 * page, so that the fast paths find it again after a slow one (or to the
 * end of the pool when none is).
 */
static uint32_t find_run(uint32_t n)
{
	uint32_t w = pool.first_free / PER_WORD;
	while (w < pool.words && (pool.map[w] & USED_BITS) == USED_BITS)
		w++;
	uint32_t i = w * PER_WORD > pool.first_free ? w * PER_WORD : pool.first_free;
	while (i < pool.total && state(i))
		i++;
	pool.first_free = i;
	for (uint32_t run = 0; i < pool.total;) {
		if (!(pool.map[i / PER_WORD] >> shift_of(i) & USED_BITS)) {
			/* page i and the rest of its word free (the padding
			   word's pages never are) */
			run += PER_WORD - i % PER_WORD;
			i += PER_WORD - i % PER_WORD;
			if (run >= n)
				return i - run;
			continue;
		}
		run = state(i) ? 0 : run + 1;
		i++;
		if (run == n)
			return i - n;
	}
	return NONE;
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
	FOR_WORDS(first, n, word, mask, at_first, *word |= at_first ? mask ^ LATER << shift_of(first) : mask);
	if (first == pool.first_free)
		pool.first_free = first + n;
	allocated(n);
	arch_irq_restore(irq);
	return page_address(first);
}

void *page_alloc_run_fast(uint32_t n)
{
	arch_irq_t irq = arch_irq_save();
	uint32_t f = pool.first_free, s = shift_of(f);
	if (n - 1 < PER_WORD - f % PER_WORD) {
		/* The run at first_free ends in its word: first fit if it is free
		   (see the top). The padding word is full, so it never is there.
		   Its pages' bits are 2n ones; the first page's LATER stays 0. */
		uint32_t run = (~0u >> (32 - 2 * n)) << s, *word = &pool.map[f / PER_WORD], u = *word;
		if (!(u & run)) {
			*word = u | (run ^ LATER << s);
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
	uint32_t f = pool.first_free, m = USED << shift_of(f);
	uint32_t *word = &pool.map[f / PER_WORD], u = *word;
	if (__builtin_expect(!(u & m), 1)) {
		*word = u | m;
		pool.first_free = f + 1;
		allocated(1);
		arch_irq_restore(irq);
		return page_address(f);
	}
	arch_irq_restore(irq);
	return 0;
}

/*
 * Checks that pages [first, first + n) are exactly one allocation: a first
 * page, n - 1 later pages, and the page after not a later one. Returns 0 or
 * the error.
 */
static int check_allocation(uint32_t first, uint32_t n)
{
	if (state(first) == 0)
		return -EALREADY; /* freed twice */
	if (state(first) != USED)
		return -EINVAL; /* the middle of someone's allocation */
	int shorter = 0;
	FOR_WORDS(first, n, word, mask, at_first,
		  shorter |= (*word & mask) != (at_first ? mask ^ LATER << shift_of(first) : mask));
	if (shorter)
		return -EINVAL; /* shorter than n */
	if (state(first + n) == (USED | LATER))
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
	FOR_WORDS((uint32_t)first, n, word, mask, at_first, (void)at_first; *word &= ~mask);
	freed((uint32_t)first, n);
	arch_irq_restore(irq);
	return 0;
}

/*
 * A free's fast check, of a run and the page after it in one word: the run's
 * pages must read "used" with LATER on all but the first, and the page after
 * must have LATER clear. That is one mask of 2n + 1 bits, compared with the
 * run's bits; XOR with them frees the run.
 */
int page_free_run_fast(void *p, uint32_t n)
{
	uintptr_t offset = (uintptr_t)p - pool.base;
	uintptr_t first = offset >> PAGE_SHIFT;
	uint32_t s = shift_of((uint32_t)first);
	if (n - 1 < PER_WORD - 1 - (uint32_t)first % PER_WORD && !(offset & (PAGE_SIZE - 1)) && first < pool.total) {
		arch_irq_t irq = arch_irq_save();
		uint32_t *word = &pool.map[first / PER_WORD], u = *word;
		uint32_t run = ((~0u >> (32 - 2 * n)) ^ LATER) << s, checked = (~0u >> (31 - 2 * n)) << s;
		if ((u & checked) == run) {
			*word = u ^ run;
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
	uint32_t s = shift_of(first), *word = &pool.map[first / PER_WORD], u = *word;
	/* The page's two bits and the next page's LATER: "1 0" and 0. The mask
	   is negative only for a word's last page, whose next page is in the
	   next word: declined. */
	uint32_t checked = (USED | LATER | LATER << 2) << s;
	if ((int32_t)checked > 0 && (u & checked) == USED << s) {
		*word = u ^ USED << s;
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
	/* Every allocation sets one first page and every free clears one, so
	   the frees are the allocations less the first pages still set. The
	   padding's pages, past the last one, are first pages and count in
	   neither. */
	uint32_t used = 0, firsts = 0, padding = (pool.words + 1) * PER_WORD - pool.total;
	for (uint32_t w = 0; w <= pool.words; w++) {
		used += (uint32_t)__builtin_popcount(pool.map[w] & USED_BITS);
		firsts += (uint32_t)__builtin_popcount(pool.map[w] & ~(pool.map[w] << 1) & USED_BITS);
	}
	s->free = pool.total - (used - padding);
	s->frees = s->allocs - (firsts - padding);
	arch_irq_restore(irq);
}

uintptr_t page_base(void)
{
	return pool.base;
}

/* Where the pool's bitmap and bounds live, for the snapshot checker (layout.h). */
const struct page_roots page_roots = {&pool.map, &pool.total, &pool.base};
