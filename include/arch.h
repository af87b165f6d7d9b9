/*
 * arch.h — the contract every instruction-set port implements (arch/<isa>/).
 * The portable kernel is written once against these; the fast paths are inline
 * and live in arch/<isa>/arch_inline.h, which this header pulls in.
 */
#pragma once
#include <stdint.h>

/*
 * From arch_inline.h, per ISA:
 *   ARCH_SMP              1 if another CPU may touch shared memory concurrently
 *                         (host threads); 0 on single-core MCUs, where only an
 *                         interrupt can race a task and a compiler fence suffices.
 *   ARCH_COUNTER_BITS     width of arch_counter(): 32 (lx106 CCOUNT) or 64.
 *   ARCH_CACHE_LINE       alignment that keeps two CPUs' data on separate lines.
 *   ARCH_STACK_MIN        smallest task stack: interrupts run on task stacks.
 *   IRAM                  attribute: code that must run from internal RAM
 *                         (interrupt paths, code used while flash is busy).
 *   arch_irq_t            saved interrupt state; ARCH_IRQ_ON is the state
 *                         with every interrupt enabled.
 *   arch_irq_t arch_irq_save(void)         mask interrupts, return old state.
 *   void arch_irq_restore(arch_irq_t)      put the old state back.
 *   uint64_t arch_counter(void)            free-running tick counter (the
 *                                          clock's source; a fixed rate).
 *   uint64_t arch_cycles(void)             the CPU's clock-cycle counter:
 *                                          CCOUNT on lx106 (32 bits, the same
 *                                          register as arch_counter), mcycle on
 *                                          RISC-V, the TSC on the host.
 *   uint64_t arch_mul_wide(uint32_t, uint32_t)  the full 64-bit product,
 *                                          inline, with no library call.
 *   uint64_t arch_mul_fixed(uint64_t x, uint64_t factor)  x * factor / 2^32
 *                                          rounded down, modulo 2^64 (factor
 *                                          a 32.32 fixed-point number): where
 *                                          the ISA has a 64x64->128 multiply
 *                                          (ARCH_HAS_MUL_FIXED); else below,
 *                                          from four arch_mul_wide products
 *                                          (arch_mul_fixed_halves).
 *   void arch_idle(void)                   called with interrupts masked: sleep
 *                                          until an interrupt, let its handler
 *                                          run, return masked again.
 *   ARCH_MMIO_MODELS      1 where register accesses go to models (host tests).
 *   ARCH_MEMCPY_INLINE    1 where the compiler inlines memcpy with vector moves
 *                         and the C library's is faster than a word loop.
 *   ARCH_HAS_TLS, arch_tls_size/init/set/  a per-task block of the C library's
 *   boot                                   thread-local data, if it has any
 *                                          (boot: the block main starts with);
 *   ARCH_HAS_FPU, struct arch_fp_state     callee-saved FP registers, if any;
 *   bool arch_fp_dirty(void)               FP registers written since the last
 *                                          arch_fp_clean(); then arch_fp_save/
 *                                          arch_fp_restore move them.
 *
 * Targets only (the host measures time instead), for benchmarks:
 *   void arch_count_begin(void)            start counting retired instructions.
 *   uint32_t arch_count_end(void)          instructions since begin (plus a
 *                                          constant overhead the caller calibrates).
 */
#include "arch_inline.h"

#ifndef ARCH_MEMCPY_INLINE
#define ARCH_MEMCPY_INLINE 0 /* memcpy is a call: short copies do better by hand */
#endif

#ifndef ARCH_MMIO_MODELS
#define ARCH_MMIO_MODELS 0 /* registers are real: see mmio.h */
#endif

/* x * factor / 2^32 from four 32x32->64 products, the exact floor: x *
   (whole + fraction / 2^32) is x * whole plus high * fraction (whole
   numbers) plus low * fraction / 2^32, the only part with a fraction to
   drop. arch_mul_fixed where the ISA has no wider multiply. */
static inline __attribute__((always_inline)) uint64_t arch_mul_fixed_halves(uint64_t x, uint64_t factor)
{
	uint32_t high = (uint32_t)(x >> 32), low = (uint32_t)x;
	uint32_t whole = (uint32_t)(factor >> 32), fraction = (uint32_t)factor;
	uint64_t by_whole = ((uint64_t)(high * whole) << 32) + arch_mul_wide(low, whole);
	uint64_t by_fraction = arch_mul_wide(high, fraction) + (arch_mul_wide(low, fraction) >> 32);
	return by_whole + by_fraction;
}

#ifndef ARCH_HAS_MUL_FIXED
static inline __attribute__((always_inline)) uint64_t arch_mul_fixed(uint64_t x, uint64_t factor)
{
	return arch_mul_fixed_halves(x, factor);
}
#endif

#ifndef ARCH_HAS_TLS
/* The C library keeps no per-thread data here (errno is a plain global). */
#define ARCH_HAS_TLS 0
static inline uint32_t arch_tls_size(void) { return 0; }
static inline void *arch_tls_init(void *block) { return block; }
static inline void arch_tls_set(void *tls) { (void)tls; }
static inline void *arch_tls_boot(void) { return 0; }
#endif

#if !ARCH_HAS_FPU
/* Nothing to save where no callee-saved floating-point registers exist. */
struct arch_fp_state {
	char none;
};
static inline int arch_fp_dirty(void) { return 0; }
static inline void arch_fp_clean(void) {}
static inline void arch_fp_save(struct arch_fp_state *s) { (void)s; }
static inline void arch_fp_restore(const struct arch_fp_state *s) { (void)s; }
#endif

struct trap_frame;

/* Prints the registers of a trap frame on the console (used by panic). */
void arch_print_frame(const struct trap_frame *frame);

/* Saves the callee-saved registers on the current stack, stores the stack
   pointer in *save_sp, and resumes the context saved at load_sp. */
void arch_context_switch(void **save_sp, void *load_sp);

/* Resumes the context saved at load_sp and saves none: for a task that will
   never run again. */
__attribute__((noreturn)) void arch_context_load(void *load_sp);

/* Prepares a stack so that switching to the returned pointer calls entry.
   Inline where the arch's arch_inline.h defines ARCH_CONTEXT_INIT_INLINE: a
   spawn then makes no call but its page allocation. */
#ifndef ARCH_CONTEXT_INIT_INLINE
void *arch_context_init(void *stack_top, void (*entry)(void));
#endif
