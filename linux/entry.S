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
	sd x1, F_X(1)(sp)
	sd x3, F_X(3)(sp)
	sd x4, F_X(4)(sp)
	sd x6, F_X(6)(sp)
	sd x7, F_X(7)(sp)
	sd x8, F_X(8)(sp)
	sd x9, F_X(9)(sp)
	sd x10, F_X(10)(sp)
	sd x11, F_X(11)(sp)
	sd x12, F_X(12)(sp)
	sd x13, F_X(13)(sp)
	sd x14, F_X(14)(sp)
	sd x15, F_X(15)(sp)
	sd x16, F_X(16)(sp)
	sd x17, F_X(17)(sp)
	sd x18, F_X(18)(sp)
	sd x19, F_X(19)(sp)
	sd x20, F_X(20)(sp)
	sd x21, F_X(21)(sp)
	sd x22, F_X(22)(sp)
	sd x23, F_X(23)(sp)
	sd x24, F_X(24)(sp)
	sd x25, F_X(25)(sp)
	sd x26, F_X(26)(sp)
	sd x27, F_X(27)(sp)
	sd x28, F_X(28)(sp)
	sd x29, F_X(29)(sp)
	sd x30, F_X(30)(sp)
	sd x31, F_X(31)(sp)
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
	ld ra, 0*8(sp)
	ld gp, 1*8(sp)
	ld tp, 2*8(sp)
	ld s0, 3*8(sp)
	ld s1, 4*8(sp)
	ld s2, 5*8(sp)
	ld s3, 6*8(sp)
	ld s4, 7*8(sp)
	ld s5, 8*8(sp)
	ld s6, 9*8(sp)
	ld s7, 10*8(sp)
	ld s8, 11*8(sp)
	ld s9, 12*8(sp)
	ld s10, 13*8(sp)
	ld s11, 14*8(sp)
	addi sp, sp, KSAVE
	ret

	/* An ecall: the fast path. Only what C may clobber is saved (ra, t*,
	   a*, and gp/tp, which the kernel's C needs for itself); s0-s11 stay
	   live in the registers, which C preserves, even across a switch to
	   another task. s1 holds the frame meanwhile (its user value saved). */
syscall_trap:
	sd x1, F_X(1)(sp)
	sd x3, F_X(3)(sp)
	sd x4, F_X(4)(sp)
	sd x6, F_X(6)(sp)
	sd x7, F_X(7)(sp)
	sd x9, F_X(9)(sp)
	sd x10, F_X(10)(sp)
	sd x11, F_X(11)(sp)
	sd x12, F_X(12)(sp)
	sd x13, F_X(13)(sp)
	sd x14, F_X(14)(sp)
	sd x15, F_X(15)(sp)
	sd x16, F_X(16)(sp)
	sd x17, F_X(17)(sp)
	sd x28, F_X(28)(sp)
	sd x29, F_X(29)(sp)
	sd x30, F_X(30)(sp)
	sd x31, F_X(31)(sp)
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
	ld x1, F_X(1)(a0)
	ld x2, F_X(2)(a0)
	ld x3, F_X(3)(a0)
	ld x4, F_X(4)(a0)
	ld x5, F_X(5)(a0)
	ld x6, F_X(6)(a0)
	ld x7, F_X(7)(a0)
	ld x9, F_X(9)(a0)
	ld x11, F_X(11)(a0)
	ld x12, F_X(12)(a0)
	ld x13, F_X(13)(a0)
	ld x14, F_X(14)(a0)
	ld x15, F_X(15)(a0)
	ld x16, F_X(16)(a0)
	ld x17, F_X(17)(a0)
	ld x28, F_X(28)(a0)
	ld x29, F_X(29)(a0)
	ld x30, F_X(30)(a0)
	ld x31, F_X(31)(a0)
	ld x10, F_X(10)(a0)
	mret

	/* The kernel wants the whole frame (a signal to deliver, or a call
	   that copies or replaces the registers): complete it with the
	   s-registers, still the user's, and leave as a full trap does. */
syscall_slow:
	sd x8, F_X(8)(s1)
	sd x18, F_X(18)(s1)
	sd x19, F_X(19)(s1)
	sd x20, F_X(20)(s1)
	sd x21, F_X(21)(s1)
	sd x22, F_X(22)(s1)
	sd x23, F_X(23)(s1)
	sd x24, F_X(24)(s1)
	sd x25, F_X(25)(s1)
	sd x26, F_X(26)(s1)
	sd x27, F_X(27)(s1)
	sd a0, F_CAUSE(s1)
	sd zero, F_TVAL(s1)
	j leave_user

	/* unsigned long user_enter(struct user_frame *f): with interrupts
	   masked. Returns mcause once the user code traps. */
	.section .text.user_enter, "ax"
	.global user_enter
user_enter:
	addi sp, sp, -KSAVE
	sd ra, 0*8(sp)
	sd gp, 1*8(sp)
	sd tp, 2*8(sp)
	sd s0, 3*8(sp)
	sd s1, 4*8(sp)
	sd s2, 5*8(sp)
	sd s3, 6*8(sp)
	sd s4, 7*8(sp)
	sd s5, 8*8(sp)
	sd s6, 9*8(sp)
	sd s7, 10*8(sp)
	sd s8, 11*8(sp)
	sd s9, 12*8(sp)
	sd s10, 13*8(sp)
	sd s11, 14*8(sp)
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
	ld x1, F_X(1)(a0)
	ld x2, F_X(2)(a0)
	ld x3, F_X(3)(a0)
	ld x4, F_X(4)(a0)
	ld x5, F_X(5)(a0)
	ld x6, F_X(6)(a0)
	ld x7, F_X(7)(a0)
	ld x8, F_X(8)(a0)
	ld x9, F_X(9)(a0)
	ld x11, F_X(11)(a0)
	ld x12, F_X(12)(a0)
	ld x13, F_X(13)(a0)
	ld x14, F_X(14)(a0)
	ld x15, F_X(15)(a0)
	ld x16, F_X(16)(a0)
	ld x17, F_X(17)(a0)
	ld x18, F_X(18)(a0)
	ld x19, F_X(19)(a0)
	ld x20, F_X(20)(a0)
	ld x21, F_X(21)(a0)
	ld x22, F_X(22)(a0)
	ld x23, F_X(23)(a0)
	ld x24, F_X(24)(a0)
	ld x25, F_X(25)(a0)
	ld x26, F_X(26)(a0)
	ld x27, F_X(27)(a0)
	ld x28, F_X(28)(a0)
	ld x29, F_X(29)(a0)
	ld x30, F_X(30)(a0)
	ld x31, F_X(31)(a0)
	ld x10, F_X(10)(a0)
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
