/*
 * model_esp_hspi.c — the HSPI register model. Setting CMD.USR starts a
 * transaction: the USER/USER1/CLOCK words and the MOSI bytes (W0's low byte
 * first) are logged, and USR reads 1 until model_hspi_complete, or until
 * busy_reads reads of CMD when that is set. Completion writes the slave's
 * MISO bytes into W and sets SLAVE's TRANS_DONE (bit4); with TRANS_DONE_EN
 * (bit9) that raises DPORT+20 bit7 and line 2. Software clears TRANS_DONE
 * by writing SLAVE with bit4 at 0.
 *
 * SPI0 shares line 2. SLAVE's flags [4:0] each have an enable five bits up
 * ([9:5]); DPORT+20 bit4 reads 1 while any flag and its enable are both set,
 * exactly as the chip latches it (facts §9: running chips read DPORT+20 =
 * 0x10 and SPI0 SLAVE = 0x04800210; the SDK and Arduino clear both with
 * SLAVE &= ~0x3ff). Nothing but a write to SPI0 SLAVE lowers it: a handler
 * that leaves SPI0 alone sees line 2 asserted again at once.
 */
#include "model_esp_hspi.h"
#include <string.h>
#include "mmio.h"

#define CMD 0x00
#define CTRL 0x08
#define CTRL1 0x0C
#define CLOCK 0x18
#define USER 0x1C
#define USER1 0x20
#define SLAVE 0x30
#define W0 0x40
#define USR (1u << 18)
#define USER_MISO (1u << 28)
#define USER_MOSI (1u << 27)
#define DONE (1u << 4)
#define DONE_EN (1u << 9)
#define DPORT_SPI_INT 0x3FF00020u
#define DPORT_SPI0 (1u << 4)
#define DPORT_HSPI (1u << 7)
#define IO_MUX_CONF 0x60000800u
#define SPI0_BASE 0x60000200u
#define SLAVE_FLAGS 0x1fu
#define SLAVE_ENABLES_SHIFT 5

/* Hand-off values (facts §9): SPI0 SLAVE from register dumps of running
   chips, HSPI SLAVE 0x200 (done interrupt enabled, slave mode off) and CTRL
   0x28B313 likewise; CTRL1's reset value is only known to be non-zero, so
   the model uses a pattern no driver would write by accident. */
#define SPI0_SLAVE_AT_BOOT 0x04800210u
#define HSPI_SLAVE_AT_BOOT 0x00000200u
#define HSPI_CTRL_AT_BOOT 0x0028B313u
#define HSPI_CTRL1_AT_BOOT 0x5a5a0000u

static uint8_t w_byte(const struct model_hspi *m, uint32_t i)
{
	return (uint8_t)(m->regs[W0 / 4 + i / 4] >> (8 * (i % 4)));
}

void model_hspi_start(struct model_hspi *m)
{
	m->busy = true;
	if (m->transactions == MODEL_HSPI_LOG)
		return;
	struct model_hspi_transaction *t = &m->log[m->transactions++];
	t->user = m->regs[USER / 4];
	t->user1 = m->regs[USER1 / 4];
	t->clock = m->regs[CLOCK / 4];
	t->mosi_bits = t->user & USER_MOSI ? ((t->user1 >> 17) & 0x1ff) + 1 : 0;
	t->miso_bits = t->user & USER_MISO ? ((t->user1 >> 8) & 0x1ff) + 1 : 0;
	for (uint32_t i = 0; i < t->mosi_bits / 8; i++)
		t->mosi[i] = w_byte(m, i);
}

void model_hspi_complete(struct model_hspi *m)
{
	if (!m->busy)
		return;
	m->busy = false;
	uint32_t user = m->regs[USER / 4];
	if (user & USER_MISO) {
		uint32_t n = (((m->regs[USER1 / 4] >> 8) & 0x1ff) + 1) / 8;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t *w = &m->regs[W0 / 4 + i / 4];
			uint32_t shift = 8 * (i % 4);
			uint8_t b = m->slave_out ? m->slave_out[m->slave_pos++] : 0xff;
			*w = (*w & ~(0xffu << shift)) | (uint32_t)b << shift;
		}
	}
	m->regs[SLAVE / 4] |= DONE;
}

bool model_hspi_irq(const struct model_hspi *m)
{
	uint32_t slave = m->regs[SLAVE / 4];
	return (slave & DONE) && (slave & DONE_EN);
}

static uint32_t hspi_read(void *model, uintptr_t off, unsigned width)
{
	struct model_hspi *m = model;
	(void)width;
	if (off == CMD) {
		if (m->busy && m->busy_reads && --m->busy_reads == 0)
			model_hspi_complete(m);
		return m->busy ? m->regs[0] | USR : m->regs[0] & ~USR;
	}
	return m->regs[off / 4];
}

static void hspi_write(void *model, uintptr_t off, uint32_t value, unsigned width)
{
	struct model_hspi *m = model;
	(void)width;
	if (m->busy && (off == CMD || off == USER || off == USER1 || off >= W0)) {
		m->writes_while_busy++;
		return;
	}
	if (off == CMD) {
		m->regs[0] = value & ~USR;
		if (value & USR)
			model_hspi_start(m);
		return;
	}
	m->regs[off / 4] = value;
}

void model_spi0_flash_read(struct model_hspi *m)
{
	m->spi0[SLAVE / 4] |= DONE;
}

static bool spi0_irq(const struct model_hspi *m)
{
	uint32_t slave = m->spi0[SLAVE / 4];
	return (slave & (slave >> SLAVE_ENABLES_SHIFT) & SLAVE_FLAGS) != 0;
}

static uint32_t dport_value(const struct model_hspi *m)
{
	return m->dport_other | (spi0_irq(m) ? DPORT_SPI0 : 0) | (model_hspi_irq(m) ? DPORT_HSPI : 0);
}

bool model_line2(const struct model_hspi *m)
{
	return dport_value(m) != 0;
}

static uint32_t dport_read(void *model, uintptr_t off, unsigned width)
{
	(void)off;
	(void)width;
	return dport_value(model);
}

static uint32_t spi0_read(void *model, uintptr_t off, unsigned width)
{
	(void)width;
	return ((struct model_hspi *)model)->spi0[off / 4];
}

static void spi0_write(void *model, uintptr_t off, uint32_t value, unsigned width)
{
	struct model_hspi *m = model;
	(void)width;
	if (off == SLAVE && !(value & (SLAVE_FLAGS | SLAVE_FLAGS << SLAVE_ENABLES_SHIFT)))
		m->spi0_quiet_writes++;
	m->spi0[off / 4] = value;
}

static void ignore_write(void *model, uintptr_t off, uint32_t value, unsigned width)
{
	(void)model;
	(void)off;
	(void)value;
	(void)width;
}

static uint32_t io_mux_read(void *model, uintptr_t off, unsigned width)
{
	(void)width;
	return ((struct model_hspi *)model)->io_mux[off / 4];
}

static void io_mux_write(void *model, uintptr_t off, uint32_t value, unsigned width)
{
	(void)width;
	((struct model_hspi *)model)->io_mux[off / 4] = value;
}

void model_hspi_attach(struct model_hspi *m, uintptr_t base)
{
	memset(m, 0, sizeof *m);
	m->regs[CTRL / 4] = HSPI_CTRL_AT_BOOT;
	m->regs[CTRL1 / 4] = HSPI_CTRL1_AT_BOOT;
	m->regs[SLAVE / 4] = HSPI_SLAVE_AT_BOOT;
	m->spi0[SLAVE / 4] = SPI0_SLAVE_AT_BOOT;
	host_mmio_register(base, 0x80, hspi_read, hspi_write, m);
	host_mmio_register(SPI0_BASE, sizeof m->spi0, spi0_read, spi0_write, m);
	host_mmio_register(DPORT_SPI_INT, 4, dport_read, ignore_write, m);
	host_mmio_register(IO_MUX_CONF, sizeof m->io_mux, io_mux_read, io_mux_write, m);
}
