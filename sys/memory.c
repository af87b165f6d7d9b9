/*
 * memory.c — sbrk for picolibc's malloc, from the page allocator. The first
 * call takes one contiguous arena of BOARD_MALLOC_ARENA bytes (sbrk's heap
 * must grow contiguously, which a page allocator cannot promise later);
 * growing past it fails with ENOMEM, and malloc returns NULL.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include "board.h"
#include "page.h"
#include "sys.h"

static uint8_t *arena, *brk_at, *arena_end;

void *sbrk(ptrdiff_t increment)
{
	if (!arena) {
		uint32_t pages = (BOARD_MALLOC_ARENA + PAGE_SIZE - 1) / PAGE_SIZE;
		arena = page_alloc(pages);
		if (!arena) {
			sys_error(-ENOMEM);
			return (void *)-1;
		}
		brk_at = arena;
		arena_end = arena + pages * PAGE_SIZE;
	}
	if (increment > arena_end - brk_at || increment < arena - brk_at) {
		sys_error(-ENOMEM);
		return (void *)-1;
	}
	uint8_t *old = brk_at;
	brk_at += increment;
	return old;
}
