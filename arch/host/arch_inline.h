/*
 * arch_inline.h (host) — a Linux process: threads run on several cores at
 * once, so shared data needs real acquire/release ordering. There are no
 * interrupts to mask; the counter is the TSC (AArch64: the generic timer).
 */
#pragma once
#include <stdint.h>

#define ARCH_SMP 1
#define ARCH_COUNTER_BITS 64
#define ARCH_CACHE_LINE 64 /* keep producer and consumer data on separate lines */
#define IRAM

/* No task stack is smaller: interrupts arrive on it, with SIGALRM delivers on the task's stack: a signal frame with the
			     full vector-register state can exceed 3 KiB. */
#define ARCH_STACK_MIN 32768

#define ARCH_IRQ_ON 0 /* the signal flag clear */

typedef unsigned long arch_irq_t;

/* The host's one interrupt is SIGALRM (the board timer). Masking is a flag
   the signal handler honours: a signal that finds it set is remembered and
   replayed on unmask, as a pending interrupt line would be. */
extern volatile int host_irq_masked, host_irq_pending;
void host_irq_replay(void);

static inline arch_irq_t arch_irq_save(void)
{
	arch_irq_t old = (arch_irq_t)host_irq_masked;
	host_irq_masked = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return old;
}

static inline void arch_irq_restore(arch_irq_t old)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	host_irq_masked = (int)old;
	if (!old && host_irq_pending)
		host_irq_replay();
}

/* A cheap cycle-like count for what wants cycles rather than nanoseconds:
   the time-stamp counter on x86-64, the virtual counter on AArch64 (both
   tick at a constant rate). */
static inline uint64_t arch_cycles(void)
{
#if defined(__aarch64__)
	uint64_t count;
	__asm__ volatile("mrs %0, cntvct_el0" : "=r"(count));
	return count;
#elif defined(__riscv)
	uint64_t count; /* Linux lets user code read time, not always cycle */
	__asm__ volatile("rdtime %0" : "=r"(count));
	return count;
#else
	return __builtin_ia32_rdtsc();
#endif
}

/* The clock's counter: arch_cycles() at the rate arch_counter_hz() finds
   (counter.c), or CLOCK_MONOTONIC in ns where the TSC is not invariant
   (out of line, so the TSC path needs no frame for a timespec). */
extern int host_counter_is_clock;
extern int64_t host_counter_offset_ns; /* CLOCK_MONOTONIC at counter 0, in ns */
uint32_t arch_counter_hz(void);
__attribute__((cold)) uint64_t host_monotonic_ns(void);

static inline uint64_t arch_counter(void)
{
	if (__builtin_expect(host_counter_is_clock, 0))
		return host_monotonic_ns();
	return arch_cycles();
}

/* 32x32 -> 64: one native multiply. */
static inline uint64_t arch_mul_wide(uint32_t a, uint32_t b)
{
	return (uint64_t)a * b;
}

/* One 64x64->128 multiply (x86-64 mul, AArch64 mul and umulh). */
#define ARCH_HAS_MUL_FIXED 1
static inline __attribute__((always_inline)) uint64_t arch_mul_fixed(uint64_t x, uint64_t factor)
{
	return (uint64_t)((unsigned __int128)x * factor >> 32);
}

void arch_idle(void);

/* gcc copies a known size with vector moves, and glibc's memcpy is tuned. */
#define ARCH_MEMCPY_INLINE 1

/* Chip drivers run here against register models (arch_mmio.h). */
#define ARCH_MMIO_MODELS 1

/* No lazy FP state: x86-64 SSE registers are all caller-saved, and the
   AArch64 switch saves d8-d15 itself. */
#define ARCH_HAS_FPU 0
