/*
 * page.h — the page allocator ("BareAlloc"): fixed-size pages from the RAM
 * the board leaves over, contiguous runs of n pages, statistics.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "board_config.h"

#define PAGE_SHIFT BOARD_PAGE_SHIFT
#define PAGE_SIZE (1u << PAGE_SHIFT)

struct page_stats {
	uint32_t total;     /* pages managed */
	uint32_t free;      /* pages not allocated */
	uint32_t peak_used; /* most pages allocated at once */
	uint32_t allocs, frees;
	uint32_t failed_allocs; /* exhaustion: no run of the size asked for */
	uint32_t bad_frees;     /* double frees and pointers never given out */
};

/* Manages [start, end): the bitmaps are carved from its front. */
void page_init(uintptr_t start, uintptr_t end);

/* n contiguous pages, page-aligned; NULL when no run of n pages is free.
   One page and runs have fast paths of their own: with n known at the call,
   the choice between them costs nothing. */
void *page_alloc_one(void);
void *page_alloc_run(uint32_t n);
static inline __attribute__((always_inline)) void *page_alloc(uint32_t n)
{
	return n == 1 ? page_alloc_one() : page_alloc_run(n);
}

/* Returns 0, -EINVAL for a pointer that is not the start of an allocation of
   n pages, or -EALREADY for pages that are already free. Nothing changes on error. */
int page_free_one(void *p);
int page_free_run(void *p, uint32_t n);
static inline __attribute__((always_inline)) int page_free(void *p, uint32_t n)
{
	return n == 1 ? page_free_one(p) : page_free_run(p, n);
}

void page_get_stats(struct page_stats *s);

/* Address of the first managed page, for tools that map pages to owners. */
uintptr_t page_base(void);
