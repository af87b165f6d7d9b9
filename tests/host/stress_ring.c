/*
 * stress_ring.c — a producer thread and a consumer thread move 10^8 bytes
 * through one ring with random bulk sizes, mixing every put and get form,
 * built with ThreadSanitizer. Every byte carries its position (mod 251, a
 * prime, so a lost, repeated or reordered byte shows): none may be lost,
 * duplicated or reordered, and the overflow count must stay zero.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ring.h"

#define TOTAL 100000000ull

static struct ring ring;
static uint8_t storage[4096];

static uint32_t next_random(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void *producer(void *arg)
{
	(void)arg;
	uint32_t seed = 1;
	uint64_t sent = 0;
	uint8_t chunk[512];
	while (sent < TOTAL) {
		uint32_t want = 1 + next_random(&seed) % sizeof chunk;
		if (want > TOTAL - sent)
			want = (uint32_t)(TOTAL - sent);
		switch (next_random(&seed) % 3) {
		case 0: { /* bulk, never more than fits: this producer must not drop */
			uint32_t n = ring_space(&ring);
			if (n > want)
				n = want;
			for (uint32_t i = 0; i < n; i++)
				chunk[i] = (uint8_t)((sent + i) % 251);
			sent += ring_put_bulk(&ring, chunk, n);
			break;
		}
		case 1: { /* in place */
			uint8_t *span;
			uint32_t n = ring_claim(&ring, &span);
			if (n > want)
				n = want;
			for (uint32_t i = 0; i < n; i++)
				span[i] = (uint8_t)((sent + i) % 251);
			ring_commit(&ring, n);
			sent += n;
			break;
		}
		default: /* one byte */
			if (ring_space(&ring) && ring_put(&ring, (uint8_t)(sent % 251)))
				sent++;
		}
	}
	return NULL;
}

static uint64_t received, errors;

static void *consumer(void *arg)
{
	(void)arg;
	uint32_t seed = 2;
	uint8_t chunk[512], peeked;
	while (received < TOTAL) {
		uint32_t want = 1 + next_random(&seed) % sizeof chunk;
		if (next_random(&seed) % 2) {
			uint32_t n = ring_get_bulk(&ring, chunk, want);
			for (uint32_t i = 0; i < n; i++)
				errors += chunk[i] != (uint8_t)((received + i) % 251);
			received += n;
		} else if (ring_peek(&ring, &peeked)) {
			uint8_t got;
			errors += !ring_get(&ring, &got) || got != peeked || got != (uint8_t)(received % 251);
			received++;
		}
	}
	return NULL;
}

int main(void)
{
	pthread_t p, c;
	ring_init(&ring, storage, sizeof storage);
	pthread_create(&c, NULL, consumer, NULL);
	pthread_create(&p, NULL, producer, NULL);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	uint8_t extra;
	int ok = received == TOTAL && errors == 0 && ring_overflows(&ring) == 0 && !ring_get(&ring, &extra);
	printf("%sok 1 - ring stress: %llu bytes through two threads, %llu wrong, %u overflows\n", ok ? "" : "not ",
	       (unsigned long long)received, (unsigned long long)errors, (unsigned)ring_overflows(&ring));
	printf("1..1\n");
	return !ok;
}
