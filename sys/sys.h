/*
 * sys.h — what the syscall layer's files share among themselves.
 */
#pragma once

struct device;

/* The device behind descriptors 0, 1 and 2. */
struct device *sys_console(void);

/* Pushes buffered stdout bytes to the console. */
void stdio_flush(void);

/* Sets errno from a negative error code; returns -1. */
int sys_error(long err);
