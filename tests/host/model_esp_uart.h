/*
 * model_esp_uart.h — a register model of one ESP8266 UART (facts/esp8266.md
 * §4) for host tests: 128-byte FIFOs with STATUS counts, CONF0 FIFO resets,
 * CONF1 thresholds, INT_RAW/INT_ST/INT_ENA/INT_CLR. The test plays the far
 * end of the wire and the passing of time.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define MODEL_UART_FIFO 128
#define MODEL_UART_WIRE 8192

struct model_uart {
	uint8_t rx[MODEL_UART_FIFO], tx[MODEL_UART_FIFO];
	uint32_t rx_head, rx_count, tx_head, tx_count;
	uint32_t int_raw, int_ena, clkdiv, conf0, conf1;
	uint32_t rx_lost;        /* bytes that arrived to a full RX FIFO */
	uint32_t rx_fifo_resets, tx_fifo_resets;
	uint32_t empty_reads;    /* FIFO reads with nothing received: a driver bug */
	uint32_t full_writes;    /* FIFO writes to a full TX FIFO: a driver bug */
	uint8_t wire[MODEL_UART_WIRE]; /* what the UART has sent */
	uint32_t wire_len;
};

/* Puts the model in its hand-off state and claims [base, base + 0x100). */
void model_uart_attach(struct model_uart *m, uintptr_t base);

/* The far end sends n bytes: each goes into the RX FIFO, or is lost with
   RX-overflow latched when the FIFO holds 128. */
void model_uart_receive(struct model_uart *m, const uint8_t *bytes, uint32_t n);
/* The line stays quiet for the CONF1 timeout: RX-timeout latches if enabled
   and the RX FIFO holds bytes. */
void model_uart_idle(struct model_uart *m);
/* Up to n bytes leave the TX FIFO for the wire; returns how many. */
uint32_t model_uart_transmit(struct model_uart *m, uint32_t n);

/* INT_ST != 0: this UART asserts line 5. */
bool model_uart_irq(const struct model_uart *m);
