/*
 * model_esp_uart.c — the ESP8266 UART register model. RX-full latches while
 * the RX FIFO holds at least the CONF1 threshold and TX-empty while the TX
 * FIFO holds fewer than its threshold: both are re-evaluated after every
 * access, so clearing one whose level still holds latches it again.
 * RX-overflow and RX-timeout latch once per event. Writing 1s to INT_CLR
 * clears those INT_RAW bits; INT_RAW and STATUS ignore writes.
 */
#include "model_esp_uart.h"
#include <string.h>
#include "esp_uart.h"
#include "mmio.h"


#define RX_FULL (1u << 0)
#define TX_EMPTY (1u << 1)
#define RX_OVERFLOW (1u << 4)
#define RX_TIMEOUT (1u << 8)
#define RX_FIFO_RESET (1u << 17)
#define TX_FIFO_RESET (1u << 18)
#define RX_FULL_THRESHOLD(conf1) ((conf1) & 0x7fu)
#define TX_EMPTY_THRESHOLD(conf1) (((conf1) >> 8) & 0x7fu)
#define RX_TIMEOUT_ENABLED(conf1) ((conf1) >> 31)

static void levels(struct model_uart *m)
{
	if (m->rx_count >= RX_FULL_THRESHOLD(m->conf1) && RX_FULL_THRESHOLD(m->conf1))
		m->int_raw |= RX_FULL;
	if (m->tx_count < TX_EMPTY_THRESHOLD(m->conf1))
		m->int_raw |= TX_EMPTY;
}

static uint32_t model_read(void *model, uintptr_t off, unsigned width)
{
	struct model_uart *m = model;
	uint32_t value = 0;
	(void)width;
	switch (off) {
	case ESP_UART_FIFO:
		if (m->rx_count) {
			value = m->rx[m->rx_head];
			m->rx_head = (m->rx_head + 1) % MODEL_UART_FIFO;
			m->rx_count--;
		} else {
			m->empty_reads++;
		}
		break;
	case ESP_UART_INT_RAW: value = m->int_raw; break;
	case ESP_UART_INT_ST: value = m->int_raw & m->int_ena; break;
	case ESP_UART_INT_ENA: value = m->int_ena; break;
	case ESP_UART_CLKDIV: value = m->clkdiv; break;
	case ESP_UART_STATUS: value = m->rx_count | m->tx_count << 16; break;
	case ESP_UART_CONF0: value = m->conf0; break;
	case ESP_UART_CONF1: value = m->conf1; break;
	}
	levels(m);
	return value;
}

static void model_write(void *model, uintptr_t off, uint32_t value, unsigned width)
{
	struct model_uart *m = model;
	(void)width;
	switch (off) {
	case ESP_UART_FIFO:
		if (m->tx_count == MODEL_UART_FIFO) {
			m->full_writes++;
			break;
		}
		m->tx[(m->tx_head + m->tx_count) % MODEL_UART_FIFO] = (uint8_t)value;
		m->tx_count++;
		break;
	case ESP_UART_INT_ENA: m->int_ena = value & 0x1ffu; break;
	case ESP_UART_INT_CLR: m->int_raw &= ~value; break;
	case ESP_UART_CLKDIV: m->clkdiv = value & 0xfffffu; break;
	case ESP_UART_CONF0:
		if (value & RX_FIFO_RESET) {
			m->rx_count = m->rx_head = 0;
			if (!(m->conf0 & RX_FIFO_RESET))
				m->rx_fifo_resets++;
		}
		if (value & TX_FIFO_RESET) {
			m->tx_count = m->tx_head = 0;
			if (!(m->conf0 & TX_FIFO_RESET))
				m->tx_fifo_resets++;
		}
		m->conf0 = value;
		break;
	case ESP_UART_CONF1: m->conf1 = value; break;
	}
	levels(m);
}

/*
 * Hand-off values, not zero: CLKDIV 694 (0x2B6) is what the ROM's boot log
 * runs at, 52 MHz / 74880 with a 26 MHz crystal (facts §6); CONF0 0x1C
 * (8N1) and CONF1 0x6060 (both thresholds 96) are the reset values Espressif
 * documents for the same UART block in the ESP32 technical reference (the
 * ESP8266's documents give none). With the TX FIFO empty below its
 * threshold, TX-empty is latched from the start.
 */
void model_uart_attach(struct model_uart *m, uintptr_t base)
{
	memset(m, 0, sizeof *m);
	m->clkdiv = 0x2B6;
	m->conf0 = 0x1C;
	m->conf1 = 0x6060;
	levels(m);
	host_mmio_register(base, 0x100, model_read, model_write, m);
}

void model_uart_receive(struct model_uart *m, const uint8_t *bytes, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (m->rx_count == MODEL_UART_FIFO) {
			m->rx_lost++;
			m->int_raw |= RX_OVERFLOW;
			continue;
		}
		m->rx[(m->rx_head + m->rx_count) % MODEL_UART_FIFO] = bytes[i];
		m->rx_count++;
	}
	levels(m);
}

void model_uart_idle(struct model_uart *m)
{
	if (RX_TIMEOUT_ENABLED(m->conf1) && m->rx_count)
		m->int_raw |= RX_TIMEOUT;
}

uint32_t model_uart_transmit(struct model_uart *m, uint32_t n)
{
	uint32_t sent = 0;
	while (sent < n && m->tx_count && m->wire_len < MODEL_UART_WIRE) {
		m->wire[m->wire_len++] = m->tx[m->tx_head];
		m->tx_head = (m->tx_head + 1) % MODEL_UART_FIFO;
		m->tx_count--;
		sent++;
	}
	levels(m);
	return sent;
}

bool model_uart_irq(const struct model_uart *m)
{
	return (m->int_raw & m->int_ena) != 0;
}
