/*
 * snapshot-check.c — checks a RAM snapshot of a running firmware against the
 * runtime's invariants: task stacks and canaries, the run, dead and wait
 * queues, ring indices, and who owns each page of the page allocator.
 *
 * It knows no struct offsets: it reads them, and the addresses of the kernel's
 * state, from the runtime_layout descriptor in the ELF (include/layout.h).
 * The RAM is a plain image (QEMU's pmemsave) or the frame a firmware sends
 * over its UART (snapshot-frame.c), refused when damaged or of another build.
 * Prints a report; exits 1 when any invariant is broken, 2 on bad input.
 * Every count and pointer comes from a snapshot that may be corrupt: each is
 * checked against the region it claims before it is followed, and a read
 * that would still leave the snapshot is refused and reported as corruption.
 */
#include "elf.h"
#include "snapshot-frame.h"
#include "../include/layout.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TASKS 256
#define MAX_DEVICES 64
#define NAME_MAX_LEN 24
#define MAX_VIOLATIONS 100


/* The pointer-sized rest of it, in order, and the roots they lead to. */
enum { R_SCHED, R_PAGES, R_DEVICES, R_STACK_BOTTOM, R_STACK_TOP, R_SERIAL_OPS, NROOTS };
enum { S_CURRENT, S_RUN_HEAD, S_RUN_TAIL, S_DEAD, S_ALL_TASKS, NSCHED };
enum { P_MAP, P_TOTAL, P_BASE, NPAGES };

struct task {
	uint64_t addr, sp, next, all_next, canary_at, pages;
	uint64_t lo, hi; /* the stack: [lo, hi) */
	uint32_t page_count, id, canary;
	uint8_t state;
	bool canary_readable, on_run, on_dead, on_wait;
	char name[NAME_MAX_LEN + 1];
};

static struct elf elf;
static struct runtime_layout_words L; /* the descriptor's target-independent head */
static uint8_t *ram;
static uint64_t ram_base, ram_size;
static struct snapshot_frame frame; /* when the RAM came as a UART dump */
static bool from_frame;
static struct task tasks[MAX_TASKS];
static int ntasks;
static uint64_t current;
/* Collected while checking, printed after the report. */
static char *violation_text[MAX_VIOLATIONS];
static int violations;

static void violation(const char *fmt, ...)
{
	va_list ap;
	char line[512];
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (violations < MAX_VIOLATIONS)
		violation_text[violations] = strdup(line);
	violations++;
}

static __attribute__((noreturn)) void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "snapshot-check: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

static bool in_ram(uint64_t addr, uint64_t len)
{
	return addr >= ram_base && len <= ram_size && addr - ram_base <= ram_size - len &&
	       (!from_frame || snapshot_frame_holds(&frame, addr, len));
}

/* Reads outside the snapshot that a check above them should have caught. */
static uint64_t stray_reads, first_stray;

/* Little-endian loads from the snapshot; callers check in_ram first, and a
   read outside it is counted as corruption and gives 0. */
static uint64_t load(uint64_t addr, unsigned size)
{
	uint64_t v = 0;
	if (!in_ram(addr, size)) {
		if (!stray_reads++)
			first_stray = addr;
		return 0;
	}
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)ram[addr - ram_base + i] << (8 * i);
	return v;
}
static uint32_t load32(uint64_t addr) { return (uint32_t)load(addr, 4); }
static uint64_t load_ptr(uint64_t addr) { return load(addr, L.ptr_size); }

/* A pointer-sized word that must be in the snapshot, else the input is wrong. */
static uint64_t root_ptr(uint64_t addr, const char *what)
{
	if (!in_ram(addr, L.ptr_size))
		die("%s at 0x%llx is not in the snapshot", what, (unsigned long long)addr);
	return load_ptr(addr);
}

/* A C string from RAM, or from the ELF's initial data (names in flash). */
static void read_string(uint64_t addr, char *out, size_t size)
{
	size_t n = 0;
	for (; n + 1 < size; n++) {
		uint8_t c;
		if (in_ram(addr + n, 1))
			c = ram[addr + n - ram_base];
		else if (elf_read(&elf, addr + n, &c, 1) != 0)
			break;
		if (c == 0)
			break;
		out[n] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[n] = 0;
	if (n == 0 && addr)
		snprintf(out, size, "@%llx", (unsigned long long)addr);
}

static const char *state_name(uint8_t s)
{
	if (s == L.state_ready)
		return "ready";
	if (s == L.state_running)
		return "running";
	if (s == L.state_blocked)
		return "blocked";
	if (s == L.state_dead)
		return "dead";
	return "invalid";
}

static struct task *task_at(uint64_t addr)
{
	for (int i = 0; i < ntasks; i++)
		if (tasks[i].addr == addr)
			return &tasks[i];
	return NULL;
}

static const char *who(const struct task *t)
{
	static char buf[4][NAME_MAX_LEN + 32];
	static int next;
	char *b = buf[next++ % 4];
	snprintf(b, sizeof buf[0], "task '%s' (id %u)", t->name, t->id);
	return b;
}

static void read_task(struct task *t, uint64_t addr)
{
	memset(t, 0, sizeof *t);
	t->addr = addr;
	t->sp = load_ptr(addr + L.task_sp);
	t->next = load_ptr(addr + L.task_next);
	t->all_next = load_ptr(addr + L.task_all_next);
	t->canary_at = load_ptr(addr + L.task_canary);
	t->pages = load_ptr(addr + L.task_pages);
	t->page_count = load32(addr + L.task_page_count);
	t->id = load32(addr + L.task_id);
	t->state = (uint8_t)load(addr + L.task_state, 1);
	read_string(load_ptr(addr + L.task_name), t->name, sizeof t->name);
	if (t->canary_at && in_ram(t->canary_at, 4)) {
		t->canary = load32(t->canary_at);
		t->canary_readable = true;
	}
}

/* The descriptor's offsets lie inside the structures they describe, and a
   page has a size: the checks below rely on both. */
static bool layout_fits(void)
{
	const uint32_t task_words[] = {L.task_page_count, L.task_id}, task_ptrs[] = {L.task_sp, L.task_next,
		L.task_all_next, L.task_name, L.task_canary, L.task_pages};
	for (size_t i = 0; i < sizeof task_words / sizeof task_words[0]; i++)
		if (task_words[i] > L.task_size || L.task_size - task_words[i] < 4)
			return false;
	for (size_t i = 0; i < sizeof task_ptrs / sizeof task_ptrs[0]; i++)
		if (task_ptrs[i] > L.task_size || L.task_size - task_ptrs[i] < L.ptr_size)
			return false;
	return L.page_size != 0 && L.task_state < L.task_size && L.task_size < (1u << 20) &&
	       L.page_size < (1u << 30);
}

/* Bytes from the start of a ring (a device) to the end of its last field. */
static uint64_t ring_extent(void)
{
	const uint32_t words[] = {L.ring_head, L.ring_tail_seen, L.ring_overflows, L.ring_tail, L.ring_head_seen,
		L.ring_mask};
	uint64_t end = (uint64_t)L.ring_buf + L.ptr_size;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if ((uint64_t)words[i] + 4 > end)
			end = (uint64_t)words[i] + 4;
	return end;
}

static uint64_t device_extent(void)
{
	const uint32_t pointers[] = {L.device_name, L.device_priv, L.device_next, L.device_ops};
	uint64_t end = 0;
	for (size_t i = 0; i < sizeof pointers / sizeof pointers[0]; i++)
		if ((uint64_t)pointers[i] + L.ptr_size > end)
			end = (uint64_t)pointers[i] + L.ptr_size;
	return end;
}

static void load_layout(uint64_t roots[NROOTS])
{
	const struct elf_symbol *s = elf_symbol_named(&elf, "runtime_layout");
	if (!s)
		die("%s has no runtime_layout symbol (built without kernel/layout.c?)", elf.path);
	if (elf_read(&elf, s->value, &L, sizeof L) != 0)
		die("%s: cannot read runtime_layout's initial data", elf.path);
	if (L.magic != RUNTIME_LAYOUT_MAGIC)
		die("%s: runtime_layout has magic 0x%08x, want 0x%08x", elf.path, L.magic, RUNTIME_LAYOUT_MAGIC);
	if (L.version != RUNTIME_LAYOUT_VERSION)
		die("%s: runtime_layout version %u, but this snapshot-check reads version %u only%s; check the "
		    "snapshot with a snapshot-check built from the firmware's own source", elf.path, L.version,
		    RUNTIME_LAYOUT_VERSION,
		    L.version < 4 ? " (up to version 3 the page map was two bits a page, now a byte)" : "");
	if ((L.ptr_size != 4 && L.ptr_size != 8) || L.roots_at < sizeof L || !layout_fits())
		die("%s: runtime_layout is malformed", elf.path);
	/* The descriptor is read-only data: a copy that differs means the
	   snapshot is not of this firmware, or not at this base address. */
	uint64_t len = L.roots_at + (uint64_t)NROOTS * L.ptr_size;
	uint8_t linked[512];
	if (len > sizeof linked || elf_read(&elf, s->value, linked, len) != 0)
		die("%s: runtime_layout is malformed", elf.path);
	if (!in_ram(s->value, len) || memcmp(linked, ram + (s->value - ram_base), len) != 0)
		die("the snapshot does not hold this firmware's runtime_layout at 0x%llx: "
		    "another firmware, or the wrong base address",
		    (unsigned long long)s->value);
	for (int i = 0; i < NROOTS; i++)
		roots[i] = load_ptr(s->value + L.roots_at + (uint64_t)i * L.ptr_size);
}

/* Walks all_tasks; a cycle or a pointer out of RAM ends the walk. */
static void read_tasks(uint64_t head)
{
	for (uint64_t a = head; a;) {
		struct task *seen = task_at(a);
		if (seen) {
			violation("all-tasks list has a cycle: %s links back to %s", who(&tasks[ntasks - 1]), who(seen));
			return;
		}
		if (!in_ram(a, L.task_size)) {
			violation("all-tasks list points outside RAM (0x%llx)", (unsigned long long)a);
			return;
		}
		if (ntasks == MAX_TASKS) {
			violation("all-tasks list longer than %d tasks", MAX_TASKS);
			return;
		}
		read_task(&tasks[ntasks], a);
		a = tasks[ntasks++].all_next;
	}
}

static void check_tasks(uint64_t stack_bottom, uint64_t stack_top)
{
	if (!task_at(current))
		violation("current (0x%llx) is not in the task list", (unsigned long long)current);
	for (int i = 0; i < ntasks; i++) {
		struct task *t = &tasks[i];
		if (t->pages) {
			t->lo = t->pages;
			t->hi = t->addr;
		} else {
			t->lo = stack_bottom;
			t->hi = stack_top;
		}
		if (!strcmp(state_name(t->state), "invalid"))
			violation("%s has an invalid state %u", who(t), t->state);
		if (t->state == L.state_running && t->addr != current)
			violation("%s is RUNNING but is not current", who(t));
		if (t->canary_at) {
			if (t->canary_at != t->lo)
				violation("%s: canary at 0x%llx is not the lowest word of its stack 0x%llx", who(t),
					  (unsigned long long)t->canary_at, (unsigned long long)t->lo);
			if (!t->canary_readable)
				violation("%s: canary at 0x%llx is outside RAM", who(t),
					  (unsigned long long)t->canary_at);
			else if (t->canary != L.stack_canary)
				violation("%s: stack canary at 0x%llx overwritten (0x%08x, want 0x%08x)", who(t),
					  (unsigned long long)t->canary_at, t->canary, L.stack_canary);
		}
		/* The running task's sp is in a register; its saved one is stale. */
		if (t->addr != current && t->lo && (t->sp < t->lo + 4 || t->sp > t->hi))
			violation("%s: saved sp 0x%llx outside its stack 0x%llx-0x%llx", who(t),
				  (unsigned long long)t->sp, (unsigned long long)t->lo, (unsigned long long)t->hi);
	}
}

/*
 * A queue chained through task->next: every element a listed task in state
 * `want`; marks them via `mark`. Returns the last element (0 if empty).
 */
static uint64_t check_queue(const char *queue, uint64_t head, uint32_t want, size_t mark, bool *cycle)
{
	uint64_t last = 0;
	int steps = 0;
	*cycle = false;
	for (uint64_t a = head; a; steps++) {
		struct task *t = task_at(a);
		if (!t) {
			violation("%s holds 0x%llx, which is not a task in the task list", queue, (unsigned long long)a);
			return last;
		}
		bool *on = (bool *)((char *)t + mark);
		if (*on || steps > ntasks) {
			struct task *prev = task_at(last);
			violation("%s has a cycle: %s links back to %s", queue, prev ? who(prev) : "?", who(t));
			*cycle = true;
			return last;
		}
		*on = true;
		if (t->state != want)
			violation("%s holds %s, which is %s, not %s", queue, who(t), state_name(t->state),
				  state_name((uint8_t)want));
		last = a;
		a = t->next;
	}
	return last;
}

static void print_queue(const char *queue, uint64_t head)
{
	uint64_t shown[MAX_TASKS];
	int n = 0;
	printf("%s:", queue);
	if (!head)
		printf(" empty");
	for (struct task *t; head && (t = task_at(head)); head = t->next) {
		for (int i = 0; i < n; i++)
			if (shown[i] == head) {
				printf(" (back to %s)\n", t->name);
				return;
			}
		shown[n++] = head;
		printf(" %s(%u)", t->name, t->id);
	}
	printf("\n");
}

/* The scheduler's queues: run queue FIFO with its tail, dead list. */
static void check_sched(uint64_t run_head, uint64_t run_tail, uint64_t dead)
{
	bool cycle;
	uint64_t last = check_queue("run queue", run_head, L.state_ready, offsetof(struct task, on_run), &cycle);
	if (!cycle && run_tail != last) {
		struct task *t = task_at(run_tail), *l = task_at(last);
		violation("run_tail is %s, but the run queue ends at %s", t ? who(t) : "not a task",
			  l ? who(l) : "nothing (empty)");
	}
	for (int i = 0; i < ntasks; i++)
		if (tasks[i].state == L.state_ready && !tasks[i].on_run)
			violation("%s is READY but not on the run queue", who(&tasks[i]));
	check_queue("dead list", dead, L.state_dead, offsetof(struct task, on_dead), &cycle);
}

static void print_tasks(void)
{
	printf("tasks (%d):\n", ntasks);
	printf("  %4s %-12s %-8s %-21s %-10s %s\n", "id", "name", "state", "stack", "saved sp", "canary");
	for (int i = 0; i < ntasks; i++) {
		struct task *t = &tasks[i];
		char stack[32], sp[16], canary[24];
		snprintf(stack, sizeof stack, "%llx-%llx", (unsigned long long)t->lo, (unsigned long long)t->hi);
		if (t->addr == current)
			snprintf(sp, sizeof sp, "(current)");
		else
			snprintf(sp, sizeof sp, "%llx", (unsigned long long)t->sp);
		if (!t->canary_at)
			snprintf(canary, sizeof canary, "none");
		else if (t->canary_readable && t->canary == L.stack_canary)
			snprintf(canary, sizeof canary, "intact");
		else
			snprintf(canary, sizeof canary, "BROKEN %08x", t->canary);
		printf("  %4u %-12s %-8s %-21s %-10s %s\n", t->id, t->name, state_name(t->state), stack, sp, canary);
	}
}

/* --- pages --- */

struct pool {
	uint64_t map, base; /* a byte a page (include/layout.h, kernel/page.c) */
	uint32_t total;
	int *owner;       /* index into tasks[] per page, -1 if none */
	int64_t *start;   /* first page of the allocation covering each page, -1 if free */
	uint32_t *length; /* an allocation's pages, at its first page */
};

static uint32_t map_byte(const struct pool *p, uint32_t i)
{
	return (uint32_t)load(p->map + i, 1);
}

static void print_run(uint32_t first, uint32_t n, const char *owner)
{
	if (n == 1)
		printf("  %-9u 1 page   %s\n", first, owner);
	else
		printf("  %u-%-6u %u pages  %s\n", first, first + n - 1, n, owner);
}

/* The task a spawn would have put at the top of this block, if it is still
   there: one whose pages, or whose canary, say this block is its own. */
static bool task_in_block(uint64_t block, uint32_t n, struct task *t)
{
	uint64_t a = (block + (uint64_t)n * L.page_size - L.task_size) & ~(uint64_t)15;
	if (!in_ram(a, L.task_size))
		return false;
	read_task(t, a);
	return (t->pages == block && t->page_count == n) || t->canary_at == block;
}

/* "page 3" or "pages 3-5" */
static const char *pages_str(uint32_t first, uint32_t last)
{
	static char buf[4][32];
	static int next;
	char *b = buf[next++ % 4];
	if (first == last)
		snprintf(b, sizeof buf[0], "page %u", first);
	else
		snprintf(b, sizeof buf[0], "pages %u-%u", first, last);
	return b;
}

/*
 * Reads the map as kernel/page.c keeps it: a short allocation's length on
 * its first page and 0 on the rest, a long one's mark then LATER pages.
 * Fills start[] and length[], and reports what breaks that shape.
 */
static void read_allocations(struct pool *p)
{
	for (uint32_t k = 0; k < p->total; k++)
		p->start[k] = -1;
	for (uint32_t k = 0; k < p->total;) {
		uint32_t b = map_byte(p, k), n = 1;
		if (b == PAGE_MAP_FREE) {
			k++;
			continue;
		}
		if (b == PAGE_MAP_LATER) {
			violation("page %u is marked as a later page of an allocation that does not cover it", k);
			k++;
			continue;
		}
		if (b == PAGE_MAP_LONG) {
			while (k + n < p->total && map_byte(p, k + n) == PAGE_MAP_LATER)
				n++;
			if (n <= PAGE_MAP_RUN_MAX)
				violation("%s marked as one long allocation, but a long one has more than %u pages",
					  pages_str(k, k + n - 1), PAGE_MAP_RUN_MAX);
		} else {
			if (b > p->total - k) {
				violation("page %u starts an allocation of %u pages, past the pool's end (%u pages)", k, b,
					  p->total);
				b = p->total - k;
			}
			while (n < b && map_byte(p, k + n) == PAGE_MAP_FREE)
				n++;
			if (n < b)
				violation("page %u lies in the allocation of %s, but its byte is 0x%02x where its later "
					  "pages hold 0", k + n, pages_str(k, k + b - 1), map_byte(p, k + n));
		}
		for (uint32_t j = k; j < k + n; j++)
			p->start[j] = k;
		p->length[k] = n;
		k += n;
	}
}

/* Each task's pages against the page map; owner[] gets filled on the way. */
static void check_owners(struct pool *p)
{
	for (int i = 0; i < ntasks; i++) {
		struct task *t = &tasks[i];
		if (!t->pages)
			continue;
		uint64_t off = t->pages - p->base;
		if (t->pages < p->base || off % L.page_size || off / L.page_size + t->page_count > p->total ||
		    t->page_count == 0) {
			violation("%s: its pages 0x%llx (%u) lie outside the page pool", who(t),
				  (unsigned long long)t->pages, t->page_count);
			continue;
		}
		uint32_t first = (uint32_t)(off / L.page_size), last = first + t->page_count - 1, freed = 0;
		int twice = -1;
		for (uint32_t k = first; k <= last; k++) {
			if (p->owner[k] >= 0 && twice < 0)
				twice = p->owner[k];
			if (p->owner[k] < 0)
				p->owner[k] = i;
			freed += p->start[k] < 0;
		}
		if (twice >= 0)
			violation("%s owned twice: by %s and by %s", pages_str(first, last), who(&tasks[twice]), who(t));
		if (freed)
			violation("%s holds %s, but the page map marks %u of them free", who(t), pages_str(first, last),
				  freed);
		else if (p->start[first] != first || p->length[first] != t->page_count)
			violation("%s holds %s, but the page map does not have them as one allocation (%s)", who(t),
				  pages_str(first, last),
				  p->start[first] != first ? "the first is a later page" : "it has another length");
		if (t->state == L.state_dead && !t->on_dead)
			violation("%s has exited but still holds %s: it is not on the dead list, so nothing will "
				  "free them", who(t), pages_str(first, last));
	}
}

static void check_pages(uint64_t map_at, uint64_t total_at, uint64_t base_at)
{
	struct pool p = {
		.map = root_ptr(map_at, "the page map pointer"),
		.base = root_ptr(base_at, "the page pool base"),
	};
	if (!in_ram(total_at, 4))
		die("the page count at 0x%llx is not in the snapshot", (unsigned long long)total_at);
	p.total = load32(total_at);
	if (!in_ram(p.map, (uint64_t)p.total + 1)) {
		violation("page map at 0x%llx (%u pages) is not in RAM: the page count or the map pointer is corrupt",
			  (unsigned long long)p.map, p.total);
		return;
	}
	if (p.base + (uint64_t)p.total * L.page_size < p.base ||
	    (L.ptr_size == 4 && p.base + (uint64_t)p.total * L.page_size > (1ull << 32))) {
		violation("page pool at 0x%llx with %u pages of %u bytes passes the end of the address space: "
			  "the page count or base is corrupt", (unsigned long long)p.base, p.total, L.page_size);
		return;
	}
	p.owner = malloc(sizeof(int) * ((size_t)p.total + 1));
	p.start = malloc(sizeof(int64_t) * ((size_t)p.total + 1));
	p.length = calloc((size_t)p.total + 1, sizeof(uint32_t));
	if (!p.owner || !p.start || !p.length)
		die("no memory for %u pages", p.total);
	for (uint32_t k = 0; k < p.total; k++)
		p.owner[k] = -1;
	read_allocations(&p);
	check_owners(&p);

	uint32_t used_pages = 0;
	for (uint32_t k = 0; k < p.total; k++)
		used_pages += p.start[k] >= 0;
	printf("pages: %u total, %u used, %u free, %u bytes each, page 0 at 0x%llx\n", p.total, used_pages,
	       p.total - used_pages, L.page_size, (unsigned long long)p.base);
	for (uint32_t k = 0; k < p.total;) {
		if (p.start[k] < 0) {
			k++;
			continue;
		}
		uint32_t n = p.length[k];
		char owner[NAME_MAX_LEN + 96];
		int o = -1;
		for (uint32_t j = k; j < k + n && o < 0; j++)
			o = p.owner[j];
		struct task found;
		if (o >= 0) {
			snprintf(owner, sizeof owner, "stack of %s", who(&tasks[o]));
		} else if (task_in_block(p.base + (uint64_t)k * L.page_size, n, &found)) {
			struct task *listed = task_at(found.addr);
			if (listed)
				violation("the stack of %s is in %s, but it says its pages are at 0x%llx", who(listed),
					  pages_str(k, k + n - 1), (unsigned long long)listed->pages);
			else
				violation("%s held by %s (%s), which is not in the task list",
					  pages_str(k, k + n - 1), who(&found), state_name(found.state));
			snprintf(owner, sizeof owner, "stack of %s?", who(&found));
		} else {
			snprintf(owner, sizeof owner, "unknown owner");
		}
		print_run(k, n, owner);
		k += n;
	}
	free(p.owner);
	free(p.start);
	free(p.length);
}

/* --- devices, their rings and wait queues --- */

static void check_ring(const char *dev, const char *which, uint64_t r)
{
	char name[NAME_MAX_LEN + 8];
	snprintf(name, sizeof name, "%s.%s", dev, which);
	if (!in_ram(r, ring_extent())) {
		violation("ring %s at 0x%llx is outside RAM", name, (unsigned long long)r);
		return;
	}
	uint32_t head = load32(r + L.ring_head), tail = load32(r + L.ring_tail);
	uint32_t head_seen = load32(r + L.ring_head_seen), tail_seen = load32(r + L.ring_tail_seen);
	uint32_t mask = load32(r + L.ring_mask), overflows = load32(r + L.ring_overflows);
	uint64_t buf = load_ptr(r + L.ring_buf);
	uint64_t capacity = (uint64_t)mask + 1;
	printf("  %-12s %8llu %10u %10u %8u %9u\n", name, (unsigned long long)capacity, head, tail, head - tail,
	       overflows);
	if (capacity & (capacity - 1))
		violation("ring %s: mask 0x%x is not a power of two minus one (capacity %llu)", name, mask,
			  (unsigned long long)capacity);
	if (head - tail > capacity)
		violation("ring %s: head - tail = %u exceeds its capacity %llu (head %u, tail %u)", name, head - tail,
			  (unsigned long long)capacity, head, tail);
	if (head_seen - tail > head - tail)
		violation("ring %s: the consumer's head_seen %u is not between tail %u and head %u", name, head_seen,
			  tail, head);
	if (head - tail_seen > capacity)
		violation("ring %s: the producer's tail_seen %u leaves head %u more than capacity ahead", name,
			  tail_seen, head);
	if (!in_ram(buf, capacity))
		violation("ring %s: buffer 0x%llx of %llu bytes is outside RAM", name, (unsigned long long)buf,
			  (unsigned long long)capacity);
}

static void check_waitq(const char *dev, const char *which, uint64_t q)
{
	char name[NAME_MAX_LEN + 32];
	bool cycle;
	snprintf(name, sizeof name, "wait queue %s.%s", dev, which);
	if (!in_ram(q + L.waitq_head, L.ptr_size)) {
		violation("%s at 0x%llx is outside RAM", name, (unsigned long long)q);
		return;
	}
	uint64_t head = load_ptr(q + L.waitq_head);
	check_queue(name, head, L.state_blocked, offsetof(struct task, on_wait), &cycle);
	if (head)
		print_queue(name, head);
}

static void check_devices(uint64_t devices, uint64_t serial_ops)
{
	uint64_t seen[MAX_DEVICES];
	int n = 0;
	printf("rings:\n  %-12s %8s %10s %10s %8s %9s\n", "ring", "capacity", "head", "tail", "count", "overflows");
	for (uint64_t d = devices; d; d = load_ptr(d + L.device_next)) {
		for (int i = 0; i < n; i++)
			if (seen[i] == d) {
				violation("device list has a cycle at 0x%llx", (unsigned long long)d);
				return;
			}
		if (n == MAX_DEVICES || !in_ram(d, device_extent())) {
			violation("device list points outside RAM (0x%llx)", (unsigned long long)d);
			return;
		}
		seen[n++] = d;
		char name[NAME_MAX_LEN + 1];
		read_string(load_ptr(d + L.device_name), name, sizeof name);
		/* A serial device has serial.c's operations, and its priv is the
		   struct serial that embeds it; other drivers' state is not known. */
		uint64_t s = d - L.serial_dev;
		if (!serial_ops || load_ptr(d + L.device_ops) != serial_ops)
			continue;
		if (load_ptr(d + L.device_priv) != s) {
			violation("serial device %s: priv is not the struct serial around it", name);
			continue;
		}
		check_ring(name, "rx", s + L.serial_rx);
		check_ring(name, "tx", s + L.serial_tx);
		check_waitq(name, "readers", s + L.serial_readers);
		check_waitq(name, "writers", s + L.serial_writers);
	}
}

static uint8_t *read_file(const char *path, uint64_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	uint8_t *data = malloc(n > 0 ? (size_t)n : 1);
	if (n <= 0 || fread(data, 1, (size_t)n, f) != (size_t)n)
		die("cannot read %s (or it is empty)", path);
	fclose(f);
	*size = (uint64_t)n;
	return data;
}

/* A UART dump: checked whole and against the ELF's build before any of it is
   read as memory; its ranges say where the RAM was. */
static void load_frame(const char *path, uint8_t *data, uint64_t size)
{
	if (snapshot_frame_read(&frame, data, (size_t)size) != 0 || snapshot_frame_match_build(&frame, &elf) != 0)
		die("%s: %s", path, frame.error);
	free(data);
	from_frame = true;
	ram = frame.ram;
	ram_base = frame.base;
	ram_size = frame.size;
	printf("dump: taken %s, build id ", snapshot_frame_reason(&frame));
	for (size_t i = 0; i < frame.build_id_size; i++)
		printf("%02x", frame.build_id[i]);
	printf(" (matches the ELF), %zu range%s, CRC-32 intact\n", frame.nranges, frame.nranges == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: snapshot-check firmware.elf ram.bin [base-address]\n"
				"  ram.bin: RAM bytes, or a dump frame the firmware sent over its UART\n"
				"  base-address: where ram.bin starts (default 0x3ffe8000 on lx106, "
				"0x80000000 on RISC-V); a dump frame carries its own\n");
		return 2;
	}
	if (elf_load(&elf, argv[1]) != 0)
		die("%s", elf.error);
	ram = read_file(argv[2], &ram_size);
	if (snapshot_frame_is(ram, ram_size)) {
		if (argc == 4)
			die("%s is a dump frame, which carries its own addresses: give no base address", argv[2]);
		load_frame(argv[2], ram, ram_size);
	} else if (argc == 4) {
		char *end;
		ram_base = strtoull(argv[3], &end, 0);
		if (*end)
			die("bad base address '%s'", argv[3]);
	} else {
		ram_base = elf.machine == EM_XTENSA ? 0x3ffe8000 : 0x80000000;
	}
	printf("snapshot: %s, %llu bytes of RAM at 0x%llx, firmware %s (%s)\n", argv[2],
	       (unsigned long long)ram_size, (unsigned long long)ram_base, argv[1], elf_machine_name(elf.machine));

	uint64_t roots[NROOTS], sched[NSCHED], pages[NPAGES];
	load_layout(roots);
	for (int i = 0; i < NSCHED; i++)
		sched[i] = root_ptr(roots[R_SCHED] + (uint64_t)i * L.ptr_size, "sched_roots");
	for (int i = 0; i < NPAGES; i++)
		pages[i] = root_ptr(roots[R_PAGES] + (uint64_t)i * L.ptr_size, "page_roots");
	uint64_t devices = root_ptr(roots[R_DEVICES], "device_roots");

	current = root_ptr(sched[S_CURRENT], "current");
	uint64_t run_head = root_ptr(sched[S_RUN_HEAD], "run_head");
	uint64_t run_tail = root_ptr(sched[S_RUN_TAIL], "run_tail");
	uint64_t dead = root_ptr(sched[S_DEAD], "dead");
	read_tasks(root_ptr(sched[S_ALL_TASKS], "all_tasks"));
	check_tasks(roots[R_STACK_BOTTOM], roots[R_STACK_TOP]);
	check_sched(run_head, run_tail, dead);
	print_tasks();
	print_queue("run queue", run_head);
	print_queue("dead list", dead);
	check_devices(root_ptr(devices, "devices"), roots[R_SERIAL_OPS]);
	check_pages(pages[P_MAP], pages[P_TOTAL], pages[P_BASE]);

	if (stray_reads)
		violation("the snapshot is corrupt: %llu reads followed pointers out of it (the first to 0x%llx)",
			  (unsigned long long)stray_reads, (unsigned long long)first_stray);
	for (int i = 0; i < violations && i < MAX_VIOLATIONS; i++) {
		printf("violation: %s\n", violation_text[i]);
		free(violation_text[i]);
	}
	if (violations)
		printf("%d violation%s\n", violations, violations == 1 ? "" : "s");
	else
		printf("no violations\n");
	elf_free(&elf);
	if (from_frame)
		snapshot_frame_free(&frame);
	else
		free(ram);
	return violations ? 1 : 0;
}
