/*
 * entry.S (linux) — the crossing between the M-mode kernel and U-mode user
 * code. mscratch is 0 while the kernel runs and points at the running
 * thread's struct user_frame while user code runs, so the trap vector tells
 * the two apart with one swap. Entering user mode is a function call
 * (user_enter) that "returns" when the user code traps: the kernel's own
 * registers wait on the task's kernel stack meanwhile.
 *
 * A syscall takes a shorter way: half the registers saved, syscall_fast
 * (linux/thread.c) called on the kernel stack, straight back to user mode;
 * it falls back to the full way when the kernel needs the whole frame.
 */
#define F_X(n) ((n) * 8)
#define F_F(n) (256 + (n) * 8)
#define F_FCSR 512
#define F_KSP 520
#define F_CAUSE 528
#define F_TVAL 536
#define KSAVE 128 /* ra, gp, tp, s0-s11: 15 slots, 16-byte aligned */

#define MSTATUS_MPP 0x1800
#define MSTATUS_MPIE 0x80
#define CAUSE_ECALL_U 8

/* The user's registers x<n> for each n given, in that order, stored into or
   loaded from the user_frame at base: a load names the base's own register
   last (x10 for a0). */
.macro save_x base, regs:vararg
	.irp n, \regs
	sd x\n, F_X(\n)(\base)
	.endr
.endm

.macro load_x base, regs:vararg
	.irp n, \regs
	ld x\n, F_X(\n)(\base)
	.endr
.endm

/* The kernel's own callee-saved registers (and gp, tp) at sp while user
   code runs: op is sd or ld. */
.macro kernel_saved op
	\op ra, 0*8(sp)
	\op gp, 1*8(sp)
	\op tp, 2*8(sp)
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	\op s\n, (3 + \n)*8(sp)
	.endr
.endm

	.section .text.linux_trap_vector, "ax"
	.align 4
	.global linux_trap_vector
linux_trap_vector:
	csrrw sp, mscratch, sp
	bnez sp, user_trap
	/* From the kernel: put sp and mscratch back, take the kernel's path. */
	csrrw sp, mscratch, sp
	j trap_entry

user_trap:
	/* sp = the frame, mscratch = the user's sp. */
	sd t0, F_X(5)(sp)
	csrr t0, mcause
	addi t0, t0, -CAUSE_ECALL_U
	beqz t0, syscall_trap
	save_x sp, 1,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	csrrw t0, mscratch, zero
	sd t0, F_X(2)(sp)
	csrr t0, mepc
	sd t0, F_X(0)(sp)
	csrr a0, mcause
	sd a0, F_CAUSE(sp)
	csrr t0, mtval
	sd t0, F_TVAL(sp)
	ld sp, F_KSP(sp)
leave_user:
	/* Back into user_enter's caller with a0 = what happened. */
	kernel_saved ld
	addi sp, sp, KSAVE
	ret

	/* An ecall: the fast path. Only what C may clobber is saved (ra, t*,
	   a*, and gp/tp, which the kernel's C needs for itself); s0-s11 stay
	   live in the registers, which C preserves, even across a switch to
	   another task. s1 holds the frame meanwhile (its user value saved). */
syscall_trap:
	save_x sp, 1,3,4,6,7,9,10,11,12,13,14,15,16,17,28,29,30,31
	csrrw t0, mscratch, zero
	sd t0, F_X(2)(sp)
	csrr t0, mepc
	sd t0, F_X(0)(sp)
	mv s1, sp
	ld sp, F_KSP(sp)
	ld gp, 1*8(sp)
	ld tp, 2*8(sp)
	mv a0, s1
	call syscall_fast
	bnez a0, syscall_slow
	/* Return to user mode. Other traps may have come meanwhile: mepc is
	   set again, and so is MPP = U, since a task preempted inside a
	   kernel-mode interrupt handler switched here with MPP = M. MPIE does
	   not matter: U-mode takes M-mode interrupts whatever MIE says. */
	ld t0, F_X(0)(s1)
	csrw mepc, t0
	li t0, MSTATUS_MPP
	csrc mstatus, t0
	csrw mscratch, s1
	mv a0, s1
	load_x a0, 1,2,3,4,5,6,7,9,11,12,13,14,15,16,17,28,29,30,31,10
	mret

	/* The kernel wants the whole frame (a signal to deliver, or a call
	   that copies or replaces the registers): complete it with the
	   s-registers, still the user's, and leave as a full trap does. */
syscall_slow:
	save_x s1, 8,18,19,20,21,22,23,24,25,26,27
	sd a0, F_CAUSE(s1)
	sd zero, F_TVAL(s1)
	j leave_user

	/* unsigned long user_enter(struct user_frame *f): with interrupts
	   masked. Returns mcause once the user code traps. */
	.section .text.user_enter, "ax"
	.global user_enter
user_enter:
	addi sp, sp, -KSAVE
	kernel_saved sd
	sd sp, F_KSP(a0)
	ld t0, F_X(0)(a0)
	csrw mepc, t0
	/* mret drops to U-mode (MPP = 0); M-mode interrupts stay enabled
	   there whatever MIE says, and MPIE comes back as MIE on the next trap. */
	li t0, MSTATUS_MPP
	csrc mstatus, t0
	li t0, MSTATUS_MPIE
	csrs mstatus, t0
	csrw mscratch, a0
	load_x a0, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,10
	mret

	/* void user_fp_save(struct user_frame *f) / user_fp_restore */
	.section .text.user_fp_save, "ax"
	.global user_fp_save
user_fp_save:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd f\n, F_F(\n)(a0)
	.endr
	frcsr t0
	sd t0, F_FCSR(a0)
	ret

	.section .text.user_fp_restore, "ax"
	.global user_fp_restore
user_fp_restore:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld f\n, F_F(\n)(a0)
	.endr
	ld t0, F_FCSR(a0)
	fscsr t0
	ret

	/* long semihost_trap(long op, void *args): the semihosting sequence
	   (uncompressed, within one page: the 16-byte alignment sees to it). */
	.section .text.semihost_trap, "ax"
	.balign 16
	.option push
	.option norvc
	.global semihost_trap
semihost_trap:
	slli zero, zero, 0x1f
	ebreak
	srai zero, zero, 7
	ret
	.option pop
