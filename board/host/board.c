/*
 * board.c (host) — the "board" of a Linux process, for unit tests and
 * benchmarks: console on stdout/stdin, exit(), a static heap, the counter
 * the arch measures. runtime_init() runs as a constructor because the C
 * library, not reset code, calls main here.
 */
#include "board.h"
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "arch.h"
#include "irq.h"
#include "snapshot.h"

/* Nothing to dump (board_snapshot_region). */
bool snapshot_after_panic = false;

void runtime_init(void);

__attribute__((constructor)) static void host_start(void)
{
	runtime_init();
}

/* A process reaches its devices through Linux, not through drivers of ours. */
void board_devices(void)
{
}

void board_init(void)
{
}

void board_console_putc(int c)
{
	char byte = (char)c;
	(void)!write(1, &byte, 1);
}

int board_console_getc(void)
{
	unsigned char byte;
	return read(0, &byte, 1) == 1 ? byte : -1;
}

void board_exit(int status)
{
	_exit(status);
}

/* No watchdog here. */
void board_keepalive(void)
{
}

uint32_t board_counter_hz(void)
{
	return arch_counter_hz();
}

uintptr_t board_boot_stack_bottom(void)
{
	return 0; /* the process stack: the kernel guards it, not a canary */
}

/* A process's memory is Linux's to inspect (gdb, core files): no snapshot. */
void board_snapshot_region(uintptr_t *start, uintptr_t *end)
{
	*start = *end = 0;
}

const uint32_t *board_build_id(uint32_t *size)
{
	*size = 0;
	return 0;
}

/* The one-shot timer: a POSIX timer on CLOCK_MONOTONIC delivering SIGALRM
   at an absolute time: the deadline in nanotime plus the offset between the
   two clocks, measured at start (arch/host/counter.c). */
static timer_t alarm_timer;

void board_timer_arm(uint64_t deadline)
{
	if (!alarm_timer) {
		struct sigevent event = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM};
		timer_create(CLOCK_MONOTONIC, &event, &alarm_timer);
	}
	deadline += (uint64_t)host_counter_offset_ns;
	if (deadline == 0)
		deadline = 1; /* it_value 0 would disarm instead */
	struct itimerspec when = {.it_value = {(time_t)(deadline / 1000000000u), (long)(deadline % 1000000000u)}};
	timer_settime(alarm_timer, TIMER_ABSTIME, &when, 0);
}

void board_timer_disarm(void)
{
	struct itimerspec off = {0};
	if (alarm_timer)
		timer_settime(alarm_timer, 0, &off, 0);
}

/* A process has no device interrupt lines. */
void board_irq_enable(unsigned line)
{
	(void)line;
}

void board_irq_disable(unsigned line)
{
	(void)line;
}

void board_heap(uintptr_t *start, uintptr_t *end)
{
	static _Alignas(1 << BOARD_PAGE_SHIFT) char heap[BOARD_HEAP_BYTES];
	*start = (uintptr_t)heap;
	*end = (uintptr_t)(heap + sizeof heap);
}
