/*
 * page.h — the page allocator ("BareAlloc"): fixed-size pages from the RAM
 * the board leaves over, contiguous runs of n pages, statistics.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "board_config.h"
#include "layout.h"

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

/* Manages [start, end): the page map is carved from its front. */
void page_init(uintptr_t start, uintptr_t end);

/*
 * The fast paths (one page, or a run of up to PAGE_MAP_RUN_MAX pages at the
 * first free page) call nothing, so they keep no stack frame: what they do
 * not cover they decline (NULL, or non-zero from a free) and the general
 * path takes it, called from here because gcc makes no tail calls on the
 * lx106. With n known at the call, choosing costs nothing.
 */
void *page_alloc_one_fast(void);
void *page_alloc_run_fast(uint32_t n);
void *page_alloc_slow(uint32_t n);
int page_free_one_fast(void *p);
int page_free_run_fast(void *p, uint32_t n);
int page_free_slow(void *p, uint32_t n);

/* n contiguous pages, page-aligned; NULL when no run of n pages is free. */
static inline __attribute__((always_inline)) void *page_alloc(uint32_t n)
{
	void *p = n == 1 ? page_alloc_one_fast() : n - 1 < PAGE_MAP_RUN_MAX ? page_alloc_run_fast(n) : 0;
	return __builtin_expect(p != 0, 1) ? p : page_alloc_slow(n);
}

/* Returns 0, -EINVAL for a pointer that is not the start of an allocation of
   n pages, or -EALREADY for pages that are already free. Nothing changes on error. */
static inline __attribute__((always_inline)) int page_free(void *p, uint32_t n)
{
	int declined = n == 1 ? page_free_one_fast(p) : n - 1 < PAGE_MAP_RUN_MAX ? page_free_run_fast(p, n) : 1;
	return __builtin_expect(!declined, 1) ? 0 : page_free_slow(p, n);
}

void page_get_stats(struct page_stats *s);

/* Address of the first managed page, for tools that map pages to owners. */
uintptr_t page_base(void);
