/*
 * esp_uart.c — ESP8266 UART0/UART1 (facts/esp8266.md §4). Each UART has a
 * 128-byte FIFO each way, read and written one byte at a time through the
 * FIFO register; STATUS tells how many bytes each holds. INT_RAW latches
 * causes, INT_ST = INT_RAW & INT_ENA drives the level-triggered line 5, and
 * writing 1s to INT_CLR clears latched causes.
 *
 * Invariant: line 5 is bound once, to esp_uart_interrupt, which serves every
 * UART in `uarts`; a UART's RX-overflow cause stays enabled whatever the core
 * asks, so an overrun is counted even while flow control pauses RX.
 */
#include "esp_uart.h"
#include <errno.h>
#include "arch.h"
#include "irq.h"
#include "mmio.h"


#define INT_RX_FULL (1u << 0)
#define INT_TX_EMPTY (1u << 1)
#define INT_RX_OVERFLOW (1u << 4)
#define INT_RX_TIMEOUT (1u << 8)
#define INT_ALL 0x1ffu
/*
 * When each cause is cleared. RX-overflow only counts: cleared first, so one
 * during the service latches again. The others are cleared after the
 * service: RX-full and TX-empty latch while a FIFO level holds, so clearing
 * them once the level is gone does not make them fire again for nothing (if
 * it still holds, they latch again). RX-timeout is kept while flow control
 * leaves bytes in the FIFO: resuming enables it and it fires at once, where a
 * cleared one would leave a sender's last bytes stranded below the RX-full
 * threshold with no new byte to time out on.
 */
#define INT_LEVELS (INT_RX_FULL | INT_TX_EMPTY)


#define CONF0_8N1 (3u << 2 | 1u << 4) /* data bits - 5 = 3, stop bits field 1 = one */
#define CONF0_RX_FIFO_RESET (1u << 17)
#define CONF0_TX_FIFO_RESET (1u << 18)

/* CONF1 thresholds. RX-full at 100 of 128 leaves 28 byte-times (2.4 ms at
   115200) for the handler to start before the FIFO overflows, while one
   interrupt moves many bytes; the RX timeout (in byte-times, bit31 enables
   it) delivers the tail of a burst that never reaches the threshold; TX-empty
   at 16 refills the FIFO while 16 bytes still keep the line busy. */
#define RX_FULL_THRESHOLD 100u
#define TX_EMPTY_THRESHOLD 16u
#define RX_TIMEOUT_BYTES 2u
#define CONF1_VALUE (RX_FULL_THRESHOLD | TX_EMPTY_THRESHOLD << 8 | RX_TIMEOUT_BYTES << 24 | 1u << 31)

#define APB_HZ 80000000u
#define CLKDIV_MAX 0xfffffu /* CLKDIV [19:0] */
#define UARTS 2

static struct serial *uarts[UARTS];

static inline uint32_t reg_read(struct serial *s, uint32_t off)
{
	return mmio_read32(s->regs + off);
}

static inline void reg_write(struct serial *s, uint32_t off, uint32_t value)
{
	mmio_write32(s->regs + off, value);
}

static IRAM uint32_t fifo_read(struct serial *s, uint8_t *dst, uint32_t max)
{
	uint32_t n = ESP_UART_RX_COUNT(reg_read(s, ESP_UART_STATUS));
	if (n > max)
		n = max;
	for (uint32_t i = 0; i < n; i++)
		dst[i] = (uint8_t)reg_read(s, ESP_UART_FIFO); /* each read pops one byte */
	return n;
}

static IRAM uint32_t fifo_write(struct serial *s, const uint8_t *src, uint32_t max)
{
	uint32_t n = ESP_UART_FIFO_BYTES - ESP_UART_TX_COUNT(reg_read(s, ESP_UART_STATUS));
	if (n > max)
		n = max;
	for (uint32_t i = 0; i < n; i++)
		reg_write(s, ESP_UART_FIFO, src[i]);
	return n;
}

static IRAM void set_interrupts(struct serial *s, bool rx, bool tx)
{
	reg_write(s, ESP_UART_INT_ENA, INT_RX_OVERFLOW | (rx ? INT_RX_FULL | INT_RX_TIMEOUT : 0) | (tx ? INT_TX_EMPTY : 0));
}

static IRAM void serve(struct serial *s)
{
	uint32_t pending = reg_read(s, ESP_UART_INT_ST);
	if (!pending)
		return;
	if (pending & INT_RX_OVERFLOW) {
		reg_write(s, ESP_UART_INT_CLR, INT_RX_OVERFLOW);
		s->dev.stats.hw_overruns++; /* the chip dropped bytes: the FIFO was full */
	}
	serial_interrupt(s);
	uint32_t served = pending & (s->rx_paused ? INT_LEVELS : INT_LEVELS | INT_RX_TIMEOUT);
	if (served)
		reg_write(s, ESP_UART_INT_CLR, served);
}

IRAM void esp_uart_interrupt(void *unused)
{
	(void)unused;
	for (unsigned i = 0; i < UARTS; i++)
		if (uarts[i])
			serve(uarts[i]);
}

static int set_baud(struct serial *s, uint32_t baud)
{
	if (baud == 0)
		return -EINVAL;
	uint32_t div = (APB_HZ + baud / 2) / baud; /* §4: divisor = APB / baud */
	if (div == 0 || div > CLKDIV_MAX)
		return -EINVAL;
	reg_write(s, ESP_UART_CLKDIV, div);
	return 0;
}

static int control(struct serial *s, unsigned request, void *arg)
{
	if (request == ESP_UART_SET_BAUD)
		return set_baud(s, *(uint32_t *)arg);
	return -EINVAL;
}

static const struct serial_hw esp_uart_hw = {
	.fifo_read = fifo_read,
	.fifo_write = fifo_write,
	.set_interrupts = set_interrupts,
	.control = control,
};

int esp_uart_init(struct serial *s, const char *name, uintptr_t base, uint32_t baud, void *rx_buf, uint32_t rx_size,
		  void *tx_buf, uint32_t tx_size)
{
	unsigned slot = 0;
	while (slot < UARTS && uarts[slot])
		slot++;
	if (slot == UARTS)
		return -EBUSY;
	s->regs = base;
	int err = set_baud(s, baud);
	if (err)
		return err;
	reg_write(s, ESP_UART_INT_ENA, 0);
	/* The boot console may still be sending from the TX FIFO: let it go
	   before the reset empties it. */
	while (ESP_UART_TX_COUNT(reg_read(s, ESP_UART_STATUS)))
		;
	reg_write(s, ESP_UART_CONF0, CONF0_8N1 | CONF0_RX_FIFO_RESET | CONF0_TX_FIFO_RESET);
	reg_write(s, ESP_UART_CONF0, CONF0_8N1);
	reg_write(s, ESP_UART_CONF1, CONF1_VALUE);
	reg_write(s, ESP_UART_INT_CLR, INT_ALL); /* causes latched before we owned the UART */
	/* Masked until the handler can find it: serial_init enables the RX
	   causes, and a level cause nobody serves would fire forever. */
	arch_irq_t irq = arch_irq_save();
	err = serial_init(s, name, &esp_uart_hw, base, rx_buf, rx_size, tx_buf, tx_size);
	if (!err)
		uarts[slot] = s;
	arch_irq_restore(irq);
	if (err)
		return err;
	return slot == 0 ? irq_attach(ESP_UART_IRQ, esp_uart_interrupt, 0) : 0;
}
