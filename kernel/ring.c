/*
 * ring.c — lock-free single-producer/single-consumer byte ring.
 *
 * Invariant: head and tail are free-running 32-bit counters of bytes written
 * and read; the ring holds head - tail bytes (mod 2^32), never more than
 * capacity, and byte number i lives in buf[i & mask]. Only the producer writes
 * head, tail_seen and overflows; only the consumer writes tail and head_seen.
 * The producer stores bytes, then releases head; the consumer acquires head,
 * reads bytes, then releases tail so the producer may reuse the space.
 *
 * On a single-core MCU the other side is an interrupt on the same core, which
 * sees memory in program order: there the acquire/release become compiler
 * fences and cost no instructions (ARCH_SMP, arch_inline.h).
 */
#include "ring.h"
#include <errno.h>
#include <string.h>

/* The helpers must melt into their IRAM callers: at -Os gcc would otherwise
   call them out of line, from flash. */
#define HELPER static inline __attribute__((always_inline))

HELPER uint32_t load_acquire(_Atomic uint32_t *p)
{
	if (ARCH_SMP)
		return atomic_load_explicit(p, memory_order_acquire);
	uint32_t v = atomic_load_explicit(p, memory_order_relaxed);
	atomic_signal_fence(memory_order_acquire);
	return v;
}

HELPER void store_release(_Atomic uint32_t *p, uint32_t v)
{
	if (ARCH_SMP) {
		atomic_store_explicit(p, v, memory_order_release);
		return;
	}
	atomic_signal_fence(memory_order_release);
	atomic_store_explicit(p, v, memory_order_relaxed);
}

HELPER uint32_t relaxed(_Atomic uint32_t *p)
{
	return atomic_load_explicit(p, memory_order_relaxed);
}

HELPER void count_overflow(struct ring *r, uint32_t n)
{
	atomic_store_explicit(&r->overflows, relaxed(&r->overflows) + n, memory_order_relaxed);
}

int ring_init(struct ring *r, void *buf, uint32_t capacity)
{
	if (capacity == 0 || (capacity & (capacity - 1)) != 0 || capacity > (1u << 31))
		return -EINVAL;
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	atomic_init(&r->overflows, 0);
	r->tail_seen = 0;
	r->head_seen = 0;
	r->mask = capacity - 1;
	r->buf = buf;
	return 0;
}

/* Free space as the producer sees it; rereads tail only when the cached view is full. */
HELPER uint32_t producer_space(struct ring *r, uint32_t head, uint32_t want)
{
	uint32_t space = r->mask + 1 - (head - r->tail_seen);
	if (space < want) {
		r->tail_seen = load_acquire(&r->tail);
		space = r->mask + 1 - (head - r->tail_seen);
	}
	return space;
}

HELPER uint32_t consumer_count(struct ring *r, uint32_t tail, uint32_t want)
{
	uint32_t count = r->head_seen - tail;
	if (count < want) {
		r->head_seen = load_acquire(&r->head);
		count = r->head_seen - tail;
	}
	return count;
}

IRAM bool ring_put(struct ring *r, uint8_t byte)
{
	uint32_t head = relaxed(&r->head);
	if (producer_space(r, head, 1) == 0) {
		count_overflow(r, 1);
		return false;
	}
	r->buf[head & r->mask] = byte;
	store_release(&r->head, head + 1);
	return true;
}

IRAM uint32_t ring_put_bulk(struct ring *r, const void *src, uint32_t n)
{
	uint32_t head = relaxed(&r->head);
	uint32_t space = producer_space(r, head, n);
	uint32_t take = n < space ? n : space;
	uint32_t at = head & r->mask;
	uint32_t first = r->mask + 1 - at;
	if (first > take)
		first = take;
	memcpy(r->buf + at, src, first);
	memcpy(r->buf, (const uint8_t *)src + first, take - first);
	store_release(&r->head, head + take);
	if (take < n)
		count_overflow(r, n - take);
	return take;
}

IRAM uint32_t ring_space(struct ring *r)
{
	return producer_space(r, relaxed(&r->head), r->mask + 1);
}

IRAM uint32_t ring_claim(struct ring *r, uint8_t **span)
{
	uint32_t head = relaxed(&r->head);
	uint32_t space = producer_space(r, head, r->mask + 1);
	uint32_t at = head & r->mask;
	uint32_t contiguous = r->mask + 1 - at;
	*span = r->buf + at;
	return space < contiguous ? space : contiguous;
}

IRAM void ring_commit(struct ring *r, uint32_t n)
{
	store_release(&r->head, relaxed(&r->head) + n);
}

IRAM bool ring_get(struct ring *r, uint8_t *byte)
{
	uint32_t tail = relaxed(&r->tail);
	if (consumer_count(r, tail, 1) == 0)
		return false;
	*byte = r->buf[tail & r->mask];
	store_release(&r->tail, tail + 1);
	return true;
}

IRAM uint32_t ring_get_bulk(struct ring *r, void *dst, uint32_t n)
{
	uint32_t tail = relaxed(&r->tail);
	uint32_t count = consumer_count(r, tail, n);
	uint32_t take = n < count ? n : count;
	uint32_t at = tail & r->mask;
	uint32_t first = r->mask + 1 - at;
	if (first > take)
		first = take;
	memcpy(dst, r->buf + at, first);
	memcpy((uint8_t *)dst + first, r->buf, take - first);
	store_release(&r->tail, tail + take);
	return take;
}

IRAM bool ring_peek(struct ring *r, uint8_t *byte)
{
	uint32_t tail = relaxed(&r->tail);
	if (consumer_count(r, tail, 1) == 0)
		return false;
	*byte = r->buf[tail & r->mask];
	return true;
}

IRAM uint32_t ring_read_span(struct ring *r, uint8_t **span)
{
	uint32_t tail = relaxed(&r->tail);
	uint32_t count = consumer_count(r, tail, r->mask + 1);
	uint32_t at = tail & r->mask;
	uint32_t contiguous = r->mask + 1 - at;
	*span = r->buf + at;
	return count < contiguous ? count : contiguous;
}

IRAM void ring_consume(struct ring *r, uint32_t n)
{
	store_release(&r->tail, relaxed(&r->tail) + n);
}

IRAM uint32_t ring_count(struct ring *r)
{
	return consumer_count(r, relaxed(&r->tail), r->mask + 1);
}

uint32_t ring_overflows(const struct ring *r)
{
	return atomic_load_explicit((_Atomic uint32_t *)&r->overflows, memory_order_relaxed);
}

uint32_t ring_capacity(const struct ring *r)
{
	return r->mask + 1;
}
