/*
 * reset.S (qemu-lx106) — QEMU starts the lx106 at 0x50000000; jump to _start.
 * l32r reads only backwards, so the address sits ahead of the load.
 */
	.section .reset.text, "ax"
	.global reset_vector
reset_vector:
	j 1f
	.align 4
2:	.word _start
1:	l32r a0, 2b
	jx a0
