/*
 * selftest.c — the foundation checked on the target itself: ring buffer,
 * page allocator and clock, run on every QEMU target (and as a host process).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "clock.h"
#include "page.h"
#include "ring.h"
#include "tap.h"

static void ring_checks(void)
{
	static uint8_t storage[64];
	struct ring r;
	uint8_t out[64], byte = 0;

	CHECK(ring_init(&r, storage, 48) == -EINVAL, "ring rejects a capacity that is not a power of two");
	CHECK(ring_init(&r, storage, sizeof storage) == 0, "ring of 64 bytes");
	for (int i = 0; i < 64; i++)
		ring_put(&r, (uint8_t)i);
	CHECK(!ring_put(&r, 99) && ring_overflows(&r) == 1, "a full ring refuses and counts the byte");
	CHECK(ring_get(&r, &byte) && byte == 0, "first in, first out");
	CHECK(ring_get_bulk(&r, out, 63) == 63 && out[0] == 1 && out[62] == 63, "bulk get across the end");
	CHECK(!ring_get(&r, &byte), "an empty ring gives nothing");

	uint8_t *span;
	uint32_t n = ring_claim(&r, &span);
	CHECK(n == 64, "claim offers the contiguous free span (%u)", (unsigned)n);
	memset(span, 0xab, 10);
	ring_commit(&r, 10);
	CHECK(ring_count(&r) == 10 && ring_peek(&r, &byte) && byte == 0xab, "commit publishes claimed bytes");

	/* The inline paths (ring.h) and the calls agree on what the ring holds,
	   across the end: a top half may fill with one and a task count with the
	   other. */
	ring_init(&r, storage, sizeof storage);
	for (int i = 0; i < 40; i++)
		ring_put_inline(&r, (uint8_t)i);
	for (int i = 0; i < 30; i++)
		ring_get_inline(&r, &byte);
	CHECK(ring_count(&r) == 10 && ring_space(&r) == 54, "after inline puts and gets the calls count 10 held, 54 free (%u, %u)",
	      (unsigned)ring_count(&r), (unsigned)ring_space(&r));
	for (int i = 40; i < 90; i++)
		ring_put_inline(&r, (uint8_t)i);
	n = ring_claim(&r, &span);
	CHECK(ring_count(&r) == 60 && ring_space(&r) == 4 && n == 4, "and across the end 60 held, 4 free, 4 to claim (%u, %u, %u)",
	      (unsigned)ring_count(&r), (unsigned)ring_space(&r), (unsigned)n);
	CHECK(ring_get_bulk(&r, out, 64) == 60 && out[0] == 30 && out[59] == 89 && ring_get_bulk_inline(&r, out, 4) == 0,
	      "a bulk get takes exactly those 60, in order, and leaves nothing");
}

static void page_checks(void)
{
	struct page_stats before, after;
	page_get_stats(&before);
	CHECK(before.total > 0, "page allocator manages %u pages of %u bytes", (unsigned)before.total,
	      (unsigned)PAGE_SIZE);
	uint8_t *a = page_alloc(1), *b = page_alloc(3);
	CHECK(a && b && ((uintptr_t)a % PAGE_SIZE) == 0 && ((uintptr_t)b % PAGE_SIZE) == 0,
	      "allocations are page-aligned");
	memset(b, 0x5a, 3 * PAGE_SIZE);
	CHECK(page_free(b, 2) == -EINVAL, "freeing with the wrong length is refused");
	CHECK(page_free(b, 3) == 0 && page_free(b, 3) == -EALREADY, "double free is detected");
	CHECK(page_free(a + 8, 1) == -EINVAL, "a pointer never given out is refused");
	CHECK(page_free(a, 1) == 0, "free");
	CHECK(page_alloc(before.total + 1) == 0, "exhaustion returns NULL");
	page_get_stats(&after);
	CHECK(after.free == before.free && after.failed_allocs == before.failed_allocs + 1 &&
		      after.bad_frees == before.bad_frees + 3,
	      "statistics: all pages back, 1 failed alloc, 3 bad frees");
}

static void clock_checks(void)
{
	uint64_t t0 = nanotime(), t1;
	volatile uint32_t spin = 0;
	while ((t1 = nanotime()) - t0 < 1000000)
		spin++;
	CHECK(t1 > t0, "nanotime advances (1 ms after %u polls)", (unsigned)spin);
	struct counter32 c = {0, 0};
	uint64_t a = counter32_extend(&c, 0xfffffff0u), b = counter32_extend(&c, 0x10);
	CHECK(b > a && b - a == 0x20, "a 32-bit counter widens across its wrap");
}

int main(void)
{
	printf("# selftest\n");
	ring_checks();
	page_checks();
	clock_checks();
	return tap_done();
}
