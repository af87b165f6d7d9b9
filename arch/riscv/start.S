/*
 * start.S (riscv) — reset entry on QEMU virt with -bios none: park every hart
 * but 0, set gp/sp, probe Smepmp, set mtvec, open PMP, enable the FPU on
 * rv64gc, clear .bss, C.
 */
#include "frame.h"

	.section .text.start, "ax"
	.global _start
_start:
	csrr t0, mhartid
	bnez t0, park
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	/* a1: the device tree QEMU's boot ROM passes, kept for the board. */
	la t0, riscv_boot_dtb
	REG_S a1, 0(t0)
	la sp, _stack_top
	/* Smepmp (ePMP) probe: mseccfg (CSR 0x747) exists only on harts with
	   it, elsewhere touching it is an illegal instruction that probe_trap
	   steps over. Its RLB bit (2) lets M-mode edit locked PMP entries; it
	   must be set before any entry is locked, or it reads 0 until reset
	   (Smepmp 1.0, mseccfg.RLB). board/qemu-virt/jit_pool.c uses it. */
	la t0, probe_trap
	csrw mtvec, t0
	li t1, 0
	li t0, 4
	csrs 0x747, t0
	csrr t1, 0x747
	la t0, riscv_mseccfg
	REG_S t1, 0(t0)
	la t0, trap_entry
	csrw mtvec, t0
	/* With no PMP entry, lower privilege modes can touch nothing; one
	   NAPOT entry over all memory, RWX (facts/qemu-riscv-virt.md). It is
	   entry 4: with Smepmp, board/qemu-virt/jit_pool.c puts its rules in
	   0-5 (lower numbers win) when the JIT is first used. */
	li t0, -1
	srli t0, t0, 10
	csrw pmpaddr4, t0
	li t0, 0x1f
#if __riscv_xlen == 32
	csrw pmpcfg1, t0
#else
	slli t0, t0, 32
	csrw pmpcfg0, t0
#endif
#ifdef __riscv_flen
	/* mstatus.FS resets to Off and the first FP instruction would trap. */
	li t0, 0x2000
	csrs mstatus, t0
	csrw fcsr, zero
#endif
	la t0, _bss_start
	la t1, _bss_end
1:	bgeu t0, t1, 2f
	REG_S zero, 0(t0)
	addi t0, t0, REGBYTES
	j 1b
2:	/* main's thread-local block: a copy of the .tdata template (the .tbss
	   part was cleared with .bss). tp points at the block (TLS variant I). */
	la a0, _tls_main
	la a1, _tls_template
	la a2, _tls_data_size
	call memcpy
	la tp, _tls_main
	call runtime_start
park:
	wfi
	j park

	/* The probe's trap: past the 4-byte csr instruction that raised it. */
	.align 2
probe_trap:
	csrr t0, mepc
	addi t0, t0, 4
	csrw mepc, t0
	mret

	.section .data.riscv_boot_dtb, "aw"
	.balign REGBYTES
	.global riscv_boot_dtb
riscv_boot_dtb:
	.space REGBYTES

	/* mseccfg as the probe left it: 0 without Smepmp, RLB set with it. */
	.section .data.riscv_mseccfg, "aw"
	.balign REGBYTES
	.global riscv_mseccfg
riscv_mseccfg:
	.space REGBYTES

	.section .text.trap, "ax"
	.align 4
	.global trap_entry
trap_entry:
	addi sp, sp, -FRAME_SIZE
	REG_S x1, FRAME_X(1)(sp)
	REG_S x3, FRAME_X(3)(sp)
	REG_S x4, FRAME_X(4)(sp)
	REG_S x5, FRAME_X(5)(sp)
	REG_S x6, FRAME_X(6)(sp)
	REG_S x7, FRAME_X(7)(sp)
	REG_S x8, FRAME_X(8)(sp)
	REG_S x9, FRAME_X(9)(sp)
	REG_S x10, FRAME_X(10)(sp)
	REG_S x11, FRAME_X(11)(sp)
	REG_S x12, FRAME_X(12)(sp)
	REG_S x13, FRAME_X(13)(sp)
	REG_S x14, FRAME_X(14)(sp)
	REG_S x15, FRAME_X(15)(sp)
	REG_S x16, FRAME_X(16)(sp)
	REG_S x17, FRAME_X(17)(sp)
	REG_S x18, FRAME_X(18)(sp)
	REG_S x19, FRAME_X(19)(sp)
	REG_S x20, FRAME_X(20)(sp)
	REG_S x21, FRAME_X(21)(sp)
	REG_S x22, FRAME_X(22)(sp)
	REG_S x23, FRAME_X(23)(sp)
	REG_S x24, FRAME_X(24)(sp)
	REG_S x25, FRAME_X(25)(sp)
	REG_S x26, FRAME_X(26)(sp)
	REG_S x27, FRAME_X(27)(sp)
	REG_S x28, FRAME_X(28)(sp)
	REG_S x29, FRAME_X(29)(sp)
	REG_S x30, FRAME_X(30)(sp)
	REG_S x31, FRAME_X(31)(sp)
	addi t0, sp, FRAME_SIZE
	REG_S t0, FRAME_X(2)(sp)
	csrr t0, mepc
	REG_S t0, FRAME_PC(sp)
	csrr t0, mstatus
	REG_S t0, FRAME_MSTATUS(sp)
	csrr t0, mcause
	REG_S t0, FRAME_MCAUSE(sp)
	csrr t0, mtval
	REG_S t0, FRAME_MTVAL(sp)
	mv a0, sp
	call riscv_trap
	/* riscv_trap returns the frame to resume: a context switch may pick another. */
	mv sp, a0
	REG_L t0, FRAME_PC(sp)
	csrw mepc, t0
	REG_L t0, FRAME_MSTATUS(sp)
	csrw mstatus, t0
	REG_L x1, FRAME_X(1)(sp)
	REG_L x3, FRAME_X(3)(sp)
	REG_L x4, FRAME_X(4)(sp)
	REG_L x5, FRAME_X(5)(sp)
	REG_L x6, FRAME_X(6)(sp)
	REG_L x7, FRAME_X(7)(sp)
	REG_L x8, FRAME_X(8)(sp)
	REG_L x9, FRAME_X(9)(sp)
	REG_L x10, FRAME_X(10)(sp)
	REG_L x11, FRAME_X(11)(sp)
	REG_L x12, FRAME_X(12)(sp)
	REG_L x13, FRAME_X(13)(sp)
	REG_L x14, FRAME_X(14)(sp)
	REG_L x15, FRAME_X(15)(sp)
	REG_L x16, FRAME_X(16)(sp)
	REG_L x17, FRAME_X(17)(sp)
	REG_L x18, FRAME_X(18)(sp)
	REG_L x19, FRAME_X(19)(sp)
	REG_L x20, FRAME_X(20)(sp)
	REG_L x21, FRAME_X(21)(sp)
	REG_L x22, FRAME_X(22)(sp)
	REG_L x23, FRAME_X(23)(sp)
	REG_L x24, FRAME_X(24)(sp)
	REG_L x25, FRAME_X(25)(sp)
	REG_L x26, FRAME_X(26)(sp)
	REG_L x27, FRAME_X(27)(sp)
	REG_L x28, FRAME_X(28)(sp)
	REG_L x29, FRAME_X(29)(sp)
	REG_L x30, FRAME_X(30)(sp)
	REG_L x31, FRAME_X(31)(sp)
	REG_L sp, FRAME_X(2)(sp)
	mret
