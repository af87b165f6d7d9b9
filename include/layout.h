/*
 * layout.h — the runtime's data layout, exported as data in every firmware so
 * host tools (tools/snapshot-check.c) can walk a RAM snapshot without knowing
 * the target's word size, struct offsets or where the kernel keeps its state.
 */
#pragma once
#include <stdint.h>

#define RUNTIME_LAYOUT_MAGIC 0x59414c38u /* "8LAY" in memory, little-endian */
/* 4: the page map is a byte a page (below); 3 and older had two bits a page. */
#define RUNTIME_LAYOUT_VERSION 4

/*
 * The page map (kernel/page.c, whose invariant says more), a byte a page:
 * an allocation of 1 .. PAGE_MAP_RUN_MAX pages has its length on its first
 * page and 0 on the rest, a longer one PAGE_MAP_LONG on its first page and
 * PAGE_MAP_LATER on the rest; a page no allocation covers is free, and 0.
 */
#define PAGE_MAP_FREE 0u
#define PAGE_MAP_RUN_MAX 253u
#define PAGE_MAP_LONG 0xfeu
#define PAGE_MAP_LATER 0xffu

/* The pages a map byte at a page boundary steps over: a short allocation's
   length, or 1 for a free page and a long one's bytes (its end is found page
   by page). */
static inline __attribute__((always_inline)) uint32_t page_map_span(uint32_t byte)
{
	return byte - 1 < PAGE_MAP_RUN_MAX ? byte : 1;
}

/* Addresses of module-private state, published by the module that owns it. */
struct sched_roots {
	const void *current, *run_head, *run_tail, *dead, *all_tasks;
};
struct page_roots {
	const void *map;         /* the page map pointer, uint8_t *: a byte a page (above) */
	const void *total;       /* uint32_t pages managed */
	const void *base;        /* uintptr_t address of page 0 */
};
struct device_roots {
	const void *devices;
};
extern const struct sched_roots sched_roots;
extern const struct page_roots page_roots;
extern const struct device_roots device_roots;

/*
 * Every field before `sched` is a uint32_t, so a tool reads them by index
 * whatever the target; `roots_at` says where the pointer-sized ones start.
 * task.state is one byte; the other task fields a tool reads are words or pointers.
 */
struct runtime_layout_words {
	uint32_t magic, version, ptr_size, roots_at;
	uint32_t stack_canary, page_size;
	uint32_t task_size, task_sp, task_next, task_all_next, task_name, task_canary;
	uint32_t task_pages, task_page_count, task_id, task_state;
	uint32_t state_ready, state_running, state_blocked, state_dead;
	uint32_t ring_head, ring_tail_seen, ring_overflows, ring_tail, ring_head_seen, ring_mask, ring_buf;
	uint32_t device_name, device_priv, device_next, device_ops;
	uint32_t serial_dev, serial_rx, serial_tx, serial_readers, serial_writers;
	uint32_t waitq_head;
};

struct runtime_layout {
	struct runtime_layout_words words;
	/* pointer-sized from here on */
	const struct sched_roots *sched;
	const struct page_roots *pages;
	const struct device_roots *devices;
	const void *boot_stack_bottom, *boot_stack_top; /* the stack main runs on */
	const void *serial_ops; /* the operations of every serial device (NULL: none linked) */
};

extern const struct runtime_layout runtime_layout;
