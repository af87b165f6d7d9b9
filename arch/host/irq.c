/*
 * irq.c (host) — SIGALRM as the process's one interrupt (the board timer),
 * with a software mask: a signal that arrives while masked is remembered and
 * replayed on unmask. SA_NODEFER: a handler may switch tasks (preemption),
 * and the task switched to must still be interruptible.
 */
#include <signal.h>
#include "arch.h"
#include "task.h"
#include "timer.h"

volatile int host_irq_masked = 1, host_irq_pending;

static void take_interrupt(void)
{
	host_irq_pending = 0;
	host_irq_masked = 1;
	timer_interrupt();
	sched_interrupt_exit();
	host_irq_masked = 0;
}

static void on_alarm(int signal)
{
	(void)signal;
	if (host_irq_masked)
		host_irq_pending = 1;
	else
		take_interrupt();
}

void host_irq_replay(void)
{
	take_interrupt();
}

__attribute__((constructor(101))) static void install_handler(void)
{
	struct sigaction action = {0};
	action.sa_handler = on_alarm;
	action.sa_flags = SA_NODEFER | SA_RESTART;
	sigemptyset(&action.sa_mask);
	sigaction(SIGALRM, &action, 0);
}

/* Masked on entry and on return; sleeps until SIGALRM unless one is pending. */
void arch_idle(void)
{
	sigset_t alarm, old;
	sigemptyset(&alarm);
	sigaddset(&alarm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alarm, &old);
	if (!host_irq_pending) {
		sigset_t wait = old;
		sigdelset(&wait, SIGALRM);
		sigsuspend(&wait); /* the handler only marks it pending: we are masked */
	}
	sigprocmask(SIG_SETMASK, &old, 0);
	arch_irq_restore(ARCH_IRQ_ON);
	arch_irq_save();
}
