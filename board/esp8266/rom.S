/*
 * rom.S (esp8266) — the integer helpers gcc calls and the C library's memory
 * functions, taken from the boot ROM instead of linking our own copies.
 * Debian's picolibc calls them with plain call0, which cannot reach the ROM
 * (0x4000xxxx) from flash (0x402xxxxx): each name is a two-instruction
 * veneer in flash that jumps to the ROM routine, which returns straight to
 * the caller. a8 is a scratch register at entry under the call0 ABI.
 * The veneers must be in flash, within call0's reach of picolibc: so the
 * few interrupt paths that copy memory (a UART dropping bytes, a timer
 * channel) touch flash for two instructions. 8266go never writes flash
 * while running; a firmware that does must mask interrupts meanwhile.
 * Addresses: esp8266/Arduino tools/sdk/ld/eagle.rom.addr.v6.ld and NONOS
 * ld/eagle.rom.addr.v6.ld (facts/esp8266.md §2). The ROM has no
 * __modsi3/__moddi3: arch/xtensa/intmod.c builds them on these.
 */
	.macro rom_veneer name, address
	.section .text.\name, "ax"
	.literal_position
	.align 4
	.global \name
	.type \name, @function
\name:
	movi a8, \address
	jx a8
	.endm

	rom_veneer __udivsi3, 0x4000e21c
	rom_veneer __umodsi3, 0x4000e268
	rom_veneer __divsi3, 0x4000dc88
	rom_veneer __udivdi3, 0x4000d310
	rom_veneer __umoddi3, 0x4000d770
	rom_veneer __divdi3, 0x4000ce60
	rom_veneer __muldi3, 0x40000650
	rom_veneer __umulsidi3, 0x4000dcf0

	rom_veneer memcpy, 0x4000df48
	rom_veneer memset, 0x4000e190
	rom_veneer memmove, 0x4000e04c
	rom_veneer memcmp, 0x4000dea8
