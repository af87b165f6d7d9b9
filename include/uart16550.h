/*
 * uart16550.h — the 16550 UART (QEMU's lx60-nommu board and RISC-V virt),
 * interrupt-driven in both directions behind the serial core.
 */
#pragma once
#include <stdint.h>
#include "serial.h"

/* stride: bytes between registers (4 on lx60, 1 on virt). Registers the
   device and binds its interrupt line. */
int uart16550_init(struct serial *s, const char *name, uintptr_t base, uint32_t stride, unsigned irq_line,
		   void *rx_buf, uint32_t rx_size, void *tx_buf, uint32_t tx_size);
