/*
 * switch_x86_64.S (host) — the context switch for x86-64 System V, and
 * task_yield's common case (another task ready, no time slice) whole. A
 * switch is a function call, so only rbx, rbp and r12-r15 move (plus the
 * return address already on the stack); SSE registers are all caller-saved.
 *
 * Invariant: every saved context is at the task's sp as r15, r14, r13, r12,
 * rbx, rbp and a resume address, which whichever switch loads it jumps to.
 * arch_context_switch (and arch_context_init) leave the address of the C
 * that called the switch; task_yield leaves .Lyield_resumed, with the
 * interrupt mask from before the yield and the yield's return address above
 * it: jumping there finishes that yield (the resume work, the mask) and
 * returns to the yield's caller.
 *
 * task_yield resumes and returns by indirect jumps, not ret: the return
 * stack predicts the caller of the outgoing task's yield, which is the
 * wrong one whenever two tasks yield from different places (a mispredicted
 * ret per switch, about a third of the switch); the indirect predictor,
 * which keys on the branch history, learns the alternation. The call to
 * task_yield leaves one return-stack entry unused, which costs at most one
 * mispredicted ret further up the caller's chain.
 */
#include "task_layout.h"


/* The callee-saved registers as every saved context holds them (above). */
.macro save_callee_saved
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro load_callee_saved
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
.endm

	.text
	/* void arch_context_switch(void **save_sp, void *load_sp) */
	.globl arch_context_switch
	.type arch_context_switch, @function
arch_context_switch:
	save_callee_saved
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	load_callee_saved
	ret
	.size arch_context_switch, . - arch_context_switch

	/* void task_yield(void): the common case here, every other case (and a
	   canary that is not there: the C panics) in task_yield_general. The
	   mask is the flag SIGALRM's handler honours (irq.c). */
	.globl task_yield
	.type task_yield, @function
	.p2align 4
task_yield:
	movl host_irq_masked(%rip), %eax
	movl $1, host_irq_masked(%rip)
	movq sched+SCHED_CURRENT(%rip), %rdx
	movq sched+SCHED_RUN_HEAD(%rip), %rsi
	testq %rsi, %rsi
	jz .Lgeneral
	cmpb $0, sched+SCHED_SLICING(%rip)
	jne .Lgeneral
	movq TASK_CANARY(%rdx), %rcx
	cmpl $STACK_CANARY, (%rcx)
	jne .Lgeneral
	/* prev (rdx) to the back of the run queue, its head (rsi) out and current */
	movb $TASK_STATE_READY, TASK_STATE(%rdx)
	movq $0, TASK_NEXT(%rdx)
	movq sched+SCHED_RUN_TAIL(%rip), %rcx
	movq %rdx, TASK_NEXT(%rcx)
	movq %rdx, sched+SCHED_RUN_TAIL(%rip)
	movq TASK_NEXT(%rsi), %rcx
	movq %rcx, sched+SCHED_RUN_HEAD(%rip)
	movq $0, TASK_NEXT(%rsi)
	movq %rsi, sched+SCHED_CURRENT(%rip)
	movb $TASK_STATE_RUNNING, TASK_STATE(%rsi)
	pushq %rax
	leaq .Lyield_resumed(%rip), %rcx
	pushq %rcx
	save_callee_saved
	movq %rsp, TASK_SP(%rdx)
	movq TASK_SP(%rsi), %rsp
	load_callee_saved
	popq %rcx
	jmp *%rcx

	/* a yield's frame: its mask, then back to its caller */
.Lyield_resumed:
	popq %rax
	cmpb $0, sched+SCHED_RESUME_WORK(%rip)
	jne .Lresume_work
.Lunmask:
	movl %eax, host_irq_masked(%rip)
	testl %eax, %eax
	jnz 1f
	cmpl $0, host_irq_pending(%rip)
	jne host_irq_replay /* a signal came while masked: take it, then return */
1:	popq %rcx
	jmp *%rcx

.Lresume_work:
	pushq %rax /* and the stack is 16-byte aligned for the call */
	call sched_resume_work
	popq %rax
	jmp .Lunmask

	/* the mask as it was: task_yield_general masks again, and replays a
	   signal that came meanwhile when it unmasks */
.Lgeneral:
	movl %eax, host_irq_masked(%rip)
	jmp task_yield_general
	.size task_yield, . - task_yield
	.section .note.GNU-stack, "", @progbits
