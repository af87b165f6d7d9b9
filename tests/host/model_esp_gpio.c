/*
 * model_esp_gpio.c — the GPIO register model. OUT and ENABLE are read-write
 * with W1TS/W1TC companions; IN reads each pad's level; STATUS latches an
 * edge on a pad whose PINn interrupt type asks for it (1 rising, 2 falling,
 * 3 both) and holds it until STATUS_W1TC; PINn bit 2 makes a pad open
 * drain. GPIO16 lives in the RTC block: OUT +68, ENABLE +74, IN +8C, CONF
 * +90, and XPD_DCDC +A0 whose bits 0x43 must read 1 for the pad to be GPIO16
 * (NONOS gpio16.c).
 *
 * Hand-off state: IO_MUX function 0 on every pad — GPIO on 0, 2, 4, 5, the
 * UART on 1 and 3 (facts §9), JTAG on 12-15 — so a driver must select the
 * GPIO function itself; interrupt types and STATUS as a restart through the
 * ROM may leave them (that does not reset the block): GPIO5 set for both
 * edges with an edge latched.
 */
#include "model_esp_gpio.h"
#include <string.h>
#include "mmio.h"

#define OUT 0x00
#define OUT_W1TS 0x04
#define OUT_W1TC 0x08
#define ENABLE 0x0C
#define ENABLE_W1TS 0x10
#define ENABLE_W1TC 0x14
#define IN 0x18
#define STATUS 0x1C
#define STATUS_W1TS 0x20
#define STATUS_W1TC 0x24
#define PIN0 0x28
#define OPEN_DRAIN (1u << 2)
#define INT_TYPE(v) (((v) >> 7) & 7u)
#define PULL_UP (1u << 7)
#define RTC_OUT 0x68
#define RTC_ENABLE 0x74
#define RTC_IN 0x8C
#define RTC_CONF 0x90
#define RTC_XPD_DCDC 0xA0

static const uint8_t mux_offset[16] = {0x34, 0x18, 0x38, 0x14, 0x3C, 0x40, 0x1C, 0x20,
				       0x24, 0x28, 0x2C, 0x30, 0x04, 0x08, 0x0C, 0x10};

unsigned model_gpio_function(const struct model_gpio *m, unsigned pin)
{
	uint32_t v = m->io_mux[mux_offset[pin] / 4];
	return ((v >> 4) & 3u) | ((v >> 6) & 4u);
}

bool model_gpio_pull_up(const struct model_gpio *m, unsigned pin)
{
	return (m->io_mux[mux_offset[pin] / 4] & PULL_UP) != 0;
}

static bool pin16_is_gpio(const struct model_gpio *m)
{
	return (m->rtc[RTC_XPD_DCDC / 4] & 0x43u) == 1 && !(m->rtc[RTC_CONF / 4] & 1);
}

int model_gpio_level(const struct model_gpio *m, unsigned pin)
{
	if (pin == 16) {
		if (pin16_is_gpio(m) && (m->rtc[RTC_ENABLE / 4] & 1))
			return (int)(m->rtc[RTC_OUT / 4] & 1);
		return (int)m->outside16;
	}
	uint32_t bit = 1u << pin;
	bool gpio = model_gpio_function(m, pin) == ((pin == 0 || pin == 2 || pin == 4 || pin == 5) ? 0u : 3u);
	if (gpio && (m->enable & bit)) {
		bool high = m->out & bit;
		if (!(m->pin[pin] & OPEN_DRAIN) || !high)
			return high;
	}
	if (m->outside & bit)
		return 1;
	return model_gpio_pull_up(m, pin) && !(m->outside & (bit << 16)) ? 1 : 0;
}

void model_gpio_drive(struct model_gpio *m, unsigned pin, int level)
{
	if (pin == 16) {
		m->outside16 = level != 0;
		return;
	}
	int before = model_gpio_level(m, pin);
	uint32_t bit = 1u << pin;
	/* bit n: driven high; bit n+16: driven low (else: not driven) */
	m->outside = (m->outside & ~(bit | bit << 16)) | (level ? bit : bit << 16);
	int after = model_gpio_level(m, pin);
	unsigned type = INT_TYPE(m->pin[pin]);
	if (before != after && ((type == 1 && after) || (type == 2 && !after) || type == 3))
		m->status |= bit;
}

bool model_gpio_irq(const struct model_gpio *m)
{
	return (m->status & 0xffffu) != 0;
}

static uint32_t in_value(const struct model_gpio *m)
{
	uint32_t v = 0;
	for (unsigned p = 0; p < 16; p++)
		v |= (uint32_t)model_gpio_level(m, p) << p;
	return v;
}

static uint32_t gpio_read(void *model, uintptr_t off, unsigned width)
{
	struct model_gpio *m = model;
	(void)width;
	switch (off) {
	case OUT: return m->out;
	case ENABLE: return m->enable;
	case IN: return in_value(m);
	case STATUS: return m->status;
	}
	if (off >= PIN0 && off < PIN0 + 64)
		return m->pin[(off - PIN0) / 4];
	return 0; /* the W1TS/W1TC words read as 0 */
}

static void gpio_write(void *model, uintptr_t off, uint32_t value, unsigned width)
{
	struct model_gpio *m = model;
	(void)width;
	value &= 0xffffu;
	switch (off) {
	case OUT: m->out = value; break;
	case OUT_W1TS: m->out |= value; break;
	case OUT_W1TC: m->out &= ~value; break;
	case ENABLE: m->enable = value; break;
	case ENABLE_W1TS: m->enable |= value; break;
	case ENABLE_W1TC: m->enable &= ~value; break;
	case STATUS: m->status = value; break;
	case STATUS_W1TS: m->status |= value; break;
	case STATUS_W1TC: m->status &= ~value; break;
	}
	if (off >= PIN0 && off < PIN0 + 64)
		m->pin[(off - PIN0) / 4] = value & 0x7ffu;
}

static uint32_t mux_read(void *model, uintptr_t off, unsigned width)
{
	(void)width;
	return ((struct model_gpio *)model)->io_mux[off / 4];
}

static void mux_write(void *model, uintptr_t off, uint32_t value, unsigned width)
{
	(void)width;
	((struct model_gpio *)model)->io_mux[off / 4] = value;
}

static uint32_t rtc_read(void *model, uintptr_t off, unsigned width)
{
	struct model_gpio *m = model;
	(void)width;
	if (off == RTC_IN)
		return (uint32_t)model_gpio_level(m, 16);
	return m->rtc[off / 4];
}

static void rtc_write(void *model, uintptr_t off, uint32_t value, unsigned width)
{
	(void)width;
	if (off != RTC_IN)
		((struct model_gpio *)model)->rtc[off / 4] = value;
}

void model_gpio_attach(struct model_gpio *m, uintptr_t gpio, uintptr_t io_mux, uintptr_t rtc)
{
	memset(m, 0, sizeof *m);
	m->pin[5] = 3u << 7;
	m->status = 1u << 5;
	host_mmio_register(gpio, PIN0 + 64, gpio_read, gpio_write, m);
	host_mmio_register(io_mux, sizeof m->io_mux, mux_read, mux_write, m);
	host_mmio_register(rtc, sizeof m->rtc, rtc_read, rtc_write, m);
}
