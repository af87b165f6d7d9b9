/*
 * vectors.S (xtensa lx106) — the exception vector table at VECBASE and the
 * common entry that saves a trap frame and calls xtensa_trap() in C.
 * Offsets of each vector from VECBASE are fixed by the core (facts/esp8266.md §3).
 */
#include "frame.h"

	.section .vectors.text, "ax"
	.align 1024			/* VECBASE ignores its low 10 bits */
	.global vector_table
vector_table:
	/* Each vector parks a0 in the EXCSAVE register of its own level, so a
	   debug or double exception taken inside the level-1 handler does not
	   overwrite the a0 that handler saved in EXCSAVE1 (Xtensa ISA reference
	   manual, 4.4.1 and 4.4.5; facts/esp8266.md §9). */
	.org 0x10			/* debug (level 2): a break instruction; fatal */
	wsr a0, excsave2
	j debug_entry
	.org 0x20			/* NMI (level 3): nothing routes to it here */
	rfi 3
	.org 0x30			/* kernel vector: exceptions with PS.UM = 0 */
	wsr a0, excsave1
	j trap_entry
	.org 0x50			/* user vector: level-1 interrupts and exceptions */
	wsr a0, excsave1
	j trap_entry
	.org 0x70			/* double exception: the stack or a handler is broken */
	wsr a0, excsave3		/* level 3's: the NMI vector above never uses it */
	j double_entry

	/* Every entry opens a frame with a0 (from the vector's EXCSAVE) and the
	   PC, leaves the cause in a2, and shares the rest (save_rest). */
	.macro frame_open save, pc
	addi a1, a1, -FRAME_SIZE
	s32i a2, a1, FRAME_A(2)
	rsr a2, \save
	s32i a2, a1, FRAME_A(0)
	rsr a2, \pc
	s32i a2, a1, FRAME_PC
	.endm

	.section .iram.text, "ax"
	.literal_position
	.align 4
	/* A debug exception keeps its PC in EPC2 and has no EXCCAUSE of its
	   own: the report calls it a breakpoint (trap.c). */
debug_entry:
	frame_open excsave2, epc2
	movi a2, EXCCAUSE_BREAKPOINT
	j save_rest

	/* An exception while PS.EXCM was set: its PC is in DEPC, EPC1 still
	   holds the first exception's. Fatal; the report names both. */
double_entry:
	frame_open excsave3, depc
	rsr a2, epc1
	s32i a2, a1, FRAME_EPC1
	rsr a2, exccause
	addi a2, a2, EXCCAUSE_DOUBLE
	j save_rest

	.global trap_entry
trap_entry:
	frame_open excsave1, epc1
	rsr a2, exccause
save_rest:
	s32i a2, a1, FRAME_EXCCAUSE
	s32i a3, a1, FRAME_A(3)
	s32i a4, a1, FRAME_A(4)
	s32i a5, a1, FRAME_A(5)
	s32i a6, a1, FRAME_A(6)
	s32i a7, a1, FRAME_A(7)
	s32i a8, a1, FRAME_A(8)
	s32i a9, a1, FRAME_A(9)
	s32i a10, a1, FRAME_A(10)
	s32i a11, a1, FRAME_A(11)
	s32i a12, a1, FRAME_A(12)
	s32i a13, a1, FRAME_A(13)
	s32i a14, a1, FRAME_A(14)
	s32i a15, a1, FRAME_A(15)
	addi a0, a1, FRAME_SIZE
	s32i a0, a1, FRAME_A(1)
	rsr a0, ps
	s32i a0, a1, FRAME_PS
	rsr a0, sar
	s32i a0, a1, FRAME_SAR
	rsr a0, excvaddr
	s32i a0, a1, FRAME_EXCVADDR

	mov a2, a1
	movi a0, xtensa_trap
	callx0 a0
	/* xtensa_trap returns the frame to resume: a context switch may pick another. */
	mov a1, a2

	.global trap_return
trap_return:
	l32i a0, a1, FRAME_SAR
	wsr a0, sar
	l32i a0, a1, FRAME_PC
	wsr a0, epc1
	l32i a0, a1, FRAME_PS
	wsr a0, ps
	rsync
	l32i a0, a1, FRAME_A(0)
	l32i a2, a1, FRAME_A(2)
	l32i a3, a1, FRAME_A(3)
	l32i a4, a1, FRAME_A(4)
	l32i a5, a1, FRAME_A(5)
	l32i a6, a1, FRAME_A(6)
	l32i a7, a1, FRAME_A(7)
	l32i a8, a1, FRAME_A(8)
	l32i a9, a1, FRAME_A(9)
	l32i a10, a1, FRAME_A(10)
	l32i a11, a1, FRAME_A(11)
	l32i a12, a1, FRAME_A(12)
	l32i a13, a1, FRAME_A(13)
	l32i a14, a1, FRAME_A(14)
	l32i a15, a1, FRAME_A(15)
	l32i a1, a1, FRAME_A(1)
	rfe
