/*
 * semihost.c — RISC-V semihosting calls: the magic sequence slli/ebreak/srai
 * (RISC-V semihosting spec 1.0; linux/entry.S) with the operation in a0
 * and a pointer to its argument block in a1. QEMU handles the ebreak in
 * M-mode and answers in a0.
 */
#include "semihost.h"
#include <string.h>

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE 0x05
#define SYS_READ 0x06
#define SYS_SEEK 0x0a
#define SYS_FLEN 0x0c
#define SYS_ERRNO 0x13
#define SYS_GET_CMDLINE 0x15

long semihost_trap(long op, void *args); /* linux/entry.S */

static long semihost_call(long op, void *args)
{
	return semihost_trap(op, args);
}

long semihost_open(const char *path, int mode)
{
	long args[3] = {(long)path, mode, (long)strlen(path)};
	return semihost_call(SYS_OPEN, args);
}

void semihost_close(long handle)
{
	long args[1] = {handle};
	semihost_call(SYS_CLOSE, args);
}

/* SYS_READ and SYS_WRITE answer with the bytes NOT moved. */
long semihost_read(long handle, void *buf, size_t n)
{
	long args[3] = {handle, (long)buf, (long)n};
	long left = semihost_call(SYS_READ, args);
	return left < 0 || (size_t)left > n ? -1 : (long)n - left;
}

long semihost_write(long handle, const void *buf, size_t n)
{
	long args[3] = {handle, (long)buf, (long)n};
	long left = semihost_call(SYS_WRITE, args);
	return left < 0 || (size_t)left > n ? -1 : (long)n - left;
}

long semihost_length(long handle)
{
	long args[1] = {handle};
	return semihost_call(SYS_FLEN, args);
}

int semihost_seek(long handle, uint64_t pos)
{
	long args[2] = {handle, (long)pos};
	return semihost_call(SYS_SEEK, args) == 0 ? 0 : -1;
}

long semihost_cmdline(char *buf, size_t n)
{
	long args[2] = {(long)buf, (long)n};
	if (semihost_call(SYS_GET_CMDLINE, args) != 0)
		return -1;
	return args[1];
}

int semihost_errno(void)
{
	return (int)semihost_call(SYS_ERRNO, 0);
}
