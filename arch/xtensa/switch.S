/*
 * switch.S (xtensa lx106) — the context switch. Under the call0 ABI a switch
 * is a function call, so only what a callee must preserve is saved: a0 (the
 * return address), a1 (the stack) and a12-a15. PS is the caller's business
 * (task.c saves and restores the interrupt level around the switch).
 */
#define CONTEXT_SIZE 32 /* 6 words, rounded to keep a1 16-byte aligned */

	.section .iram.text, "ax"
	.literal_position
	.align 4
	/* void arch_context_switch(void **save_sp, void *load_sp) */
	.global arch_context_switch
	.type arch_context_switch, @function
arch_context_switch:
	addi a1, a1, -CONTEXT_SIZE
	s32i a0, a1, 0
	s32i a12, a1, 4
	s32i a13, a1, 8
	s32i a14, a1, 12
	s32i a15, a1, 16
	s32i a1, a2, 0
	mov a1, a3
	l32i a0, a1, 0
	l32i a12, a1, 4
	l32i a13, a1, 8
	l32i a14, a1, 12
	l32i a15, a1, 16
	addi a1, a1, CONTEXT_SIZE
	ret
