/*
 * arch_inline.h (xtensa lx106) — interrupt masking, CCOUNT, idle.
 * The lx106 is one core with no caches to keep coherent, so shared data only
 * races an interrupt handler on the same core: compiler fences are enough.
 */
#pragma once
#include <stdint.h>

#define ARCH_SMP 0
#define ARCH_COUNTER_BITS 32
#define ARCH_CACHE_LINE 4 /* no cache to share lines in: keep structures small */

/* Code in IRAM: interrupt paths must not depend on the flash cache. */
#define IRAM __attribute__((section(".iram.text")))

/* No task stack is smaller: interrupts arrive on it, with an interrupt frame (96 bytes) and the handler's calls. */
#define ARCH_STACK_MIN 384

#define ARCH_IRQ_ON 0x20 /* PS with UM=1 and INTLEVEL=0: every level-1 interrupt taken */

typedef uint32_t arch_irq_t;

static inline arch_irq_t arch_irq_save(void)
{
	arch_irq_t ps;
	/* rsil raises PS.INTLEVEL to 15 (every level) and returns the old PS. */
	__asm__ volatile("rsil %0, 15" : "=a"(ps)::"memory");
	return ps;
}

static inline void arch_irq_restore(arch_irq_t ps)
{
	__asm__ volatile("wsr %0, ps\n\trsync" ::"a"(ps) : "memory");
}

static inline uint64_t arch_counter(void)
{
	uint32_t ccount;
	__asm__ volatile("rsr %0, ccount" : "=a"(ccount));
	return ccount;
}

/* CCOUNT counts both: the core's clock cycles are the tick counter. */
static inline uint64_t arch_cycles(void)
{
	return arch_counter();
}

/* 32x32 -> 64 inline: the lx106 multiplier gives only the low 32 bits, and
   gcc's helper for it is a call into flash (or the ROM). Four products of
   16-bit halves, each exact in 32 bits. */
static inline __attribute__((always_inline)) uint64_t arch_mul_wide(uint32_t a, uint32_t b)
{
	if (__builtin_constant_p(b) && b < 0x10000) {
		/* A 16-bit constant (the clock's factor): two products, each < 2^32. */
		uint32_t low = (a & 0xffff) * b, high = (a >> 16) * b;
		uint32_t sum = low + (high << 16);
		return (uint64_t)((high >> 16) + (sum < low)) << 32 | sum;
	}
	uint32_t al = a & 0xffff, ah = a >> 16, bl = b & 0xffff, bh = b >> 16;
	uint32_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint32_t mid = (ll >> 16) + (lh & 0xffff) + (hl & 0xffff);
	uint32_t low = (ll & 0xffff) | (mid << 16);
	uint32_t high = hh + (lh >> 16) + (hl >> 16) + (mid >> 16);
	return (uint64_t)high << 32 | low;
}

static inline void arch_idle(void)
{
	uint32_t ps;
	/* waiti 0 lowers PS.INTLEVEL to 0 and stops the core until an interrupt;
	   the handler runs at once, then rsil masks again. */
	__asm__ volatile("waiti 0\n\trsil %0, 15" : "=a"(ps)::"memory");
}

/* The first context of a new task: a frame (switch.S) that the switch
   "returns" from into entry. */
#define ARCH_CONTEXT_INIT_INLINE 1
static inline __attribute__((always_inline)) void *arch_context_init(void *stack_top, void (*entry)(void))
{
	uint32_t *sp = (uint32_t *)((uintptr_t)stack_top & ~(uintptr_t)15) - 8;
	sp[0] = (uint32_t)(uintptr_t)entry; /* a0: where the switch returns to */
	/* a12-a15 are left as the stack holds them: entry is called fresh, and
	   under the ABI a function writes a callee-saved register before it
	   reads it */
	sp[5] = ~0u; /* a frame for C (switch.S): task_entry unmasks */
	return sp;
}

#define ARCH_HAS_FPU 0 /* the lx106 has no floating-point unit */

/* Instructions retired between begin and end, counted by ICOUNT: exact and
   repeatable under QEMU (facts/qemu-lx106.md). ICOUNTLEVEL 1 counts outside
   interrupt handlers; starting from 0 it cannot reach the overflow that
   raises a debug exception. */
static inline void arch_count_begin(void)
{
	__asm__ volatile("wsr %0, icount\n\twsr %1, icountlevel\n\tisync" ::"a"(0), "a"(1));
}

static inline uint32_t arch_count_end(void)
{
	uint32_t n;
	__asm__ volatile("rsr %0, icount" : "=a"(n));
	__asm__ volatile("wsr %0, icountlevel\n\tisync" ::"a"(0));
	return n;
}
