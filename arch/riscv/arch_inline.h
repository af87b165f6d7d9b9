/*
 * arch_inline.h (riscv, rv32 and rv64) — interrupt masking through mstatus.MIE,
 * the 64-bit time counter, wfi. Hart 0 runs everything; the others are parked,
 * so shared data races only an interrupt handler: compiler fences suffice.
 */
#pragma once
#include <stdint.h>

#define ARCH_SMP 0
#define ARCH_COUNTER_BITS 64
#define ARCH_CACHE_LINE 4 /* no cache to share lines in: keep structures small */
#define IRAM

#define MSTATUS_MIE 0x8ul

typedef unsigned long arch_irq_t;

static inline arch_irq_t arch_irq_save(void)
{
	arch_irq_t old;
	__asm__ volatile("csrrc %0, mstatus, %1" : "=r"(old) : "i"(MSTATUS_MIE) : "memory");
	return old & MSTATUS_MIE;
}

static inline void arch_irq_restore(arch_irq_t old)
{
	__asm__ volatile("csrs mstatus, %0" ::"r"(old) : "memory");
}

static inline uint64_t arch_counter(void)
{
#if __riscv_xlen == 32
	uint32_t hi, lo, again;
	do {
		__asm__ volatile("rdtimeh %0" : "=r"(hi));
		__asm__ volatile("rdtime %0" : "=r"(lo));
		__asm__ volatile("rdtimeh %0" : "=r"(again));
	} while (hi != again); /* the low word carried between the reads */
	return (uint64_t)hi << 32 | lo;
#else
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
#endif
}

static inline void arch_idle(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* Instructions retired between begin and end, from minstret: exact under
   QEMU's -icount (facts/qemu-riscv-virt.md). */
static unsigned long arch_count_start;

static inline void arch_count_begin(void)
{
	__asm__ volatile("csrr %0, minstret" : "=r"(arch_count_start));
}

static inline uint32_t arch_count_end(void)
{
	unsigned long now;
	__asm__ volatile("csrr %0, minstret" : "=r"(now));
	return (uint32_t)(now - arch_count_start);
}
