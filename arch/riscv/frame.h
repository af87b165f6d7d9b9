/*
 * frame.h (riscv) — the trap frame the entry code pushes: x1..x31, then
 * mepc, mstatus, mcause, mtval. One register-width slot each.
 */
#pragma once

#if __riscv_xlen == 32
#define REG_S sw
#define REG_L lw
#define REGBYTES 4
#else
#define REG_S sd
#define REG_L ld
#define REGBYTES 8
#endif

#define FRAME_X(n) ((n) * REGBYTES) /* slot 0 holds mepc */
#define FRAME_PC FRAME_X(0)
#define FRAME_MSTATUS FRAME_X(32)
#define FRAME_MCAUSE FRAME_X(33)
#define FRAME_MTVAL FRAME_X(34)
#define FRAME_SIZE (36 * REGBYTES) /* keeps sp 16-byte aligned */

#ifndef __ASSEMBLER__
struct trap_frame {
	unsigned long x[32]; /* x[0] is mepc: x0 needs no slot */
	unsigned long mstatus, mcause, mtval, pad;
};
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "frame layout");
#endif
