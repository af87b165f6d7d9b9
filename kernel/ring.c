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
 * fences and cost no instructions (ARCH_SMP, arch_inline.h). The one-byte and
 * bulk paths live in ring.h, inline; these are their out-of-line copies.
 */
#include "ring.h"
#include <errno.h>
#include <string.h>

int ring_init(struct ring *r, void *buf, uint32_t capacity)
{
	if (capacity == 0 || (capacity & (capacity - 1)) != 0 || capacity > (1u << 31))
		return -EINVAL;
	r->head = 0;
	r->tail = 0;
	r->overflows = 0;
	r->tail_seen = 0;
	r->head_seen = 0;
	r->mask = capacity - 1;
	r->buf = buf;
	return 0;
}

IRAM bool ring_put_slow(struct ring *r, uint8_t byte)
{
	uint32_t head = ring_relaxed(&r->head);
	r->tail_seen = ring_load_acquire(&r->tail);
	if (head - r->tail_seen > r->mask) {
		ring_count_overflow(r, 1);
		return false;
	}
	r->buf[head & r->mask] = byte;
	ring_store_release(&r->head, head + 1);
	return true;
}

IRAM bool ring_get_slow(struct ring *r, uint8_t *byte)
{
	uint32_t tail = ring_relaxed(&r->tail);
	r->head_seen = ring_load_acquire(&r->head);
	if (r->head_seen == tail)
		return false;
	*byte = r->buf[tail & r->mask];
	ring_store_release(&r->tail, tail + 1);
	return true;
}

IRAM bool ring_put(struct ring *r, uint8_t byte)
{
	return ring_put_inline(r, byte);
}

IRAM uint32_t ring_put_bulk(struct ring *r, const void *src, uint32_t n)
{
	return ring_put_bulk_inline(r, src, n);
}

IRAM uint32_t ring_put_bulk_slow(struct ring *r, const void *src, uint32_t n)
{
	uint32_t head = ring_relaxed(&r->head);
	uint32_t space = ring_producer_space(r, head, n);
	uint32_t take = n < space ? n : space;
	uint32_t at = head & r->mask;
	uint32_t first = r->mask + 1 - at;
	if (first > take)
		first = take;
	memcpy(r->buf + at, src, first);
	memcpy(r->buf, (const uint8_t *)src + first, take - first);
	ring_store_release(&r->head, head + take);
	if (take < n)
		ring_count_overflow(r, n - take);
	return take;
}

IRAM uint32_t ring_space(struct ring *r)
{
	return ring_producer_space(r, ring_relaxed(&r->head), r->mask + 1);
}

IRAM uint32_t ring_claim(struct ring *r, uint8_t **span)
{
	uint32_t head = ring_relaxed(&r->head);
	uint32_t space = ring_producer_space(r, head, r->mask + 1);
	uint32_t at = head & r->mask;
	uint32_t contiguous = r->mask + 1 - at;
	*span = r->buf + at;
	return space < contiguous ? space : contiguous;
}

IRAM void ring_commit(struct ring *r, uint32_t n)
{
	ring_store_release(&r->head, ring_relaxed(&r->head) + n);
}

IRAM bool ring_get(struct ring *r, uint8_t *byte)
{
	return ring_get_inline(r, byte);
}

IRAM uint32_t ring_get_bulk(struct ring *r, void *dst, uint32_t n)
{
	return ring_get_bulk_inline(r, dst, n);
}

IRAM uint32_t ring_get_bulk_slow(struct ring *r, void *dst, uint32_t n)
{
	uint32_t tail = ring_relaxed(&r->tail);
	uint32_t count = ring_consumer_count(r, tail, n);
	uint32_t take = n < count ? n : count;
	uint32_t at = tail & r->mask;
	uint32_t first = r->mask + 1 - at;
	if (first > take)
		first = take;
	memcpy(dst, r->buf + at, first);
	memcpy((uint8_t *)dst + first, r->buf, take - first);
	ring_store_release(&r->tail, tail + take);
	return take;
}

IRAM bool ring_peek(struct ring *r, uint8_t *byte)
{
	uint32_t tail = ring_relaxed(&r->tail);
	if (ring_consumer_count(r, tail, 1) == 0)
		return false;
	*byte = r->buf[tail & r->mask];
	return true;
}

IRAM uint32_t ring_read_span(struct ring *r, uint8_t **span)
{
	uint32_t tail = ring_relaxed(&r->tail);
	uint32_t count = ring_consumer_count(r, tail, r->mask + 1);
	uint32_t at = tail & r->mask;
	uint32_t contiguous = r->mask + 1 - at;
	*span = r->buf + at;
	return count < contiguous ? count : contiguous;
}

IRAM void ring_consume(struct ring *r, uint32_t n)
{
	ring_store_release(&r->tail, ring_relaxed(&r->tail) + n);
}

IRAM uint32_t ring_count(struct ring *r)
{
	return ring_consumer_count(r, ring_relaxed(&r->tail), r->mask + 1);
}

uint32_t ring_overflows(const struct ring *r)
{
	return ring_relaxed(&r->overflows);
}

uint32_t ring_capacity(const struct ring *r)
{
	return r->mask + 1;
}
