/* board_config.h (host) — a Linux process: 4 KiB pages like the rv64 target. */
#pragma once

#define BOARD_COUNTER_HZ 0 /* the TSC (or the generic timer), its rate found at start */
#define BOARD_PAGE_SHIFT 12
#define BOARD_STACK_DEFAULT 65536
#define BOARD_HEAP_BYTES (16u << 20)
#define BOARD_CONSOLE_CRLF 0 /* stdout is a pipe or a cooked terminal */
#define BOARD_IRQ_LINES 16 /* none wired to Linux; host tests raise the chip's lines from register models */
#define BOARD_CONSOLE_DEVICE "console"
