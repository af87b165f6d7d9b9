/*
 * board.h — what a board gives the kernel: early console, exit with a status,
 * the counter frequency and the RAM left for the page allocator.
 * Each board/<name>/board.c fills these in.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "board_config.h"

/* Brings up the clock tree and the console; runs before anything else in C. */
void board_init(void);

/* Registers the board's devices (drivers); runs once the scheduler is up,
   since binding an interrupt starts the deferred-work task. */
void board_devices(void);

/* Polled console: a byte out, a byte in (-1 when nothing is waiting). */
void board_console_putc(int c);
int board_console_getc(void);

/* Ends the run with a status: QEMU exits with it; the chip reports it and restarts. */
__attribute__((noreturn)) void board_exit(int status);

/* Frequency of arch_counter() in Hz. */
uint32_t board_counter_hz(void);

/* RAM the page allocator may manage: [*start, *end). */
void board_heap(uintptr_t *start, uintptr_t *end);

/* The RAM a snapshot (snapshot.h) dumps, [*start, *end); empty where there
   is none to dump. From the linker script, never from the kernel's state. */
void board_snapshot_region(uintptr_t *start, uintptr_t *end);

/* The firmware's build id (the linker's --build-id note), as whole words so
   it reads from flash too; *size is its length in bytes (0: none). */
const uint32_t *board_build_id(uint32_t *size);

/* Called now and again by long work done with interrupts masked (the RAM
   dump, every 4 KiB): feeds a hardware watchdog the program may have started. */
void board_keepalive(void);

/* End of the RAM the board found at boot (QEMU virt: its device tree), or 0
   where the linker script's RAM size holds. */
uintptr_t board_ram_end(void);
/* Lowest address of the boot stack main runs on (0 where unknown), for its canary. */
uintptr_t board_boot_stack_bottom(void);

/* One-shot timer: interrupt at nanotime() >= deadline, then call
   timer_interrupt(). A deadline in the past fires at once. The board may
   fire early (a counter too narrow for the deadline); timer.c re-arms. */
void board_timer_arm(uint64_t deadline);
void board_timer_disarm(void);

/* RISC-V boards: an interrupt with this mcause code arrived. */
void board_interrupt(unsigned long cause);
