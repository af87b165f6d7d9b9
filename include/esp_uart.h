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

/* Register offsets from a UART's base (facts/esp8266.md §4). */
#define ESP_UART_FIFO 0x00
#define ESP_UART_INT_RAW 0x04
#define ESP_UART_INT_ST 0x08
#define ESP_UART_INT_ENA 0x0C
#define ESP_UART_INT_CLR 0x10
#define ESP_UART_CLKDIV 0x14
#define ESP_UART_STATUS 0x1C
#define ESP_UART_CONF0 0x20
#define ESP_UART_CONF1 0x24
#define ESP_UART_RX_COUNT(status) ((status) & 0xffu)        /* STATUS [7:0] */
#define ESP_UART_TX_COUNT(status) (((status) >> 16) & 0xffu) /* STATUS [23:16] */

#define ESP_UART_SET_BAUD 0x310 /* device_control arg: uint32_t * baud rate */

/* Resets the FIFOs, sets baud 8N1 and the interrupt thresholds, registers
   the device and, for the first UART, binds line 5. -EINVAL for a baud
   rate CLKDIV cannot express, -EBUSY when both UART slots are taken. */
int esp_uart_init(struct serial *s, const char *name, uintptr_t base, uint32_t baud, void *rx_buf, uint32_t rx_size,
		  void *tx_buf, uint32_t tx_size);

/* The line-5 handler: serves every initialized UART with a pending cause. */
void esp_uart_interrupt(void *unused);
