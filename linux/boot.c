/*
 * boot.c — main of the Linux-personality firmware (build/rv64/gorun.elf):
 * reads the launch file tools/gorun wrote (its host path is the semihosting
 * command line), loads the program it names and starts its first thread.
 *
 * The launch file is a list of NUL-terminated strings:
 *   "gorun1", trace ("0"/"1"), stats ("0"/"1"), the ELF's host path,
 *   argc, argv[0..argc), envc, envp[0..envc)
 * so no firmware is rebuilt per program and arguments may hold any byte
 * but NUL.
 */
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "console.h"
#include "linux.h"
#include "page.h"
#include "semihost.h"
#include "task.h"

#define LAUNCH_MAX (64u << 10)
#define MAX_ARGS 1024
#define TIME_SLICE_NS 10000000u /* a thread spinning in user code yields after 10 ms */
#define STATUS_CANNOT_EXECUTE 126

static bool stats;

__attribute__((noreturn)) static void fail(const char *what, const char *detail)
{
	console_puts("gorun: ");
	console_puts(what);
	if (detail) {
		console_puts(": ");
		console_puts(detail);
	}
	console_puts("\n");
	exit(STATUS_CANNOT_EXECUTE);
}

/* The next string of the launch file, or NULL past its end. */
static char *next_field(char **at, char *end)
{
	char *s = *at;
	char *nul = s < end ? memchr(s, 0, end - s) : 0;
	if (!nul)
		return 0;
	*at = nul + 1;
	return s;
}

static char **read_list(char **at, char *end, int *count)
{
	char *n = next_field(at, end);
	if (!n)
		return 0;
	*count = atoi(n);
	if (*count < 0 || *count > MAX_ARGS)
		return 0;
	char **list = (char **)page_alloc(((*count + 1) * sizeof(char *) + PAGE_SIZE - 1) / PAGE_SIZE);
	if (!list)
		return 0;
	for (int i = 0; i < *count; i++)
		if (!(list[i] = next_field(at, end)))
			return 0;
	list[*count] = 0;
	return list;
}

/* On a C task switching in: it may use FP registers, so a thread's user
   FP state must be reloaded before it runs again. */
static void on_resume(struct task *t)
{
	if (!task_is_thread(t))
		harts[0].fp_owner = 0;
}

static const struct sched_hooks hooks = {.on_resume = on_resume};

static void put_dec64(uint64_t v)
{
	char digits[20];
	int n = 0;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		console_putc(digits[--n]);
}

static void report_stats(void)
{
	struct page_stats ps;
	struct vm_stats vs;
	extern char _start[], _heap_start[];
	page_get_stats(&ps);
	vm_get_stats(&vs);
	uint32_t used = ps.total - ps.free;
	console_puts("gorun-stats: pages-total=");
	console_dec(ps.total);
	console_puts(" instret-first-write=");
	put_dec64(harts[0].first_write_instret);
	console_puts(" pages-used=");
	console_dec(used);
	console_puts(" user-pages=");
	console_dec(vs.user_pages);
	console_puts(" table-pages=");
	console_dec(vs.table_pages);
	console_puts(" peak-pages=");
	console_dec(ps.peak_used);
	console_puts(" image-bytes=");
	console_dec((uint32_t)(_heap_start - _start));
	console_puts(" vmas=");
	console_dec(vs.vmas);
	console_puts("\n");
}

int main(void)
{
	static char path[1024];
	long n = semihost_cmdline(path, sizeof path - 1);
	if (n <= 0)
		fail("no launch file on the semihosting command line (run programs with tools/gorun)", 0);
	path[n] = 0;
	long lf = semihost_open(path, SEMIHOST_READ_BINARY);
	long size = lf >= 0 ? semihost_length(lf) : -1;
	if (size <= 0 || size > (long)LAUNCH_MAX)
		fail("cannot read the launch file", path);
	char *launch = page_alloc((size + PAGE_SIZE) / PAGE_SIZE);
	if (!launch || semihost_read(lf, launch, size) != size)
		fail("cannot read the launch file", path);
	semihost_close(lf);
	char *at = launch, *end = launch + size;
	struct launch l;
	const char *magic = next_field(&at, end), *trace = next_field(&at, end), *stat = next_field(&at, end);
	const char *elf = next_field(&at, end);
	if (!magic || strcmp(magic, "gorun1") || !trace || !stat || !elf ||
	    !(l.argv = read_list(&at, end, &l.argc)) || !(l.envp = read_list(&at, end, &l.envc)))
		fail("malformed launch file", path);
	linux_trace = trace[0] == '1';
	stats = stat[0] == '1';
	if (stats)
		atexit(report_stats);

	/* Counters readable from U-mode (Go's cputicks uses rdtime): both
	   mcounteren and scounteren (facts/qemu-riscv-virt.md). */
	__asm__ volatile("csrw mcounteren, %0\n\tcsrw scounteren, %0" ::"r"(7));
	__asm__ volatile("csrw mscratch, zero\n\tcsrw mtvec, %0" ::"r"(linux_trap_vector));
	time_init();
	vm_init();
	file_init();
	long fd = semihost_open(elf, SEMIHOST_READ_BINARY);
	if (fd < 0)
		fail("cannot open", elf);
	uint64_t entry, sp;
	int err = elf_load(fd, &l, &entry, &sp);
	semihost_close(fd);
	if (err)
		fail("not a static linux/riscv64 executable, or too big for memory", elf);
	sched_set_hooks(&hooks);
	sched_set_time_slice(TIME_SLICE_NS);
	if (thread_start_first(entry, sp) < 0)
		fail("no memory for the first thread", 0);
	/* main has nothing left to do, and no one wakes it. */
	arch_irq_save();
	for (;;)
		task_block(0, false);
}
