/*
 * trap.c (riscv) — what happens after trap_entry has saved a frame: any
 * exception or unexpected interrupt is a crash report with mcause, mepc,
 * mtval and every register.
 */
#include "arch.h"
#include "console.h"
#include "frame.h"
#include "board.h"
#include "panic.h"
#include "task.h"

/* mcause exception codes, RISC-V privileged spec table 3.6. */
static const char *const cause_names[] = {
	[0] = "instruction address misaligned", [1] = "instruction access fault",
	[2] = "illegal instruction",            [3] = "breakpoint",
	[4] = "load address misaligned",        [5] = "load access fault",
	[6] = "store address misaligned",       [7] = "store access fault",
	[8] = "environment call from U-mode",   [9] = "environment call from S-mode",
	[11] = "environment call from M-mode",  [12] = "instruction page fault",
	[13] = "load page fault",               [15] = "store page fault",
};

static const char *const reg_names[32] = {
	"mepc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
	"a1",   "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
	"s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* One register at its full width: 8 hex digits on rv32, 16 on rv64. */
static void field(const char *name, unsigned long value)
{
	if (sizeof value == 4) {
		console_field(name, (uint32_t)value);
		return;
	}
	console_field(name, (uint32_t)((uint64_t)value >> 32));
	console_hex((uint32_t)value);
}

void arch_print_frame(const struct trap_frame *f)
{
	field("mcause", f->mcause);
	field("mepc", f->x[0]);
	field("mtval", f->mtval);
	field("mstatus", f->mstatus);
	for (int i = 1; i < 32; i++) {
		if (i % 4 == 1)
			console_puts("\n");
		field(reg_names[i], f->x[i]);
	}
	console_puts("\n");
}

struct trap_frame *riscv_trap(struct trap_frame *f)
{
	unsigned long code = f->mcause & 0xfff;
	if ((long)f->mcause < 0) {
		board_interrupt(code);
		sched_interrupt_exit();
		return f;
	}
	const char *name = code < sizeof cause_names / sizeof cause_names[0] && cause_names[code]
				   ? cause_names[code]
				   : "unknown exception";
	panic_frame(name, f);
}
