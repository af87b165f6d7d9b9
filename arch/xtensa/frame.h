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
#define FRAME_SIZE 96 /* 16-byte aligned, as the call0 ABI keeps a1 */

/* Not an architected EXCCAUSE (those are 0-63): set by the debug vector. */
#define EXCCAUSE_BREAKPOINT 64

#ifndef __ASSEMBLER__
#include <stdint.h>
struct trap_frame {
	uint32_t a[16];
	uint32_t pc, ps, sar, exccause, excvaddr;
	uint32_t pad[3];
};
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "frame layout");
#endif
