/*
 * esp_uart.h — the ESP8266's UART0 and UART1 (facts/esp8266.md §4) behind the
 * serial core: 128-byte FIFOs, RX-full, RX-timeout, TX-empty and RX-overflow
 * interrupts, both UARTs served by one handler on their shared line 5.
 */
#pragma once
#include <stdint.h>
#include "serial.h"

#define ESP_UART0_BASE 0x60000000u
#define ESP_UART1_BASE 0x60000F00u
#define ESP_UART_IRQ 5        /* UART0 and UART1 share it (§3) */
#define ESP_UART_FIFO_BYTES 128

#define ESP_UART_SET_BAUD 0x310 /* device_control arg: uint32_t * baud rate */

/* Resets the FIFOs, sets baud 8N1 and the interrupt thresholds, registers
   the device and, for the first UART, binds line 5. -EINVAL for a baud
   rate CLKDIV cannot express, -EBUSY when both UART slots are taken. */
int esp_uart_init(struct serial *s, const char *name, uintptr_t base, uint32_t baud, void *rx_buf, uint32_t rx_size,
		  void *tx_buf, uint32_t tx_size);

/* The line-5 handler: serves every initialized UART with a pending cause. */
void esp_uart_interrupt(void *unused);
