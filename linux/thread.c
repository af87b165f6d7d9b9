/*
 * thread.c — the program's threads, each a task of the one scheduler.
 *
 * A thread's task runs thread_main: enter user mode, take the trap back,
 * handle it (syscall, page fault, interrupt, exception), deliver pending
 * signals, enter again. The loop runs with interrupts masked; they are taken
 * in user mode (always, for M-mode interrupts) and in the scheduler's idle
 * wfi, so kernel work for a thread is never interrupted and a timer
 * interrupt taken in user code is where time slices end.
 *
 * FP registers are switched lazily: harts[].fp_owner is the thread whose
 * user FP state the registers hold. A trap saves them into the frame only
 * when mstatus.FS says user code wrote them; entering a thread restores them
 * only when another owner (or a C task, which may use FP) came in between.
 *
 * Invariant: `threads` lists every live thread; a thread is on at most one
 * wait list (futex_waiters or a file's), with wait_next, and only while its
 * task is blocked in thread_wait.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "board.h"
#include "clock.h"
#include "console.h"
#include "linux.h"
#include "page.h"
#include "panic.h"

#define CLONE_VM 0x100
#define CLONE_SIGHAND 0x800
#define CLONE_THREAD 0x10000
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_CMD_MASK 0x7f /* without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME */
#define KERNEL_STACK 8192
#define CAUSE_ECALL_U 8
#define SYSCALL_CLONE 220
#define SYSCALL_RT_SIGRETURN 139

_Static_assert(sizeof(struct thread) <= PAGE_SIZE, "a thread fits its page");
_Static_assert(offsetof(struct user_frame, f) == 256 && offsetof(struct user_frame, fcsr) == 512 &&
		       offsetof(struct user_frame, kernel_sp) == 520 && offsetof(struct user_frame, cause) == 528,
	       "entry.S frame offsets");

struct hart harts[1];
struct thread *threads;
int process_id = 1;
static int next_tid = 1;
static struct thread *futex_waiters;

struct thread *thread_current(void)
{
	return task_current()->arg;
}

struct thread *thread_find(int tid)
{
	for (struct thread *t = threads; t; t = t->all_next)
		if (t->tid == tid)
			return t;
	return 0;
}

void process_exit(int status)
{
	exit(status & 0xff);
}

static void user_fault(struct thread *t, unsigned long cause)
{
	int access = cause == 12 ? PROT_EXEC : cause == 13 ? PROT_READ : PROT_WRITE;
	int code = vm_fault(t->frame.tval, access);
	if (code == -ENOMEM) {
		console_puts("gorun: out of memory (a page fault found no free page)\n");
		process_exit(128 + SIGKILL);
	}
	if (code)
		signal_send(t, SIGSEGV, code, t->frame.tval);
}

static void user_exception(struct thread *t, unsigned long cause)
{
	switch (cause) {
	case CAUSE_ECALL_U:
		t->frame.x[REG_PC] += 4;
		syscall_dispatch(t);
		break;
	case 12:
	case 13:
	case 15:
		user_fault(t, cause);
		break;
	case 2:
		signal_send(t, SIGILL, ILL_ILLOPC, t->frame.x[REG_PC]);
		break;
	case 3:
		signal_send(t, SIGTRAP, 1, t->frame.x[REG_PC]);
		break;
	case 0:
	case 4:
	case 6:
		signal_send(t, SIGBUS, 1, t->frame.tval);
		break;
	default: /* access faults: outside physical memory or PMP */
		signal_send(t, SIGSEGV, SEGV_ACCERR, t->frame.tval);
		break;
	}
}

unsigned long syscall_fast(struct user_frame *f)
{
	struct thread *t = (struct thread *)f;
	struct hart *h = &harts[0];
	unsigned long nr = f->x[REG_A7];
	if (nr == SYSCALL_CLONE || nr == SYSCALL_RT_SIGRETURN)
		return CAUSE_ECALL_U; /* they copy or replace every register */
	if (arch_fp_dirty()) {
		user_fp_save(f);
		arch_fp_clean();
		h->fp_owner = t;
	}
	f->x[REG_PC] += 4;
	syscall_dispatch(t);
	if (t->pending & ~t->sigmask)
		return SYSCALL_HANDLED;
	if (h->fp_owner != t) {
		user_fp_restore(f);
		arch_fp_clean();
		h->fp_owner = t;
	}
	return 0;
}

static void thread_main(void *arg)
{
	struct thread *t = arg;
	struct hart *h = &harts[0];
	arch_irq_save();
	for (;;) {
		signal_deliver(t);
		if (h->fp_owner != t) {
			user_fp_restore(&t->frame);
			h->fp_owner = t;
		}
		arch_fp_clean();
		unsigned long cause = user_enter(&t->frame);
		if (arch_fp_dirty()) {
			user_fp_save(&t->frame);
			arch_fp_clean();
		}
		if ((long)cause < 0) {
			board_interrupt(cause & 0xfff);
			sched_interrupt_exit();
		} else if (cause != SYSCALL_HANDLED) {
			user_exception(t, cause);
		}
	}
}

bool task_is_thread(const struct task *t)
{
	return t->fn == thread_main;
}

static struct thread *thread_new(void)
{
	struct thread *t = page_alloc(1);
	if (!t)
		return 0;
	memset(t, 0, sizeof *t);
	t->tid = next_tid++;
	t->altstack.flags = 2; /* SS_DISABLE */
	return t;
}

static int thread_run(struct thread *t)
{
	t->task = task_spawn(thread_main, t, KERNEL_STACK, "go-thread");
	if (!t->task) {
		page_free(t, 1);
		return -EAGAIN;
	}
	t->all_next = threads;
	threads = t;
	return t->tid;
}

int thread_start_first(uint64_t pc, uint64_t sp)
{
	struct thread *t = thread_new();
	if (!t)
		return -ENOMEM;
	process_id = t->tid;
	t->frame.x[REG_PC] = pc;
	t->frame.x[REG_SP] = sp;
	return thread_run(t);
}

long sys_clone(struct thread *t, unsigned long flags, uint64_t stack)
{
	unsigned long need = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
	if ((flags & need) != need)
		return -ENOSYS; /* one process: threads only, no fork */
	struct thread *c = thread_new();
	if (!c)
		return -EAGAIN;
	c->frame = t->frame;
	c->frame.x[REG_SP] = stack;
	c->frame.x[REG_A0] = 0;
	c->sigmask = t->sigmask;
	return thread_run(c);
}

long sys_exit(struct thread *t, int status)
{
	struct thread **at = &threads;
	while (*at != t)
		at = &(*at)->all_next;
	*at = t->all_next;
	if (!threads)
		process_exit(status);
	if (harts[0].fp_owner == t)
		harts[0].fp_owner = 0;
	page_free(t, 1);
	task_exit();
}

int thread_wait(struct thread *t, uint64_t deadline)
{
	if (t->pending & ~t->sigmask)
		return -EINTR;
	t->waiting = true;
	int status = task_block(deadline, false);
	t->waiting = false;
	return status;
}

static void futex_unlink(struct thread *t)
{
	for (struct thread **at = &futex_waiters; *at; at = &(*at)->wait_next)
		if (*at == t) {
			*at = t->wait_next;
			return;
		}
}

long sys_futex(struct thread *t, uint64_t uaddr, int op, uint32_t val, uint64_t timeout)
{
	if (uaddr & 3)
		return -EINVAL;
	switch (op & FUTEX_CMD_MASK) {
	case FUTEX_WAIT: {
		uint32_t now;
		if (copy_from_user(&now, uaddr, 4))
			return -EFAULT;
		if (now != val)
			return -EAGAIN;
		uint64_t deadline = 0;
		if (timeout) {
			int64_t ts[2];
			if (copy_from_user(ts, timeout, sizeof ts))
				return -EFAULT;
			if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
				return -EINVAL;
			deadline = nanotime() + (uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1];
			if (!ts[0] && !ts[1])
				return -ETIMEDOUT;
		}
		t->wait_key = uaddr;
		t->wait_next = futex_waiters;
		futex_waiters = t;
		int status = thread_wait(t, deadline);
		futex_unlink(t);
		return status;
	}
	case FUTEX_WAKE: {
		long woken = 0;
		for (struct thread **at = &futex_waiters; *at && woken < (long)val;) {
			struct thread *w = *at;
			if (w->wait_key != uaddr) {
				at = &w->wait_next;
				continue;
			}
			*at = w->wait_next;
			task_wake(w->task, 0);
			woken++;
		}
		return woken;
	}
	default:
		return -ENOSYS;
	}
}
