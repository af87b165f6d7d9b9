/*
 * malloc.c — a malloc peer for the page rows of bench/core.sh: malloc + free
 * of one page and of a 4-page run, timed as bench/host/core.c times ours.
 * Built once per allocator (mk/rules-bench-peers.mk); it checks that malloc
 * really comes from the library it is named for before it prints.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../host/time_op.h"

#define PAGE 4096 /* the host's page (board/host/board_config.h) */

static void malloc_free(uint64_t n, size_t bytes)
{
	for (uint64_t i = 0; i < n; i++) {
		void *p = malloc(bytes);
		__asm__ volatile("" : : "r"(p) : "memory"); /* keeps the pair from being elided */
		free(p);
	}
}

static void malloc_free_1(uint64_t n)
{
	malloc_free(n, PAGE);
}

static void malloc_free_4(uint64_t n)
{
	malloc_free(n, 4 * PAGE);
}

int main(void)
{
	Dl_info where;
	void *(*resolved)(size_t) = malloc;
	if (!dladdr((void *)resolved, &where) || !where.dli_fname || !strstr(where.dli_fname, PEER_LIBRARY)) {
		fprintf(stderr, "bench: malloc comes from %s, not %s\n", where.dli_fname ? where.dli_fname : "?",
			PEER_LIBRARY);
		return 1;
	}
	printf("peer %s page_alloc_free_1 %.1f\n", PEER_NAME, time_op(malloc_free_1));
	fflush(stdout);
	printf("peer %s page_alloc_free_4 %.1f\n", PEER_NAME, time_op(malloc_free_4));
	return 0;
}
