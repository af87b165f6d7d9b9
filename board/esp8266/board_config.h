/*
 * board_config.h (ESP8266 layout; qemu-lx106 shares it) — constants of the
 * memory map the kernel sizes itself by.
 *
 * Pages are 1 KiB: after .data, .bss and the boot stack, roughly 60–70 KiB of
 * the 80 KiB DRAM is left, so 4 KiB pages would leave a dozen allocations in
 * all and waste most of each small goroutine stack, while 256-byte pages would
 * be smaller than any useful stack (printf alone uses ~600 bytes on call0).
 */
#pragma once

/* CCOUNT counts CPU cycles: 80 MHz once board_early_init has set the PLL
   (facts/esp8266.md). qemu-lx106 sets its own rate first. */
#ifndef BOARD_COUNTER_HZ
#define BOARD_COUNTER_HZ 80000000u
#endif
#define BOARD_PAGE_SHIFT 10
#define BOARD_STACK_DEFAULT 1536 /* with its task struct, two pages */
#define BOARD_CONSOLE_CRLF 1 /* raw serial terminals need \r before \n */
#define BOARD_IRQ_LINES 32 /* the core's INTERRUPT register bits */
#define BOARD_CONSOLE_DEVICE "uart0"
#define BOARD_MALLOC_ARENA 8192 /* a tenth of DRAM for malloc */
/* The LED of ESP-12 modules and NodeMCU boards (lit when low); ESP-01
   modules have theirs on GPIO1, the console's TX, so none is claimed there. */
#define BOARD_LED_GPIO 2
/* IRAM for eBPF JIT code, all programs together (board/esp8266/jit_pool.c):
   what the firmware's own IRAM code leaves, with room to grow. */
#define BOARD_BPF_JIT_POOL 8192
