/*
 * trap.c (xtensa lx106) — what happens after vectors.S has saved a frame:
 * interrupts go to their handlers; any other exception is a crash report.
 */
#include "arch.h"
#include "console.h"
#include "frame.h"
#include "irq.h"
#include "panic.h"
#include "task.h"

/* EXCCAUSE values, Xtensa ISA reference manual table 4-64. */
static const char *const cause_names[] = {
	[0] = "illegal instruction",  [1] = "syscall",
	[2] = "instruction fetch error", [3] = "load/store error",
	[4] = "level-1 interrupt",    [5] = "alloca",
	[6] = "integer divide by zero", [8] = "privileged instruction",
	[9] = "unaligned load/store", [12] = "instruction data error",
	[13] = "load/store data error", [14] = "instruction address error",
	[15] = "load/store address error", [20] = "instruction fetch prohibited",
	[28] = "load prohibited",     [29] = "store prohibited",
	[EXCCAUSE_BREAKPOINT] = "breakpoint",
};

/* The PC comes from EPC1, from EPC2 for a debug exception, from DEPC for a
   double exception (whose EPC1 is the first exception's, shown too). */
void arch_print_frame(const struct trap_frame *f)
{
	if (f->exccause >= EXCCAUSE_DOUBLE) {
		console_field("EXCCAUSE", f->exccause - EXCCAUSE_DOUBLE);
		console_field("DEPC", f->pc);
		console_field("EPC1", f->epc1);
	} else {
		console_field("EXCCAUSE", f->exccause);
		console_field(f->exccause == EXCCAUSE_BREAKPOINT ? "EPC2" : "EPC1", f->pc);
	}
	console_field("EXCVADDR", f->excvaddr);
	console_field("PS", f->ps);
	console_field("SAR", f->sar);
	for (int i = 0; i < 16; i++) {
		if (i % 4 == 0)
			console_puts("\n");
		char name[4] = {'a', (char)(i < 10 ? '0' + i : '1'), (char)(i < 10 ? 0 : '0' + i - 10), 0};
		console_field(name, f->a[i]);
	}
	console_puts("\n");
}

#define EXCCAUSE_LEVEL1_INTERRUPT 4
#define FIRST_EDGE_LINE 7 /* lines 7 and up are edge or software: INTCLEAR acknowledges them */

static IRAM void dispatch_interrupts(void)
{
	uint32_t pending, enabled;
	__asm__ volatile("rsr %0, interrupt" : "=a"(pending));
	__asm__ volatile("rsr %0, intenable" : "=a"(enabled));
	pending &= enabled;
	while (pending) {
		unsigned line = (unsigned)__builtin_ctz(pending);
		pending &= pending - 1;
		if (line >= FIRST_EDGE_LINE)
			__asm__ volatile("wsr %0, intclear" ::"a"(1u << line));
		irq_dispatch(line);
	}
}

IRAM struct trap_frame *xtensa_trap(struct trap_frame *f)
{
	uint32_t cause = f->exccause;
	if (cause == EXCCAUSE_LEVEL1_INTERRUPT) {
		dispatch_interrupts();
		sched_interrupt_exit();
		return f;
	}
	const char *name = cause >= EXCCAUSE_DOUBLE ? "double exception"
			   : cause < sizeof cause_names / sizeof cause_names[0] && cause_names[cause]
				   ? cause_names[cause]
				   : "unknown exception";
	panic_frame(name, f);
}
