/*
 * syscall.c — the riscv64 Linux syscall table (asm-generic numbers: a7 is
 * the number, a0-a5 the arguments, a0 the result or -errno), the memory
 * calls, and GORUN_TRACE: every call with its arguments and result, and a
 * note for each call the table lacks (it gets -ENOSYS).
 */
#include <errno.h>
#include "console.h"
#include "linux.h"
#include "page.h"
#include "task.h"

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define RLIMIT_NOFILE 7
#define RLIM_INFINITY (~0ull)

bool linux_trace;

typedef long (*syscall_fn)(struct thread *t, const unsigned long *a);

static long do_mmap(struct thread *t, const unsigned long *a)
{
	(void)t;
	uint64_t addr = a[0], len = a[1];
	int prot = (int)a[2], flags = (int)a[3];
	if (!len || len > USER_TOP)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return (int)a[4] < 0 ? -EBADF : -ENODEV; /* no file can be mapped */
	if (!(flags & (MAP_PRIVATE | MAP_SHARED)) || (addr & (PAGE_SIZE - 1) && flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
		return -EINVAL;
	len = (len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr + len > USER_TOP || addr + len < addr)
			return -ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) && !vm_range_free(addr, len))
			return -EEXIST;
	} else if (addr && (addr + len > USER_TOP || addr + len < addr)) {
		/* A hint Sv39 cannot honour (the heap hints at 0xc000000000 and
		   up): saying so spares the runtime an unmap of a wrong answer. */
		return -ENOMEM;
	} else if (!addr || (addr & (PAGE_SIZE - 1)) || !vm_range_free(addr, len)) {
		if (!(addr = vm_find_free(len)))
			return -ENOMEM;
	}
	int err = vm_map(addr, len, prot);
	return err ? err : (long)addr;
}

static long do_munmap(struct thread *t, const unsigned long *a)
{
	(void)t;
	return a[0] & (PAGE_SIZE - 1) ? -EINVAL : vm_unmap(a[0], a[1]);
}

static long do_mprotect(struct thread *t, const unsigned long *a)
{
	(void)t;
	return a[0] & (PAGE_SIZE - 1) ? -EINVAL : vm_protect(a[0], a[1], (int)a[2]);
}

static long do_madvise(struct thread *t, const unsigned long *a)
{
	(void)t;
	if (a[0] & (PAGE_SIZE - 1))
		return -EINVAL;
	if (a[2] == MADV_DONTNEED || a[2] == MADV_FREE)
		return vm_discard(a[0], a[1]);
	return 0; /* hints (HUGEPAGE, NOHUGEPAGE, ...) change nothing here */
}

static long do_read(struct thread *t, const unsigned long *a) { return sys_read(t, (int)a[0], a[1], a[2]); }
static long do_write(struct thread *t, const unsigned long *a) { return sys_write(t, (int)a[0], a[1], a[2]); }
static long do_close(struct thread *t, const unsigned long *a) { (void)t; return sys_close((int)a[0]); }
static long do_pipe2(struct thread *t, const unsigned long *a) { (void)t; return sys_pipe2(a[0], (int)a[1]); }
static long do_fcntl(struct thread *t, const unsigned long *a) { (void)t; return sys_fcntl((int)a[0], (int)a[1], a[2]); }
static long do_epoll_create1(struct thread *t, const unsigned long *a) { (void)t; return sys_epoll_create1((int)a[0]); }
static long do_epoll_ctl(struct thread *t, const unsigned long *a) { (void)t; return sys_epoll_ctl((int)a[0], (int)a[1], (int)a[2], a[3]); }
static long do_epoll_pwait(struct thread *t, const unsigned long *a) { return sys_epoll_pwait(t, (int)a[0], a[1], (int)a[2], (int)a[3]); }
static long do_clock_gettime(struct thread *t, const unsigned long *a) { (void)t; return sys_clock_gettime((int)a[0], a[1]); }
static long do_nanosleep(struct thread *t, const unsigned long *a) { return sys_nanosleep(t, a[0], a[1]); }
static long do_futex(struct thread *t, const unsigned long *a) { return sys_futex(t, a[0], (int)a[1], (uint32_t)a[2], a[3]); }
static long do_clone(struct thread *t, const unsigned long *a) { return sys_clone(t, a[0], a[1]); }
static long do_exit(struct thread *t, const unsigned long *a) { return sys_exit(t, (int)a[0]); }
static long do_exit_group(struct thread *t, const unsigned long *a) { (void)t; process_exit((int)a[0]); }
static long do_rt_sigaction(struct thread *t, const unsigned long *a) { return sys_rt_sigaction(t, (int)a[0], a[1], a[2], a[3]); }
static long do_rt_sigprocmask(struct thread *t, const unsigned long *a) { return sys_rt_sigprocmask(t, (int)a[0], a[1], a[2], a[3]); }
static long do_sigaltstack(struct thread *t, const unsigned long *a) { return sys_sigaltstack(t, a[0], a[1]); }
static long do_rt_sigreturn(struct thread *t, const unsigned long *a) { (void)a; return sys_rt_sigreturn(t); }
static long do_kill(struct thread *t, const unsigned long *a) { (void)t; return sys_kill((int)a[0], (int)a[1]); }
static long do_tkill(struct thread *t, const unsigned long *a) { (void)t; return sys_tgkill(-1, (int)a[0], (int)a[1]); }
static long do_tgkill(struct thread *t, const unsigned long *a) { (void)t; return sys_tgkill((int)a[0], (int)a[1], (int)a[2]); }
static long do_getpid(struct thread *t, const unsigned long *a) { (void)t, (void)a; return process_id; }
static long do_gettid(struct thread *t, const unsigned long *a) { (void)a; return t->tid; }
static long do_getppid(struct thread *t, const unsigned long *a) { (void)t, (void)a; return 0; }
static long do_getuid(struct thread *t, const unsigned long *a) { (void)t, (void)a; return 0; }

static long do_sched_yield(struct thread *t, const unsigned long *a)
{
	(void)t, (void)a;
	task_yield();
	return 0;
}

/* One hart: a mask of one CPU, as many bytes as a kernel cpumask (8). */
static long do_sched_getaffinity(struct thread *t, const unsigned long *a)
{
	(void)t;
	uint64_t mask = 1;
	if (a[1] < sizeof mask)
		return -EINVAL;
	return copy_to_user(a[2], &mask, sizeof mask) ? -EFAULT : (long)sizeof mask;
}

static long do_openat(struct thread *t, const unsigned long *a)
{
	(void)t;
	long r = sys_openat((int)a[0], a[1], (int)a[2]);
	if (linux_trace) {
		char path[256];
		if (copy_string_from_user(path, a[1], sizeof path) >= 0) {
			console_puts("gorun: openat \"");
			console_puts(path);
			console_puts("\"\n");
		}
	}
	return r;
}

static long do_lseek(struct thread *t, const unsigned long *a) { (void)t; return sys_lseek((int)a[0], (int64_t)a[1], (int)a[2]); }
static long do_fstat(struct thread *t, const unsigned long *a) { (void)t; return sys_fstat((int)a[0], a[1]); }
static long do_newfstatat(struct thread *t, const unsigned long *a) { (void)t; return sys_newfstatat((int)a[0], a[1], a[2], (int)a[3]); }

static long rlimit(int resource, uint64_t old)
{
	uint64_t lim[2] = {RLIM_INFINITY, RLIM_INFINITY};
	if (resource < 0 || resource > 15)
		return -EINVAL;
	if (resource == RLIMIT_NOFILE)
		lim[0] = lim[1] = 64; /* the descriptor table's size */
	return old && copy_to_user(old, lim, sizeof lim) ? -EFAULT : 0;
}

static long do_getrlimit(struct thread *t, const unsigned long *a) { (void)t; return rlimit((int)a[0], a[1]); }
static long do_setrlimit(struct thread *t, const unsigned long *a) { (void)t, (void)a; return 0; }
static long do_prlimit64(struct thread *t, const unsigned long *a)
{
	(void)t;
	if (a[0] && (int)a[0] != process_id)
		return -ESRCH;
	return rlimit((int)a[1], a[3]);
}

struct syscall {
	syscall_fn fn;
	const char *name;
};

#define SYSCALL(nr, f) [nr] = {do_##f, #f}
static const struct syscall table[] = {
	SYSCALL(20, epoll_create1), SYSCALL(21, epoll_ctl),     SYSCALL(22, epoll_pwait),
	SYSCALL(25, fcntl),         SYSCALL(56, openat),        SYSCALL(57, close),
	SYSCALL(59, pipe2),         SYSCALL(62, lseek),         SYSCALL(63, read),
	SYSCALL(64, write),         SYSCALL(79, newfstatat),    SYSCALL(80, fstat),
	SYSCALL(93, exit),          SYSCALL(94, exit_group),    SYSCALL(98, futex),
	SYSCALL(101, nanosleep),    SYSCALL(113, clock_gettime), SYSCALL(123, sched_getaffinity),
	SYSCALL(124, sched_yield),  SYSCALL(129, kill),         SYSCALL(130, tkill),
	SYSCALL(131, tgkill),       SYSCALL(132, sigaltstack),  SYSCALL(134, rt_sigaction),
	SYSCALL(135, rt_sigprocmask), SYSCALL(139, rt_sigreturn), SYSCALL(163, getrlimit),
	SYSCALL(164, setrlimit),    SYSCALL(172, getpid),       SYSCALL(173, getppid),
	SYSCALL(174, getuid),       SYSCALL(175, getuid),       SYSCALL(176, getuid),
	SYSCALL(177, getuid),       SYSCALL(178, gettid),       SYSCALL(215, munmap),
	SYSCALL(220, clone),        SYSCALL(222, mmap),         SYSCALL(226, mprotect),
	SYSCALL(233, madvise),      SYSCALL(261, prlimit64),
};
#define TABLE_SIZE (sizeof table / sizeof table[0])

static void trace_hex(unsigned long v)
{
	console_puts("0x");
	if (v >> 32)
		console_hex((uint32_t)(v >> 32));
	console_hex((uint32_t)v);
}

static void trace(const struct thread *t, unsigned long nr, const char *name, const unsigned long *a, long r)
{
	console_puts("[");
	console_dec(t->tid);
	console_puts("] ");
	if (name) {
		console_puts(name);
	} else {
		console_puts("syscall ");
		console_dec(nr);
	}
	console_puts("(");
	for (int i = 0; i < 4; i++) {
		if (i)
			console_puts(", ");
		trace_hex(a[i]);
	}
	console_puts(") = ");
	if (r < 0 && r > -4096) {
		console_puts("-");
		console_dec(-r);
	} else {
		trace_hex(r);
	}
	console_puts(name ? "\n" : " (ENOSYS: not in the table)\n");
}

/* The C library's errno numbers are newlib's; the program expects Linux's
   (asm-generic/errno*.h). Numbers 1-34 agree; these do not. */
static long linux_errno(long r)
{
	switch (r) {
	case -ENOSYS: return -38;
	case -ENAMETOOLONG: return -36;
	case -ETIMEDOUT: return -110;
	default: return r;
	}
}

/* The traced way, kept out of line so the plain one stays short. */
static __attribute__((noinline)) void dispatch_traced(struct thread *t, unsigned long nr, const struct syscall *s)
{
	unsigned long args[6];
	for (int i = 0; i < 6; i++)
		args[i] = t->frame.x[REG_A0 + i]; /* the call may rewrite the frame (rt_sigreturn) */
	long r = linux_errno(s ? s->fn(t, args) : -ENOSYS);
	t->frame.x[REG_A0] = r;
	trace(t, nr, s ? s->name : 0, args, r);
}

void syscall_dispatch(struct thread *t)
{
	unsigned long nr = t->frame.x[REG_A7];
	const struct syscall *s = nr < TABLE_SIZE && table[nr].fn ? &table[nr] : 0;
	if (linux_trace) {
		dispatch_traced(t, nr, s);
		return;
	}
	long r = s ? s->fn(t, &t->frame.x[REG_A0]) : -ENOSYS;
	if (r < 0)
		r = linux_errno(r);
	t->frame.x[REG_A0] = r;
}
