/*
 * console.h — polled early output on the board console: strings and numbers
 * without printf, safe inside a trap handler or a panic.
 */
#pragma once
#include <stdint.h>

void console_putc(int c);               /* '\n' becomes "\r\n" where the board wants it */
void console_puts(const char *s);
void console_hex(uint32_t value);       /* eight hex digits */
void console_dec(uint32_t value);
void console_field(const char *name, uint32_t value); /* " name=0x%08x" */
