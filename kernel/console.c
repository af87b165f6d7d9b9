/*
 * console.c — polled early console output, usable before the drivers are up
 * and after everything else has failed.
 */
#include "console.h"
#include "board.h"

void console_putc(int c)
{
	if (c == '\n' && BOARD_CONSOLE_CRLF)
		board_console_putc('\r');
	board_console_putc(c);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

void console_hex(uint32_t value)
{
	for (int shift = 28; shift >= 0; shift -= 4)
		board_console_putc("0123456789abcdef"[(value >> shift) & 0xf]);
}

void console_dec(uint32_t value)
{
	char digits[10];
	int n = 0;
	do {
		uint32_t q = value / 10;
		digits[n++] = (char)('0' + (value - q * 10));
		value = q;
	} while (value);
	while (n)
		console_putc(digits[--n]);
}

void console_field(const char *name, uint32_t value)
{
	console_putc(' ');
	console_puts(name);
	console_puts("=0x");
	console_hex(value);
}
