/*
 * switch.S (riscv) — the context switch: a function call, so only the
 * callee-saved integer registers move (ra, sp, s0-s11). Floating-point state
 * is saved by task.c only for tasks that have used the FPU.
 */
#include "frame.h"

#define CONTEXT_SIZE (16 * REGBYTES) /* 13 registers, keeps sp 16-byte aligned */

	.section .text.arch_context_switch, "ax"
	.align 2
	/* void arch_context_load(void *load_sp): the load half alone, for a
	   task that will never run again (task_exit) */
	.global arch_context_load
arch_context_load:
	mv a1, a0
	j 1f

	/* void arch_context_switch(void **save_sp, void *load_sp) */
	.global arch_context_switch
arch_context_switch:
	addi sp, sp, -CONTEXT_SIZE
	REG_S ra, 0*REGBYTES(sp)
	REG_S s0, 1*REGBYTES(sp)
	REG_S s1, 2*REGBYTES(sp)
	REG_S s2, 3*REGBYTES(sp)
	REG_S s3, 4*REGBYTES(sp)
	REG_S s4, 5*REGBYTES(sp)
	REG_S s5, 6*REGBYTES(sp)
	REG_S s6, 7*REGBYTES(sp)
	REG_S s7, 8*REGBYTES(sp)
	REG_S s8, 9*REGBYTES(sp)
	REG_S s9, 10*REGBYTES(sp)
	REG_S s10, 11*REGBYTES(sp)
	REG_S s11, 12*REGBYTES(sp)
	REG_S sp, 0(a0)
1:	mv sp, a1
	REG_L ra, 0*REGBYTES(sp)
	REG_L s0, 1*REGBYTES(sp)
	REG_L s1, 2*REGBYTES(sp)
	REG_L s2, 3*REGBYTES(sp)
	REG_L s3, 4*REGBYTES(sp)
	REG_L s4, 5*REGBYTES(sp)
	REG_L s5, 6*REGBYTES(sp)
	REG_L s6, 7*REGBYTES(sp)
	REG_L s7, 8*REGBYTES(sp)
	REG_L s8, 9*REGBYTES(sp)
	REG_L s9, 10*REGBYTES(sp)
	REG_L s10, 11*REGBYTES(sp)
	REG_L s11, 12*REGBYTES(sp)
	addi sp, sp, CONTEXT_SIZE
	ret

#ifdef __riscv_flen
	/* void arch_fp_save(struct arch_fp_state *) — fs0-fs11 and fcsr */
	.section .text.arch_fp_save, "ax"
	.global arch_fp_save
arch_fp_save:
	fsd fs0, 0(a0)
	fsd fs1, 8(a0)
	fsd fs2, 16(a0)
	fsd fs3, 24(a0)
	fsd fs4, 32(a0)
	fsd fs5, 40(a0)
	fsd fs6, 48(a0)
	fsd fs7, 56(a0)
	fsd fs8, 64(a0)
	fsd fs9, 72(a0)
	fsd fs10, 80(a0)
	fsd fs11, 88(a0)
	frcsr t0
	sw t0, 96(a0)
	ret

	/* void arch_fp_restore(const struct arch_fp_state *) */
	.section .text.arch_fp_restore, "ax"
	.global arch_fp_restore
arch_fp_restore:
	fld fs0, 0(a0)
	fld fs1, 8(a0)
	fld fs2, 16(a0)
	fld fs3, 24(a0)
	fld fs4, 32(a0)
	fld fs5, 40(a0)
	fld fs6, 48(a0)
	fld fs7, 56(a0)
	fld fs8, 64(a0)
	fld fs9, 72(a0)
	fld fs10, 80(a0)
	fld fs11, 88(a0)
	lw t0, 96(a0)
	fscsr t0
	ret
#endif
