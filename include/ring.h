/*
 * ring.h — lock-free single-producer/single-consumer byte ring, the channel
 * between an interrupt top half and the task that drains or fills it.
 */
#pragma once
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "arch.h"

struct ring {
	/* producer side */
	_Alignas(ARCH_CACHE_LINE) _Atomic uint32_t head; /* bytes ever written */
	uint32_t tail_seen;                              /* producer's last look at tail */
	_Atomic uint32_t overflows;                      /* bytes offered that did not fit */
	/* consumer side */
	_Alignas(ARCH_CACHE_LINE) _Atomic uint32_t tail; /* bytes ever read */
	uint32_t head_seen;                              /* consumer's last look at head */
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
