/*
 * crash.c — an unexpected exception must end in a crash report with the
 * cause and the registers, and a non-zero exit status.
 */
#include <stdio.h>

int main(void)
{
	printf("about to execute a trapping instruction\n");
	__builtin_trap(); /* ill on lx106, ebreak on RISC-V */
	printf("still running: the trap was not reported\n");
	return 0;
}
