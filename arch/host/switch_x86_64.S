/*
 * switch_x86_64.S (host) — the context switch for x86-64 System V: a function
 * call, so only rbx, rbp and r12-r15 move (plus the return address already
 * on the stack). SSE registers are all caller-saved.
 */
	.text
	/* void arch_context_switch(void **save_sp, void *load_sp) */
	.globl arch_context_switch
	.type arch_context_switch, @function
arch_context_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.section .note.GNU-stack, "", @progbits
