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
 *   IRAM                  attribute: code that must run from internal RAM
 *                         (interrupt paths, code used while flash is busy).
 *   arch_irq_t            saved interrupt state.
 *   arch_irq_t arch_irq_save(void)         mask interrupts, return old state.
 *   void arch_irq_restore(arch_irq_t)      put the old state back.
 *   uint64_t arch_counter(void)            free-running tick counter.
 *   void arch_idle(void)                   sleep until an interrupt (waiti/wfi).
 *
 * Targets only (the host measures time instead), for benchmarks:
 *   void arch_count_begin(void)            start counting retired instructions.
 *   uint32_t arch_count_end(void)          instructions since begin (plus a
 *                                          constant overhead the caller calibrates).
 */
#include "arch_inline.h"

struct trap_frame;

/* Prints the registers of a trap frame on the console (used by panic). */
void arch_print_frame(const struct trap_frame *frame);
