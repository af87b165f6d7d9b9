/*
 * page.c — the page allocator ("BareAlloc"): first fit over two bitmaps.
 *
 * Invariant: every page is in exactly one state, told by two bitmaps:
 *   used head
 *     0    0    free
 *     1    1    first page of an allocation
 *     1    0    later page of the same allocation (up to the next page that
 *               is not "1 0": that is how a free checks the length it is given)
 * and every word of `used` below `lowest` is full. An allocation of n pages
 * takes the lowest-addressed run of n free pages (first fit), so a pool with
 * nothing allocated is exactly a fresh one: rounds of n-page allocations from
 * it always fit floor(free / n) runs. Bits past the last page read as used.
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

static struct {
	uint32_t *used, *head;
	uint32_t words;
	uint32_t total;
	uintptr_t base;
	uint32_t lowest; /* no word of `used` below this one has a free page */
	struct page_stats stats;
} pool;

/*
 * Index of the lowest set bit of x != 0 with no count-trailing-zeros
 * instruction (the lx106, rv32imac and rv64gc have none): the isolated bit
 * times a de Bruijn constant puts a distinct 5-bit pattern in the top bits.
 */
#define DE_BRUIJN 0x077cb531u
static uint8_t bit_at_pattern[32];

static inline uint32_t lowest_bit(uint32_t x)
{
	return bit_at_pattern[((x & -x) * DE_BRUIJN) >> 27];
}

/* Bits [b, b + k) of a word, 0 < k <= BITS - b. */
static inline uint32_t bits(uint32_t b, uint32_t k)
{
	return (k == BITS ? ~0u : (1u << k) - 1) << b;
}

static inline int bit(const uint32_t *map, uint32_t i)
{
	return (map[i / BITS] >> (i % BITS)) & 1;
}

/* Pages [first, first + n) of a bitmap: set, clear, or test all set / none set. */
enum span_op { SPAN_SET, SPAN_CLEAR, SPAN_ALL_SET, SPAN_NONE_SET };

static inline int span(uint32_t *map, uint32_t first, uint32_t n, enum span_op op)
{
	while (n) {
		uint32_t b = first % BITS, k = n < BITS - b ? n : BITS - b;
		uint32_t m = bits(b, k), *w = &map[first / BITS];
		if (op == SPAN_SET)
			*w |= m;
		else if (op == SPAN_CLEAR)
			*w &= ~m;
		else if ((*w & m) != (op == SPAN_ALL_SET ? m : 0))
			return 0;
		first += k;
		n -= k;
	}
	return 1;
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
	for (uint32_t i = 0; i < BITS; i++)
		bit_at_pattern[((DE_BRUIJN << i) & 0xffffffffu) >> 27] = (uint8_t)i;
	memset(&pool, 0, sizeof pool);
	pool.words = (pages + BITS - 1) / BITS;
	pool.used = (uint32_t *)first;
	pool.head = pool.used + pool.words;
	pool.base = first + (uintptr_t)meta_pages * PAGE_SIZE;
	pool.total = pages;
	memset(pool.used, 0, 2 * pool.words * sizeof(uint32_t));
	span(pool.used, pages, pool.words * BITS - pages, SPAN_SET);
	pool.stats.total = pages;
	pool.stats.free = pages;
}

/*
 * The first run of n free pages, or -1. Runs of up to BITS pages start in a
 * word and end in it or the next: a 64-bit window over the two words, ANDed
 * with itself shifted, keeps a bit only where n free pages begin.
 */
static int64_t find_run(uint32_t n)
{
	uint32_t w = pool.lowest;
	while (w < pool.words && pool.used[w] == ~0u)
		w++;
	pool.lowest = w;
	if (w == pool.words)
		return -1;
	if (n == 1)
		return w * BITS + lowest_bit(~pool.used[w]);
	if (n <= BITS) {
		for (; w < pool.words; w++) {
			uint32_t lo = ~pool.used[w];
			if (!lo)
				continue;
			uint32_t hi = w + 1 < pool.words ? ~pool.used[w + 1] : 0;
			uint64_t starts = lo | (uint64_t)hi << 32;
			for (uint32_t len = 1; len < n;) {
				uint32_t k = len < n - len ? len : n - len;
				starts &= starts >> k;
				len += k;
			}
			if ((uint32_t)starts)
				return w * BITS + lowest_bit((uint32_t)starts);
		}
		return -1;
	}
	for (uint32_t i = w * BITS, run = 0; i < pool.total; i++) {
		run = bit(pool.used, i) ? 0 : run + 1;
		if (run == n)
			return (int64_t)i + 1 - n;
	}
	return -1;
}

static void *page_address(uint32_t index)
{
	return (void *)(pool.base + ((uintptr_t)index << PAGE_SHIFT));
}

void *page_alloc(uint32_t n)
{
	if (n == 0)
		return 0;
	arch_irq_t irq = arch_irq_save();
	int64_t found = find_run(n);
	if (found < 0) {
		pool.stats.failed_allocs++;
		arch_irq_restore(irq);
		return 0;
	}
	uint32_t first = (uint32_t)found;
	span(pool.used, first, n, SPAN_SET);
	pool.head[first / BITS] |= 1u << (first % BITS);
	pool.stats.free -= n;
	pool.stats.allocs++;
	uint32_t used = pool.total - pool.stats.free;
	if (used > pool.stats.peak_used)
		pool.stats.peak_used = used;
	arch_irq_restore(irq);
	return page_address(first);
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
		return -EALREADY; /* freed twice */
	if (!bit(pool.head, (uint32_t)first))
		return -EINVAL; /* the middle of someone's allocation */
	if (!span(pool.used, (uint32_t)first + 1, n - 1, SPAN_ALL_SET) ||
	    !span(pool.head, (uint32_t)first + 1, n - 1, SPAN_NONE_SET))
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
	span(pool.used, first, n, SPAN_CLEAR);
	pool.head[first / BITS] &= ~(1u << (first % BITS));
	if (first / BITS < pool.lowest)
		pool.lowest = first / BITS;
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
