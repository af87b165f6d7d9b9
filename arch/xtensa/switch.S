/*
 * switch.S (xtensa lx106) — the context switch, and task_yield's common case
 * (another task ready, no time slice) whole. Under the call0 ABI a switch is
 * a function call, so only what a callee must preserve is saved: a0 (the
 * return address), a1 (the stack) and a12-a15, and with them the PS a
 * yield restores as it returns.
 *
 * Invariant: every saved context is a frame of CONTEXT_SIZE at the task's sp
 * holding a0, a12-a15 and a PS. A frame from arch_context_switch (or
 * arch_context_init) has PS -1 (no PS has every bit set): loading it returns
 * into C, which unmasks and does the resume work itself. A frame from
 * task_yield has the PS from before the yield masked: loading it, whichever
 * switch does, finishes that yield (the resume work, PS) and returns to the
 * yield's caller.
 */
#include "task_layout.h"

#define CONTEXT_SIZE 32 /* 6 words, rounded to keep a1 16-byte aligned */
#define CONTEXT_PS 20

/* A new frame at a1 with a0 and a12-a15 in it; its PS word is the
   caller's to store. */
.macro save_context
	addi a1, a1, -CONTEXT_SIZE
	s32i a0, a1, 0
	s32i a12, a1, 4
	s32i a13, a1, 8
	s32i a14, a1, 12
	s32i a15, a1, 16
.endm

/* The frame at a1 loaded and taken off the stack, its PS left in a2. */
.macro load_context
	l32i a0, a1, 0
	l32i a12, a1, 4
	l32i a13, a1, 8
	l32i a14, a1, 12
	l32i a15, a1, 16
	l32i a2, a1, CONTEXT_PS
	addi a1, a1, CONTEXT_SIZE
.endm

	.section .iram.text, "ax"
	.literal_position
	.align 4
	/* void arch_context_switch(void **save_sp, void *load_sp), with
	   interrupts masked */
	.global arch_context_switch
	.type arch_context_switch, @function
arch_context_switch:
	save_context
	movi a4, -1
	s32i a4, a1, CONTEXT_PS
	s32i a1, a2, 0
	mov a1, a3
.Lload:
	load_context
	beqi a2, -1, 1f
	movi a3, sched
	j .Lyield_resumed
1:	ret


	/* void arch_context_load(void *load_sp), with interrupts masked: the
	   load half alone, for a task that will never run again (task_exit) */
	.global arch_context_load
	.type arch_context_load, @function
	.align 4
arch_context_load:
	mov a1, a2
	j .Lload

	.literal_position
	.align 4
	/* void task_yield(void): the common case here, every other case (and a
	   canary that is not there: the C panics) in task_yield_general. */
	.global task_yield
	.type task_yield, @function
task_yield:
	rsil a2, 15
	movi a3, sched
	l32i a4, a3, SCHED_CURRENT
	l32i a5, a3, SCHED_RUN_HEAD
	beqz a5, .Lgeneral
	l8ui a6, a3, SCHED_SLICING
	bnez a6, .Lgeneral
	l32i a6, a4, TASK_CANARY
	l32i a6, a6, 0
	movi a7, STACK_CANARY
	bne a6, a7, .Lgeneral
	/* prev (a4) to the back of the run queue, its head (a5) out and current */
	movi a6, 0
	s8i a6, a4, TASK_STATE
	s32i a6, a4, TASK_NEXT
	l32i a7, a3, SCHED_RUN_TAIL
	s32i a4, a7, TASK_NEXT
	s32i a4, a3, SCHED_RUN_TAIL
	l32i a7, a5, TASK_NEXT
	s32i a7, a3, SCHED_RUN_HEAD
	s32i a6, a5, TASK_NEXT
	s32i a5, a3, SCHED_CURRENT
	movi a7, TASK_STATE_RUNNING
	s8i a7, a5, TASK_STATE
	save_context
	s32i a2, a1, CONTEXT_PS
	s32i a1, a4, TASK_SP
	l32i a1, a5, TASK_SP
	load_context
	beqi a2, -1, 1f
	/* a yield's frame (a2 its PS, a3 sched): the resume work, then its
	   interrupt state, and back to its caller */
.Lyield_resumed:
	l8ui a6, a3, SCHED_RESUME_WORK
	bnez a6, .Lresume_work
.Lunmask:
	wsr.ps a2
	rsync
1:	ret

.Lresume_work:
	addi a1, a1, -16
	s32i a0, a1, 0
	s32i a2, a1, 4
	movi a0, sched_resume_work
	callx0 a0
	l32i a0, a1, 0
	l32i a2, a1, 4
	addi a1, a1, 16
	j .Lunmask

.Lgeneral:
	wsr.ps a2
	rsync
	movi a2, task_yield_general
	jx a2
