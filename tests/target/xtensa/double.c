/*
 * double.c (lx106) — an exception taken while PS.EXCM is set goes to the
 * double-exception vector: the report must give DEPC (the faulting
 * instruction, here the `ill` at double_fault) and call it so.
 */
#include <stdio.h>

void double_fault(void);
__asm__(".section .text.double_fault, \"ax\"\n"
	".global double_fault\n"
	".align 4\n"
	"double_fault:\n"
	"\trsr a2, ps\n"
	"\tmovi a3, 0x10\n" /* PS.EXCM */
	"\tor a2, a2, a3\n"
	"\twsr a2, ps\n"
	"\trsync\n"
	".global double_fault_ill\n"
	"double_fault_ill:\n"
	"\till\n"
	"\tret\n");

int main(void)
{
	printf("about to fault with PS.EXCM set\n");
	double_fault();
	printf("still running: the double exception was not reported\n");
	return 0;
}
