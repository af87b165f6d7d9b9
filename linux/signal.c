/*
 * signal.c — Linux signals for the program's threads: actions (shared by
 * every thread), a blocked mask, a pending set and an alternate stack per
 * thread, and delivery with the riscv64 frame (arch/riscv/kernel/signal.c's
 * layout: siginfo, then a ucontext whose uc_mcontext at offset 176 holds pc,
 * x1..x31 and the FP state). The handler returns with `ret` to ra, which
 * points at a `li a7,139; ecall` page, since riscv64 has no sa_restorer.
 *
 * Invariant: a bit in pending means the signal waits for its thread with
 * info[sig] describing it; SIGKILL and SIGSTOP are never blocked or caught.
 */
#include <errno.h>
#include <string.h>
#include "console.h"
#include "linux.h"

#define SIG_DFL 0
#define SIG_IGN 1
#define SA_NODEFER 0x40000000ul
#define SA_RESETHAND 0x80000000ul
#define SA_ONSTACK 0x08000000ul
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048
#define UNCATCHABLE (bit(SIGKILL) | bit(SIGSTOP))
#define SIGINFO_SIZE 128
#define UC_STACK 16
#define UC_SIGMASK 40
#define UC_MCONTEXT 176
#define MC_FP (UC_MCONTEXT + 256)
#define MC_FCSR (MC_FP + 256)
#define UCONTEXT_SIZE (UC_MCONTEXT + 256 + 528)
#define FRAME_SIZE (SIGINFO_SIZE + UCONTEXT_SIZE)

struct k_sigaction {
	uint64_t handler, flags, mask;
};

static struct k_sigaction actions[NSIG + 1];

static inline uint64_t bit(int sig)
{
	return 1ull << (sig - 1);
}

/* Signals whose default action is to do nothing. */
static bool ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

static void killed_by(int sig)
{
	if (linux_trace) {
		console_puts("gorun: killed by signal ");
		console_dec(sig);
		console_puts("\n");
	}
	process_exit(128 + sig);
}

long sys_rt_sigaction(struct thread *t, int sig, uint64_t act, uint64_t oldact, size_t size)
{
	(void)t;
	if (size != 8 || sig < 1 || sig > NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	struct k_sigaction next;
	if (act && copy_from_user(&next, act, sizeof next))
		return -EFAULT;
	if (oldact && copy_to_user(oldact, &actions[sig], sizeof actions[sig]))
		return -EFAULT;
	if (act) {
		next.mask &= ~UNCATCHABLE;
		actions[sig] = next;
	}
	return 0;
}

long sys_rt_sigprocmask(struct thread *t, int how, uint64_t set, uint64_t oldset, size_t size)
{
	uint64_t mask;
	if (size != 8)
		return -EINVAL;
	if (set && copy_from_user(&mask, set, 8))
		return -EFAULT;
	if (oldset && copy_to_user(oldset, &t->sigmask, 8))
		return -EFAULT;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK: t->sigmask |= mask; break;
	case SIG_UNBLOCK: t->sigmask &= ~mask; break;
	case SIG_SETMASK: t->sigmask = mask; break;
	default: return -EINVAL;
	}
	t->sigmask &= ~UNCATCHABLE;
	return 0;
}

static bool on_altstack(const struct thread *t, uint64_t sp)
{
	return !(t->altstack.flags & SS_DISABLE) && sp > t->altstack.sp && sp <= t->altstack.sp + t->altstack.size;
}

long sys_sigaltstack(struct thread *t, uint64_t ss, uint64_t old)
{
	struct { uint64_t sp; int32_t flags, pad; uint64_t size; } u;
	bool on = on_altstack(t, t->frame.x[REG_SP]);
	if (old) {
		u = (typeof(u)){t->altstack.sp, on ? SS_ONSTACK : t->altstack.flags & SS_DISABLE, 0, t->altstack.size};
		if (copy_to_user(old, &u, sizeof u))
			return -EFAULT;
	}
	if (!ss)
		return 0;
	if (copy_from_user(&u, ss, sizeof u))
		return -EFAULT;
	if (on)
		return -EPERM;
	if (u.flags & ~SS_DISABLE)
		return -EINVAL;
	if (u.flags & SS_DISABLE) {
		t->altstack = (struct sigaltstack_state){0, 0, SS_DISABLE};
		return 0;
	}
	if (u.size < MINSIGSTKSZ)
		return -ENOMEM;
	t->altstack = (struct sigaltstack_state){u.sp, u.size, 0};
	return 0;
}

void signal_send(struct thread *t, int sig, int code, uint64_t addr)
{
	bool fault = code > 0; /* raised by the kernel for what this thread did */
	if (fault && ((t->sigmask & bit(sig)) || actions[sig].handler == SIG_IGN)) {
		/* As Linux's force_sig: a fault that cannot be handled kills. */
		killed_by(sig);
	}
	t->pending |= bit(sig);
	t->info[sig - 1].code = code;
	t->info[sig - 1].addr = addr;
	t->info[sig - 1].pid = process_id;
	if (t->waiting && !(t->sigmask & bit(sig)))
		task_wake(t->task, -EINTR);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	struct thread *t = thread_find(tid);
	if (sig < 0 || sig > NSIG || tid <= 0 || (tgid != -1 && tgid != process_id))
		return -EINVAL;
	if (!t)
		return -ESRCH;
	if (sig)
		signal_send(t, sig, SI_TKILL, 0);
	return 0;
}

long sys_kill(int pid, int sig)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid != process_id && pid != 0 && pid != -1)
		return -ESRCH;
	if (!sig)
		return 0;
	/* A process-directed signal goes to a thread that does not block it. */
	struct thread *target = thread_current();
	if (target->sigmask & bit(sig))
		for (struct thread *t = threads; t; t = t->all_next)
			if (!(t->sigmask & bit(sig))) {
				target = t;
				break;
			}
	signal_send(target, sig, SI_USER, 0);
	return 0;
}

static void put32(uint8_t *at, uint32_t v) { memcpy(at, &v, 4); }
static void put64(uint8_t *at, uint64_t v) { memcpy(at, &v, 8); }

void signal_deliver(struct thread *t)
{
	uint64_t ready;
	while ((ready = t->pending & ~t->sigmask)) {
		int sig = __builtin_ctzll(ready) + 1;
		t->pending &= ~bit(sig);
		struct k_sigaction *act = &actions[sig];
		if (act->handler == SIG_IGN || (act->handler == SIG_DFL && ignored_by_default(sig)))
			continue;
		if (act->handler == SIG_DFL)
			killed_by(sig);

		uint64_t sp = t->frame.x[REG_SP];
		if ((act->flags & SA_ONSTACK) && !(t->altstack.flags & SS_DISABLE) && !on_altstack(t, sp))
			sp = t->altstack.sp + t->altstack.size;
		sp = (sp - FRAME_SIZE) & ~(uint64_t)15;

		static uint8_t frame[FRAME_SIZE]; /* one hart, interrupts masked: one at a time */
		memset(frame, 0, sizeof frame);
		put32(frame + 0, sig);
		put32(frame + 8, t->info[sig - 1].code);
		if (t->info[sig - 1].code > 0) {
			put64(frame + 16, t->info[sig - 1].addr); /* si_addr */
		} else {
			put32(frame + 16, t->info[sig - 1].pid); /* si_pid; si_uid 0 */
		}
		uint8_t *uc = frame + SIGINFO_SIZE;
		put64(uc + UC_STACK, t->altstack.sp);
		put32(uc + UC_STACK + 8, on_altstack(t, t->frame.x[REG_SP]) ? SS_ONSTACK : t->altstack.flags);
		put64(uc + UC_STACK + 16, t->altstack.size);
		put64(uc + UC_SIGMASK, t->sigmask);
		memcpy(uc + UC_MCONTEXT, t->frame.x, 256);
		memcpy(uc + MC_FP, t->frame.f, 256);
		put32(uc + MC_FCSR, (uint32_t)t->frame.fcsr);
		if (copy_to_user(sp, frame, FRAME_SIZE))
			killed_by(SIGSEGV);

		t->sigmask |= act->mask | (act->flags & SA_NODEFER ? 0 : bit(sig));
		t->sigmask &= ~UNCATCHABLE;
		if (act->flags & SA_RESETHAND)
			act->handler = SIG_DFL;
		t->frame.x[REG_PC] = act->handler;
		t->frame.x[REG_RA] = SIGRETURN_PAGE;
		t->frame.x[REG_SP] = sp;
		t->frame.x[REG_A0] = sig;
		t->frame.x[REG_A0 + 1] = sp;
		t->frame.x[REG_A0 + 2] = sp + SIGINFO_SIZE;
		return;
	}
}

long sys_rt_sigreturn(struct thread *t)
{
	static uint8_t uc[UCONTEXT_SIZE];
	if (copy_from_user(uc, t->frame.x[REG_SP] + SIGINFO_SIZE, sizeof uc))
		killed_by(SIGSEGV);
	memcpy(t->frame.x, uc + UC_MCONTEXT, 256);
	memcpy(t->frame.f, uc + MC_FP, 256);
	uint32_t fcsr;
	memcpy(&fcsr, uc + MC_FCSR, 4);
	t->frame.fcsr = fcsr;
	memcpy(&t->sigmask, uc + UC_SIGMASK, 8);
	t->sigmask &= ~UNCATCHABLE;
	if (harts[0].fp_owner == t)
		harts[0].fp_owner = 0; /* the registers no longer match the frame */
	return (long)t->frame.x[REG_A0];
}
