/*
 * switch_aarch64.S (host) — the context switch for AArch64 Linux (AAPCS64):
 * a function call, so only x19-x28, the frame pointer x29, the link register
 * x30 and the low halves of v8-v15 (d8-d15), which the callee must preserve.
 */
#define CONTEXT_SIZE 160 /* 20 registers of 8 bytes; sp stays 16-byte aligned */

	.text
	/* void arch_context_switch(void **save_sp, void *load_sp) */
	.globl arch_context_switch
	.type arch_context_switch, %function
arch_context_switch:
	sub sp, sp, #CONTEXT_SIZE
	stp x19, x20, [sp, #0]
	stp x21, x22, [sp, #16]
	stp x23, x24, [sp, #32]
	stp x25, x26, [sp, #48]
	stp x27, x28, [sp, #64]
	stp x29, x30, [sp, #80]
	stp d8, d9, [sp, #96]
	stp d10, d11, [sp, #112]
	stp d12, d13, [sp, #128]
	stp d14, d15, [sp, #144]
	mov x9, sp
	str x9, [x0]
	mov sp, x1
	ldp x19, x20, [sp, #0]
	ldp x21, x22, [sp, #16]
	ldp x23, x24, [sp, #32]
	ldp x25, x26, [sp, #48]
	ldp x27, x28, [sp, #64]
	ldp x29, x30, [sp, #80]
	ldp d8, d9, [sp, #96]
	ldp d10, d11, [sp, #112]
	ldp d12, d13, [sp, #128]
	ldp d14, d15, [sp, #144]
	add sp, sp, #CONTEXT_SIZE
	ret
	.section .note.GNU-stack, "", %progbits
