/*
 * stdio.c — picolibc's stdin, stdout and stderr on the board console.
 * tinystdio streams are a put and a get function; both poll the console here.
 */
#include <stdio.h>
#include "board.h"
#include "console.h"

static int console_put(char c, FILE *file)
{
	(void)file;
	console_putc(c);
	return (unsigned char)c;
}

static int console_get(FILE *file)
{
	(void)file;
	int c;
	while ((c = board_console_getc()) < 0)
		;
	return c;
}

static FILE console = FDEV_SETUP_STREAM(console_put, console_get, NULL, _FDEV_SETUP_RW);

FILE *const stdin = &console;
FILE *const stdout = &console;
FILE *const stderr = &console;
