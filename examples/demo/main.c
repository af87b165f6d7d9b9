/*
 * main.c (demo) — what 8266go is doing on this target, in a few lines.
 */
#include <stdio.h>
#include "clock.h"
#include "page.h"
#include "ring.h"

int main(void)
{
	static uint8_t storage[16];
	struct ring r;
	struct page_stats pages;

	printf("8266go: booted at %llu ns\n", (unsigned long long)nanotime());
	page_get_stats(&pages);
	printf("pages: %u free of %u, %u bytes each\n", (unsigned)pages.free, (unsigned)pages.total,
	       (unsigned)PAGE_SIZE);
	ring_init(&r, storage, sizeof storage);
	for (const char *s = "hello, ring"; *s; s++)
		ring_put(&r, (uint8_t)*s);
	uint8_t c;
	printf("ring: ");
	while (ring_get(&r, &c))
		putchar(c);
	printf("\n8266go: done at %llu ns\n", (unsigned long long)nanotime());
	return 0;
}
