/*
 * ring.h — lock-free single-producer/single-consumer byte ring, the channel
 * between an interrupt top half and the task that drains or fills it. The
 * one-byte and bulk operations also come inline (ring_*_inline, below) for
 * callers where a call costs as much as the work: top halves, benchmarks.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "arch.h"

struct ring {
	/* producer side */
	_Alignas(ARCH_CACHE_LINE) uint32_t head; /* bytes ever written */
	uint32_t tail_seen;                      /* producer's last look at tail */
	uint32_t overflows;                      /* bytes offered that did not fit */
	/* consumer side */
	_Alignas(ARCH_CACHE_LINE) uint32_t tail; /* bytes ever read */
	uint32_t head_seen;                      /* consumer's last look at head */
	/* fixed at init */
	uint32_t mask; /* capacity - 1 */
	uint8_t *buf;
};

/* capacity must be a power of two; returns 0 or -EINVAL. */
int ring_init(struct ring *r, void *buf, uint32_t capacity);

/* Producer side. */
bool ring_put(struct ring *r, uint8_t byte);                      /* false (and counted) when full */
uint32_t ring_put_bulk(struct ring *r, const void *src, uint32_t n); /* stores what fits; the rest is counted */
uint32_t ring_space(struct ring *r);
uint32_t ring_claim(struct ring *r, uint8_t **span); /* contiguous free bytes at *span */
void ring_commit(struct ring *r, uint32_t n);        /* publish n claimed bytes */

/* Consumer side. */
bool ring_get(struct ring *r, uint8_t *byte);
uint32_t ring_get_bulk(struct ring *r, void *dst, uint32_t n);
bool ring_peek(struct ring *r, uint8_t *byte);
uint32_t ring_count(struct ring *r);
uint32_t ring_read_span(struct ring *r, uint8_t **span); /* contiguous readable bytes at *span */
void ring_consume(struct ring *r, uint32_t n);           /* release n bytes read in place */

/* Either side. */
/* Bytes refused since init, modulo 2^32: it wraps after 4 GiB refused (a
   device's stats.overflows is the 64-bit count). */
uint32_t ring_overflows(const struct ring *r);
uint32_t ring_capacity(const struct ring *r);

/*
 * The inline fast paths; ring.c states the invariant they keep. They are
 * always inlined (at -Os gcc would otherwise call them out of line, from
 * flash, which IRAM code must not), so IRAM callers stay in IRAM.
 */
#define RING_INLINE static inline __attribute__((always_inline))

/*
 * Loads and stores of the indices the other side reads. With more than one
 * CPU they are atomic with acquire and release. On a single-core MCU the
 * other side is an interrupt on the same core, which sees memory in program
 * order: plain accesses between compiler fences, so no barrier instruction
 * is spent (xtensa gcc would add a memw to every volatile or atomic access).
 */
RING_INLINE uint32_t ring_load_acquire(uint32_t *p)
{
	if (ARCH_SMP)
		return __atomic_load_n(p, __ATOMIC_ACQUIRE);
	uint32_t v = *p;
	__atomic_signal_fence(__ATOMIC_ACQUIRE);
	return v;
}

RING_INLINE void ring_store_release(uint32_t *p, uint32_t v)
{
	if (ARCH_SMP) {
		__atomic_store_n(p, v, __ATOMIC_RELEASE);
		return;
	}
	__atomic_signal_fence(__ATOMIC_RELEASE);
	*p = v;
}

/* A side's own index, which only it writes. */
RING_INLINE uint32_t ring_relaxed(const uint32_t *p)
{
	return ARCH_SMP ? __atomic_load_n(p, __ATOMIC_RELAXED) : *p;
}

RING_INLINE void ring_count_overflow(struct ring *r, uint32_t n)
{
	if (ARCH_SMP)
		__atomic_store_n(&r->overflows, ring_relaxed(&r->overflows) + n, __ATOMIC_RELAXED);
	else
		r->overflows += n;
}

/* Free space as the producer sees it; rereads tail only when the cached view is short. */
RING_INLINE uint32_t ring_producer_space(struct ring *r, uint32_t head, uint32_t want)
{
	uint32_t space = r->mask + 1 - (head - r->tail_seen);
	if (space < want) {
		r->tail_seen = ring_load_acquire(&r->tail);
		space = r->mask + 1 - (head - r->tail_seen);
	}
	return space;
}

RING_INLINE uint32_t ring_consumer_count(struct ring *r, uint32_t tail, uint32_t want)
{
	uint32_t count = r->head_seen - tail;
	if (count < want) {
		r->head_seen = ring_load_acquire(&r->head);
		count = r->head_seen - tail;
	}
	return count;
}

/*
 * The other side's index: with several CPUs, the copy this side last saw
 * (rereading it moves a cache line between CPUs, so only when the copy says
 * full or empty); on one core a load of the index itself, which is never
 * stale, kept in the copy as well, so the copy stays what ring.c's
 * invariant and the out-of-line paths expect.
 */
RING_INLINE uint32_t ring_tail_for_producer(struct ring *r)
{
	if (ARCH_SMP)
		return r->tail_seen;
	return r->tail_seen = ring_load_acquire(&r->tail);
}

RING_INLINE uint32_t ring_head_for_consumer(struct ring *r)
{
	if (ARCH_SMP)
		return r->head_seen;
	return r->head_seen = ring_load_acquire(&r->head);
}

/* The slow halves, out of line (and in IRAM): the ring looked full (empty)
   as last seen, so these look at the other side's index again and finish
   the operation, or refuse it (a refused byte counted). */
__attribute__((cold)) bool ring_put_slow(struct ring *r, uint8_t byte);
__attribute__((cold)) bool ring_get_slow(struct ring *r, uint8_t *byte);

RING_INLINE bool ring_put_inline(struct ring *r, uint8_t byte)
{
	uint32_t head = ring_relaxed(&r->head), mask = r->mask;
	if (__builtin_expect(head - ring_tail_for_producer(r) > mask, 0))
		return ring_put_slow(r, byte);
	r->buf[head & mask] = byte;
	ring_store_release(&r->head, head + 1);
	return true;
}

/* With several CPUs a consumer that keeps pace with its producer finds the
   copy of head stale every time: it looks again inline, on the straight
   path. */
RING_INLINE bool ring_get_inline(struct ring *r, uint8_t *byte)
{
	uint32_t tail = ring_relaxed(&r->tail), mask = r->mask;
	if (ARCH_SMP) {
		if (r->head_seen == tail) {
			r->head_seen = ring_load_acquire(&r->head);
			if (__builtin_expect(r->head_seen == tail, 0))
				return false;
		}
	} else if (__builtin_expect(ring_head_for_consumer(r) == tail, 0))
		return ring_get_slow(r, byte);
	*byte = r->buf[tail & mask];
	ring_store_release(&r->tail, tail + 1);
	return true;
}

/*
 * The bulk paths: inline when all n bytes fit without wrapping around the
 * buffer's end and both ends are word-aligned with n a multiple of four (a
 * UART's FIFO chunks and most buffers are), copied eight words to a loop
 * turn, or with no loop when n is a constant of at most 64; everything
 * else — a partial fit, a wrap, odd alignment — goes to the out-of-line
 * copy, which splits at the end and uses memcpy. Where memcpy is inline
 * (ARCH_MEMCPY_INLINE) it copies any alignment, so only a fit and a wrap
 * are tested.
 */
uint32_t ring_put_bulk_slow(struct ring *r, const void *src, uint32_t n);
uint32_t ring_get_bulk_slow(struct ring *r, void *dst, uint32_t n);

typedef uint32_t __attribute__((may_alias)) ring_word; /* a word of a byte buffer */

RING_INLINE void ring_copy_words(void *dst, const void *src, uint32_t n)
{
	if (ARCH_MEMCPY_INLINE) {
		memcpy(dst, src, n);
		return;
	}
	ring_word *d = dst;
	const ring_word *s = src, *end = (const ring_word *)((const uint8_t *)src + n);
	if (__builtin_constant_p(n) && n <= 64) {
		/* A size known at the call, up to 16 words: no loop at all. The
		   empty asm keeps gcc from turning the copy into a memcpy call. */
#pragma GCC unroll 16
		for (uint32_t i = 0; i < n / 4; i++) {
			__asm__("" : "+r"(d));
			d[i] = s[i];
		}
		return;
	}
	for (; s + 8 <= end; s += 8, d += 8) {
		ring_word a = s[0], b = s[1], c = s[2], e = s[3], f = s[4], g = s[5], h = s[6], i = s[7];
		d[0] = a;
		d[1] = b;
		d[2] = c;
		d[3] = e;
		d[4] = f;
		d[5] = g;
		d[6] = h;
		d[7] = i;
	}
	for (; s < end; s++, d++)
		*d = *s;
}

/* Whether all n bytes fit (are there) inline: with several CPUs, the copy
   of the other side's index is refreshed once here when it says no. */
RING_INLINE bool ring_bulk_fits(struct ring *r, uint32_t head, uint32_t n)
{
	if (n <= r->mask + 1 - (head - ring_tail_for_producer(r)))
		return true;
	if (!ARCH_SMP)
		return false;
	r->tail_seen = ring_load_acquire(&r->tail);
	return n <= r->mask + 1 - (head - r->tail_seen);
}

RING_INLINE bool ring_bulk_there(struct ring *r, uint32_t tail, uint32_t n)
{
	if (n <= ring_head_for_consumer(r) - tail)
		return true;
	if (!ARCH_SMP)
		return false;
	r->head_seen = ring_load_acquire(&r->head);
	return n <= r->head_seen - tail;
}

RING_INLINE uint32_t ring_put_bulk_inline(struct ring *r, const void *src, uint32_t n)
{
	uint32_t head = ring_relaxed(&r->head), mask = r->mask, at = head & mask;
	uint8_t *to = r->buf + at;
	if (__builtin_expect(!ring_bulk_fits(r, head, n) || n > mask + 1 - at ||
				     (!ARCH_MEMCPY_INLINE && (((uintptr_t)to | (uintptr_t)src | n) & 3)),
			     0))
		return ring_put_bulk_slow(r, src, n);
	ring_copy_words(to, src, n);
	ring_store_release(&r->head, head + n);
	return n;
}

RING_INLINE uint32_t ring_get_bulk_inline(struct ring *r, void *dst, uint32_t n)
{
	uint32_t tail = ring_relaxed(&r->tail), mask = r->mask, at = tail & mask;
	const uint8_t *from = r->buf + at;
	if (__builtin_expect(!ring_bulk_there(r, tail, n) || n > mask + 1 - at ||
				     (!ARCH_MEMCPY_INLINE && (((uintptr_t)from | (uintptr_t)dst | n) & 3)),
			     0))
		return ring_get_bulk_slow(r, dst, n);
	ring_copy_words(dst, from, n);
	ring_store_release(&r->tail, tail + n);
	return n;
}
