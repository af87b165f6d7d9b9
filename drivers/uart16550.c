/*
 * uart16550.c — the 16550 UART. Registers, by index: 0 RBR/THR, 1 IER,
 * 2 IIR/FCR, 3 LCR, 4 MCR, 5 LSR; `stride` bytes apart. The FIFO is 16 bytes
 * each way. Its interrupt is level-triggered: the handler runs until IIR
 * says nothing is pending, or it would fire again at once.
 */
#include "uart16550.h"
#include "arch.h"
#include "irq.h"
#include "mmio.h"

#define RBR 0
#define THR 0
#define IER 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5

#define IER_RX 0x01      /* received data available (and FIFO timeout) */
#define IER_TX 0x02      /* transmit holding register empty */
#define IER_LINE 0x04    /* line status: overrun */
#define IIR_NONE 0x01
#define FCR_ENABLE 0x01
#define FCR_CLEAR_TX 0x04 /* RX is left alone: bytes may already be waiting */
#define FCR_TRIGGER_8 0x80 /* RX interrupt at 8 bytes, or on the FIFO timeout */
#define LCR_8N1 0x03
#define MCR_OUT2 0x08    /* gates the interrupt output on PC-style boards */
#define LSR_DATA 0x01
#define LSR_OVERRUN 0x02
#define LSR_THR_EMPTY 0x20
#define FIFO_BYTES 16

static inline uint8_t reg_read(struct serial *s, unsigned reg)
{
	return mmio_read8(s->regs + reg * s->config);
}

static inline void reg_write(struct serial *s, unsigned reg, uint8_t value)
{
	mmio_write8(s->regs + reg * s->config, value);
}

static IRAM uint32_t fifo_read(struct serial *s, uint8_t *dst, uint32_t max)
{
	uint32_t n = 0;
	uint8_t lsr;
	while (n < max && ((lsr = reg_read(s, LSR)) & LSR_DATA)) {
		if (lsr & LSR_OVERRUN)
			s->dev.stats.hw_overruns++;
		dst[n++] = reg_read(s, RBR);
	}
	return n;
}

static IRAM uint32_t fifo_write(struct serial *s, const uint8_t *src, uint32_t max)
{
	/* THR empty means the whole 16-byte FIFO is free. */
	if (!(reg_read(s, LSR) & LSR_THR_EMPTY))
		return 0;
	uint32_t n = max < FIFO_BYTES ? max : FIFO_BYTES;
	for (uint32_t i = 0; i < n; i++)
		reg_write(s, THR, src[i]);
	return n;
}

static IRAM void set_interrupts(struct serial *s, bool rx, bool tx)
{
	reg_write(s, IER, (rx ? IER_RX | IER_LINE : 0) | (tx ? IER_TX : 0));
}

static IRAM void uart_interrupt(void *arg)
{
	struct serial *s = arg;
	while (!(reg_read(s, IIR) & IIR_NONE))
		serial_interrupt(s); /* its FIFO reads clear RX, data and line-status causes */
}

static const struct serial_hw uart16550_hw = {
	.fifo_read = fifo_read,
	.fifo_write = fifo_write,
	.set_interrupts = set_interrupts,
};

int uart16550_init(struct serial *s, const char *name, uintptr_t base, uint32_t stride, unsigned irq_line,
		   void *rx_buf, uint32_t rx_size, void *tx_buf, uint32_t tx_size)
{
	s->config = stride;
	s->regs = base;
	int err = serial_init(s, name, &uart16550_hw, base, rx_buf, rx_size, tx_buf, tx_size);
	if (err)
		return err;
	reg_write(s, LCR, LCR_8N1);
	reg_write(s, MCR, MCR_OUT2);
	/* Turning the FIFO on empties it, and with it a byte the host may have
	   sent already (QEMU holds one in RBR while the FIFO is off): keep it. */
	uint8_t early;
	while (fifo_read(s, &early, 1))
		ring_put(&s->rx, early);
	reg_write(s, FCR, FCR_ENABLE | FCR_CLEAR_TX | FCR_TRIGGER_8);
	return irq_attach(irq_line, uart_interrupt, s);
}
