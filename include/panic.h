/*
 * panic.h — the one routine that ends the run when an invariant breaks or an
 * unexpected trap arrives: it prints the reason, the task and the registers,
 * then exits with PANIC_STATUS.
 */
#pragma once

struct trap_frame;

/* The status a panicking run exits with, as a shell shows a process killed by SIGABRT. */
#define PANIC_STATUS 134

__attribute__((noreturn)) void panic(const char *reason);
__attribute__((noreturn)) void panic_frame(const char *reason, const struct trap_frame *frame);
