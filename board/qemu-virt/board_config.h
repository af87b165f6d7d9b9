/* board_config.h (qemu-virt) — 4 KiB pages, the RISC-V MMU's page size. */
#pragma once

#define BOARD_COUNTER_HZ 10000000u /* the time CSR: virt's 10 MHz timebase (facts/qemu-riscv-virt.md) */
#define BOARD_PAGE_SHIFT 12
#define BOARD_STACK_DEFAULT 8192
#define BOARD_CONSOLE_CRLF 1 /* raw serial terminals need \r before \n */
#define BOARD_IRQ_LINES 96 /* PLIC sources */
#define BOARD_CONSOLE_DEVICE "uart0"
#define BOARD_MALLOC_ARENA (4u << 20)
#define BOARD_BPF_JIT_POOL (64u << 10) /* bytes of eBPF JIT code, all programs together */
