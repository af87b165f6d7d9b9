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

/* No task stack is smaller: interrupts arrive on it, with a trap frame (up to 288 bytes) and the handler's calls. */
#define ARCH_STACK_MIN 1024

#define ARCH_IRQ_ON MSTATUS_MIE /* mstatus.MIE set */

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

/* A 64-bit counter CSR. rv32 reads it in halves: high, low, high again,
   until no carry crossed between the reads. */
#if __riscv_xlen == 32
#define read_counter64(low, high)                                              \
	({                                                                     \
		uint32_t hi_, lo_, again_;                                     \
		do {                                                           \
			__asm__ volatile("csrr %0, " high : "=r"(hi_));        \
			__asm__ volatile("csrr %0, " low : "=r"(lo_));         \
			__asm__ volatile("csrr %0, " high : "=r"(again_));     \
		} while (hi_ != again_);                                       \
		(uint64_t)hi_ << 32 | lo_;                                     \
	})
#else
#define read_counter64(low, high)                                              \
	({                                                                     \
		uint64_t value_;                                               \
		__asm__ volatile("csrr %0, " low : "=r"(value_));              \
		value_;                                                        \
	})
#endif

/* time: the platform's fixed timebase (10 MHz on virt). */
static inline uint64_t arch_counter(void)
{
	return read_counter64("time", "timeh");
}

/* mcycle: clock cycles of this hart, where time counts the fixed timebase. */
static inline uint64_t arch_cycles(void)
{
	return read_counter64("mcycle", "mcycleh");
}

/* 32x32 -> 64: one native multiply (mulhu, or a 64-bit mul). */
static inline uint64_t arch_mul_wide(uint32_t a, uint32_t b)
{
	return (uint64_t)a * b;
}

static inline void arch_idle(void)
{
	/* wfi resumes when an enabled interrupt is pending even with MIE clear;
	   opening MIE for two instructions lets its handler run. */
	__asm__ volatile("wfi\n\tcsrs mstatus, %0\n\tcsrc mstatus, %0" ::"r"(MSTATUS_MIE) : "memory");
}

/* The first context of a new task: a frame (switch.S) that the switch
   "returns" from into entry. */
#define ARCH_CONTEXT_INIT_INLINE 1
static inline __attribute__((always_inline)) void *arch_context_init(void *stack_top, void (*entry)(void))
{
	unsigned long *sp = (unsigned long *)((uintptr_t)stack_top & ~(uintptr_t)15) - 16;
	sp[0] = (unsigned long)(uintptr_t)entry; /* ra */
	/* s0-s11 are left as the stack holds them: entry is called fresh, and
	   under the ABI a function writes a callee-saved register before it
	   reads it; the last three words are padding */
	return sp;
}

/* picolibc for RISC-V keeps errno in thread-local storage: every task gets
   its own block, and tp follows the running task. */
#define ARCH_HAS_TLS 1
uint32_t arch_tls_size(void);
void *arch_tls_init(void *block);
void *arch_tls_boot(void);
static inline void arch_tls_set(void *tls)
{
	__asm__ volatile("mv tp, %0" ::"r"(tls));
}

#ifdef __riscv_flen
/* rv64gc: fs0-fs11 are callee-saved under lp64d, so a task that uses the FPU
   needs them moved on a switch; mstatus.FS says whether anyone wrote them. */
#define ARCH_HAS_FPU 1
#define MSTATUS_FS 0x6000ul
#define MSTATUS_FS_CLEAN 0x4000ul
struct arch_fp_state {
	double fs[12];
	uint32_t fcsr;
};
void arch_fp_save(struct arch_fp_state *s);
void arch_fp_restore(const struct arch_fp_state *s);
static inline int arch_fp_dirty(void)
{
	unsigned long status;
	__asm__ volatile("csrr %0, mstatus" : "=r"(status));
	return (status & MSTATUS_FS) == MSTATUS_FS;
}
static inline void arch_fp_clean(void)
{
	__asm__ volatile("csrc mstatus, %0" ::"r"(MSTATUS_FS & ~MSTATUS_FS_CLEAN));
}
#else
#define ARCH_HAS_FPU 0 /* rv32imac */
#endif

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
