/*
 * frame.h (xtensa) — the register frame the exception entry pushes on the
 * stack. Offsets are shared by the assembly (FRAME_*) and by C (struct).
 */
#pragma once

#define FRAME_A(n) ((n) * 4)
#define FRAME_PC 64
#define FRAME_PS 68
#define FRAME_SAR 72
#define FRAME_EXCCAUSE 76
#define FRAME_EXCVADDR 80
#define FRAME_EPC1 84 /* stored by the double-exception entry only */
#define FRAME_SIZE 96 /* 16-byte aligned, as the call0 ABI keeps a1 */

/* Not architected EXCCAUSE values (those are 0-63): the debug vector's, and
   the double-exception vector's, which adds this to the real cause. */
#define EXCCAUSE_BREAKPOINT 64
#define EXCCAUSE_DOUBLE 128

#ifndef __ASSEMBLER__
#include <stdint.h>
struct trap_frame {
	uint32_t a[16];
	uint32_t pc, ps, sar, exccause, excvaddr, epc1;
	uint32_t pad[2];
};
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "frame layout");
#endif
