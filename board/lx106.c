/*
 * lx106.c — what both lx106 boards (esp8266, qemu-lx106) take from the core
 * itself: interrupt lines are INTENABLE bits, and the one-shot timer is
 * CCOMPARE0 against CCOUNT, on interrupt 6 (facts/esp8266.md §3).
 */
#include "arch.h"
#include "board.h"
#include "clock.h"
#include "irq.h"
#include "timer.h"

#define CCOMPARE0_LINE 6
/* Closer than this, the write of CCOMPARE0 may land after CCOUNT has passed
   it, and the match would wait for a whole wrap (facts/qemu-lx106.md). */
#define MIN_DELTA 200u
/* At most half a wrap ahead: the 32-bit CCOUNT is also read at least this
   often, which clock.c's widening needs. */
#define MAX_DELTA 0x80000000u

static IRAM uint32_t intenable_update(uint32_t set, uint32_t clear)
{
	arch_irq_t irq = arch_irq_save();
	uint32_t mask;
	__asm__ volatile("rsr %0, intenable" : "=a"(mask));
	mask = (mask | set) & ~clear;
	__asm__ volatile("wsr %0, intenable\n\trsync" ::"a"(mask));
	arch_irq_restore(irq);
	return mask;
}

void board_irq_enable(unsigned line)
{
	intenable_update(1u << line, 0);
}

void board_irq_disable(unsigned line)
{
	intenable_update(0, 1u << line);
}

/* timer_interrupt() re-arms or disarms, and either writes CCOMPARE0,
   which acknowledges this interrupt. */
static IRAM void ccompare_interrupt(void *arg)
{
	(void)arg;
	timer_interrupt();
}

static IRAM void set_compare(uint64_t delta)
{
	uint32_t ccount;
	__asm__ volatile("rsr %0, ccount" : "=a"(ccount));
	__asm__ volatile("wsr %0, ccompare0\n\tisync" ::"a"(ccount + (uint32_t)delta));
}

IRAM void board_timer_arm(uint64_t deadline)
{
	static bool attached;
	if (!attached) {
		attached = true;
		irq_attach(CCOMPARE0_LINE, ccompare_interrupt, 0);
	}
	uint64_t now = clock_ticks(), target = clock_ns_to_ticks(deadline);
	uint64_t delta = target > now ? target - now : 0;
	if (delta < MIN_DELTA)
		delta = MIN_DELTA;
	if (delta > MAX_DELTA)
		delta = MAX_DELTA;
	set_compare(delta);
}

/* Not quite off: one interrupt per half wrap keeps the 32-bit CCOUNT read
   often enough for nanotime() to stay right (26 s apart at 80 MHz). */
IRAM void board_timer_disarm(void)
{
	set_compare(MAX_DELTA);
}
