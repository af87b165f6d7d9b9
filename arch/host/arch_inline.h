/*
 * arch_inline.h (host) — a Linux process: threads run on several cores at
 * once, so shared data needs real acquire/release ordering. There are no
 * interrupts to mask; the counter is CLOCK_MONOTONIC in nanoseconds.
 */
#pragma once
#include <stdint.h>
#include <time.h>

#define ARCH_SMP 1
#define ARCH_COUNTER_BITS 64
#define ARCH_CACHE_LINE 64 /* keep producer and consumer data on separate lines */
#define IRAM

typedef unsigned long arch_irq_t;

static inline arch_irq_t arch_irq_save(void)
{
	return 0;
}

static inline void arch_irq_restore(arch_irq_t old)
{
	(void)old;
}

static inline uint64_t arch_counter(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void arch_idle(void)
{
	struct timespec pause = {0, 100000};
	nanosleep(&pause, 0);
}
