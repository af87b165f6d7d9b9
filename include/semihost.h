/*
 * semihost.h — the host's files and standard streams through RISC-V
 * semihosting (QEMU -semihosting): how a program is loaded at run time and
 * how it reaches the caller's stdin, stdout and stderr.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define SEMIHOST_READ_BINARY 1 /* "rb" */
#define SEMIHOST_WRITE 4       /* "w": ":tt" opened so is the host's stdout */
#define SEMIHOST_APPEND 8      /* "a": ":tt" opened so is the host's stderr */

/* A host handle (>= 0) or -1. */
long semihost_open(const char *path, int mode);
void semihost_close(long handle);
/* Bytes moved (0 at end of file), or -1. */
long semihost_read(long handle, void *buf, size_t n);
long semihost_write(long handle, const void *buf, size_t n);
long semihost_length(long handle);
int semihost_seek(long handle, uint64_t pos);
/* The host's errno for the last call that failed. */
int semihost_errno(void);
/* The argument string QEMU was given (-semihosting-config arg=...); length or -1. */
long semihost_cmdline(char *buf, size_t n);
