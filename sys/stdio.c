/*
 * stdio.c — picolibc's stdin, stdout and stderr on descriptors 0, 1 and 2.
 * stdout collects a line (or a buffer's worth) and writes it in one call,
 * so a printf costs one trip through the driver, not one per character.
 */
#include <stdio.h>
#include <unistd.h>
#include "board.h"
#include "sys.h"

#define LINE 80

static char line[LINE];
static unsigned line_used;

void stdio_flush(void)
{
	unsigned n = line_used;
	line_used = 0;
	for (unsigned done = 0; done < n;) {
		ssize_t put = write(1, line + done, n - done);
		if (put <= 0)
			return;
		done += (unsigned)put;
	}
}

static int console_put(char c, FILE *file)
{
	(void)file;
	if (c == '\n' && BOARD_CONSOLE_CRLF)
		console_put('\r', file);
	line[line_used++] = c;
	if (c == '\n' || line_used == LINE)
		stdio_flush();
	return (unsigned char)c;
}

static int console_get(FILE *file)
{
	(void)file;
	unsigned char c;
	stdio_flush(); /* a prompt must be out before we wait for the answer */
	return read(0, &c, 1) == 1 ? c : EOF;
}

static int console_flush(FILE *file)
{
	(void)file;
	stdio_flush();
	return 0;
}

static FILE console = FDEV_SETUP_STREAM(console_put, console_get, console_flush, _FDEV_SETUP_RW);

FILE *const stdin = &console;
FILE *const stdout = &console;
FILE *const stderr = &console;
