/*
 * fd.h — what 8266go's file descriptors add to POSIX: a read timeout per
 * descriptor and the device's own requests. Files are devices: open
 * "/dev/<name>" (e.g. "/dev/uart0"); 0, 1 and 2 are the console.
 */
#pragma once
#include <stdint.h>

#define FD_SET_READ_TIMEOUT 0x200 /* arg: const uint64_t * ns, 0 = wait forever */

/* 0, or -1 with errno: EBADF, or the device's error (ENOSYS, EINVAL...). */
int fd_control(int fd, unsigned request, void *arg);
