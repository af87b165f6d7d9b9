/*
 * start.S (xtensa lx106) — reset entry: PS, VECBASE, stack, .bss, then C.
 * Runs from IRAM: on the chip flash code cannot run until the board has
 * enabled the flash cache in board_early_init().
 */
	.section .iram.text, "ax"
	.literal_position
	.align 4
	.global _start
_start:
	/* PS: UM=1 so level-1 interrupts take the user vector; INTLEVEL=15 keeps
	   them masked until the kernel is ready; EXCM=0 so exceptions are reported
	   through the normal vectors rather than as double exceptions. */
	movi a0, 0x2f
	wsr a0, ps
	rsync
	movi a0, vector_table
	wsr a0, vecbase
	movi a1, _stack_top

	movi a2, board_early_init
	callx0 a2

	movi a2, _bss_start
	movi a3, _bss_end
	movi a4, 0
1:	bgeu a2, a3, 2f
	s32i a4, a2, 0
	addi a2, a2, 4
	j 1b
2:
	movi a2, runtime_start
	callx0 a2
3:	j 3b
