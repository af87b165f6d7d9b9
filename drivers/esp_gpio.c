/*
 * esp_gpio.c — the ESP8266 GPIO block as device "gpio" (include/gpio.h).
 * GPIO0-15: IO_MUX picks each pad's GPIO function and pull-up, OUT/ENABLE
 * drive it, IN reads it, PINn sets open drain and the interrupt type, and
 * STATUS latches one edge per pin until written to STATUS_W1TC; any latched
 * bit holds the level-triggered line 4 up. GPIO16 is the RTC block's pad:
 * no interrupt, no pull-up. Offsets and bits: facts/esp8266.md §1; Arduino
 * cores/esp8266/esp8266_peri.h (GPO..GPIEC, GPC bits, GPF table, GP16*);
 * NONOS driver gpio16.c (the XPD_DCDC mux).
 *
 * Invariant: edges[p] - seen[p] is the number of edges on pin p that no
 * wait has returned yet. The interrupt only increments edges[] (after
 * acknowledging STATUS, so a later edge latches anew); a wait takes the
 * difference and advances seen[] with interrupts masked, so none is lost or
 * counted twice. Two edges before the top half runs latch one STATUS bit
 * and count once: the hardware keeps no more.
 */
#include "esp_gpio.h"
#include <errno.h>
#include <stddef.h>
#include "arch.h"
#include "clock.h"
#include "mmio.h"
#include "task.h"

#define OUT 0x00
#define ENABLE_W1TS 0x10
#define ENABLE_W1TC 0x14
#define IN 0x18
#define STATUS 0x1C
#define STATUS_W1TC 0x24
#define PIN(p) (0x28 + 4 * (p))
#define PIN_DRIVER_OPEN_DRAIN (1u << 2)
#define PIN_SOURCE_SIGMA_DELTA (1u << 0)
#define PIN_INT_TYPE_SHIFT 7 /* [9:7]: 0 off, 1 rising, 2 falling, 3 both */
#define PIN_INT_TYPE_MASK (7u << PIN_INT_TYPE_SHIFT)
#define LOW_PINS 0xffffu

/* IO_MUX pin registers: function select in bits 4, 5 and 8, pull-down
   bit 6, pull-up bit 7 (the sleep bits 0-3 are left alone). */
#define MUX_FUNCTION_MASK 0x130u
#define MUX_FUNCTION(f) ((((f) & 4u) << 2 | ((f) & 3u)) << 4)
#define MUX_PULL_DOWN (1u << 6)
#define MUX_PULL_UP (1u << 7)
static const uint8_t mux_offset[16] = {0x34, 0x18, 0x38, 0x14, 0x3C, 0x40, 0x1C, 0x20,
				       0x24, 0x28, 0x2C, 0x30, 0x04, 0x08, 0x0C, 0x10};
/* The GPIO function is 0 on GPIO0, 2, 4, 5 and 3 on the others. */
#define GPIO_FUNCTION(p) ((p) == 0 || (p) == 2 || (p) == 4 || (p) == 5 ? 0u : 3u)
/* GPIO6-11 carry the SPI flash the code runs from. */
#define FLASH_PINS 0x0fc0u

#define RTC_GPIO_OUT 0x68
#define RTC_GPIO_ENABLE 0x74
#define RTC_GPIO_IN 0x8C
#define RTC_GPIO_CONF 0x90
#define RTC_PAD_XPD_DCDC 0xA0
#define XPD_DCDC_MUX_MASK 0x43u /* function select bits; 1 = the pad is GPIO16 */
#define PIN16 16

#define KNOWN_FLAGS (GPIO_MODE_MASK | GPIO_PULL_UP | GPIO_EDGE_MASK)

static inline uint32_t gpio_read(struct esp_gpio *g, uint32_t off)
{
	return mmio_read32(g->gpio + off);
}

static inline void gpio_write(struct esp_gpio *g, uint32_t off, uint32_t value)
{
	mmio_write32(g->gpio + off, value);
}

static void modify(uintptr_t reg, uint32_t clear, uint32_t set)
{
	mmio_write32(reg, (mmio_read32(reg) & ~clear) | set);
}

static int configure_pin16(struct esp_gpio *g, uint32_t mode, uint32_t flags)
{
	if (mode == GPIO_MODE_OPEN_DRAIN || (flags & (GPIO_PULL_UP | GPIO_EDGE_MASK)))
		return -EINVAL;
	arch_irq_t irq = arch_irq_save();
	modify(g->rtc + RTC_PAD_XPD_DCDC, XPD_DCDC_MUX_MASK, 1);
	modify(g->rtc + RTC_GPIO_CONF, 1, 0);
	modify(g->rtc + RTC_GPIO_ENABLE, 1, mode == GPIO_MODE_OUTPUT);
	arch_irq_restore(irq);
	return 0;
}

static int configure(struct esp_gpio *g, uint32_t pin, uint32_t flags)
{
	uint32_t mode = flags & GPIO_MODE_MASK, edge = (flags & GPIO_EDGE_MASK) >> 8;
	if (pin >= ESP_GPIO_PINS || mode > GPIO_MODE_OPEN_DRAIN || (flags & ~KNOWN_FLAGS))
		return -EINVAL;
	if (FLASH_PINS & (1u << pin))
		return -EBUSY;
	int err = pin == PIN16 ? configure_pin16(g, mode, flags) : 0;
	if (err)
		return err;
	arch_irq_t irq = arch_irq_save();
	if (pin != PIN16) {
		uint32_t bit = 1u << pin;
		modify(g->io_mux + mux_offset[pin], MUX_FUNCTION_MASK | MUX_PULL_UP | MUX_PULL_DOWN,
		       MUX_FUNCTION(GPIO_FUNCTION(pin)) | (flags & GPIO_PULL_UP ? MUX_PULL_UP : 0));
		modify(g->gpio + PIN(pin), PIN_SOURCE_SIGMA_DELTA | PIN_DRIVER_OPEN_DRAIN | PIN_INT_TYPE_MASK,
		       (mode == GPIO_MODE_OPEN_DRAIN ? PIN_DRIVER_OPEN_DRAIN : 0) | edge << PIN_INT_TYPE_SHIFT);
		gpio_write(g, STATUS_W1TC, bit); /* an edge latched under the old setting is not ours */
		gpio_write(g, mode == GPIO_MODE_INPUT ? ENABLE_W1TC : ENABLE_W1TS, bit);
		g->seen[pin] = g->edges[pin];
		g->edge_pins = edge ? g->edge_pins | bit : g->edge_pins & ~bit;
	}
	g->output_pins = mode == GPIO_MODE_INPUT ? g->output_pins & ~(1u << pin) : g->output_pins | 1u << pin;
	arch_irq_restore(irq);
	return 0;
}

static int read_pin(struct esp_gpio *g, uint32_t pin, uint32_t *level)
{
	if (pin >= ESP_GPIO_PINS)
		return -EINVAL;
	*level = pin == PIN16 ? mmio_read32(g->rtc + RTC_GPIO_IN) & 1 : (gpio_read(g, IN) >> pin) & 1;
	return 0;
}

/* OUT is read-modify-written with interrupts masked rather than through
   W1TS/W1TC: the same code then drives a RAM-backed block (qemu-lx106). */
static int write_pin(struct esp_gpio *g, uint32_t pin, bool toggle, uint32_t *level)
{
	if (pin >= ESP_GPIO_PINS || !(g->output_pins & (1u << pin)))
		return -EINVAL;
	uintptr_t reg = pin == PIN16 ? g->rtc + RTC_GPIO_OUT : g->gpio + OUT;
	uint32_t bit = pin == PIN16 ? 1u : 1u << pin;
	arch_irq_t irq = arch_irq_save();
	uint32_t out = mmio_read32(reg);
	out = toggle ? out ^ bit : *level ? out | bit : out & ~bit;
	mmio_write32(reg, out);
	arch_irq_restore(irq);
	*level = (out & bit) != 0;
	return 0;
}

static int wait_edge(struct esp_gpio *g, struct gpio_request *r)
{
	if (r->pin >= 16 || !(g->edge_pins & (1u << r->pin)))
		return -EINVAL;
	uint64_t deadline = r->timeout ? nanotime() + r->timeout : 0;
	arch_irq_t irq = arch_irq_save();
	int status = 0;
	while (g->edges[r->pin] == g->seen[r->pin] && status != -ETIMEDOUT)
		status = waitq_wait(&g->waiters, deadline, true);
	uint32_t count = g->edges[r->pin] - g->seen[r->pin];
	g->seen[r->pin] += count;
	arch_irq_restore(irq);
	if (!count)
		return -ETIMEDOUT;
	r->value = count;
	return 0;
}

static int gpio_control(struct device *dev, unsigned request, void *arg)
{
	struct esp_gpio *g = dev->priv;
	struct gpio_request *r = arg;
	switch (request) {
	case GPIO_CONFIGURE: return configure(g, r->pin, r->value);
	case GPIO_READ: return read_pin(g, r->pin, &r->value);
	case GPIO_WRITE: return write_pin(g, r->pin, false, &r->value);
	case GPIO_TOGGLE: return write_pin(g, r->pin, true, &r->value);
	case GPIO_WAIT_EDGE: return wait_edge(g, r);
	case GPIO_LED_PIN:
		if (g->led_pin < 0)
			return -ENODEV;
		r->value = (uint32_t)g->led_pin;
		return 0;
	}
	return -EINVAL;
}

static const struct device_ops gpio_ops = {
	.control = gpio_control,
};

static void wake_waiters(struct work *w)
{
	struct esp_gpio *g = (struct esp_gpio *)((char *)w - offsetof(struct esp_gpio, wake));
	arch_irq_t irq = arch_irq_save();
	waitq_wake_all(&g->waiters, 0);
	arch_irq_restore(irq);
}

IRAM void esp_gpio_interrupt(void *arg)
{
	struct esp_gpio *g = arg;
	uint64_t start = clock_ticks();
	uint32_t status = gpio_read(g, STATUS) & LOW_PINS;
	if (!status)
		return;
	/* Acknowledge first: an edge from here on latches again and keeps
	   the line up for another entry; every one before is in status. */
	gpio_write(g, STATUS_W1TC, status);
	for (uint32_t pending = status; pending; pending &= pending - 1)
		g->edges[__builtin_ctz(pending)]++;
	work_schedule(&g->wake);
	device_count_interrupt(&g->dev, start);
}

int esp_gpio_init(struct esp_gpio *g, const char *name, uintptr_t gpio, uintptr_t io_mux, uintptr_t rtc,
		  int led_pin)
{
	g->gpio = gpio;
	g->io_mux = io_mux;
	g->rtc = rtc;
	g->led_pin = led_pin;
	g->dev.name = name;
	g->dev.ops = &gpio_ops;
	g->dev.priv = g;
	g->wake.fn = wake_waiters;
	/* A restart through the ROM does not reset the GPIO block: interrupt
	   types a previous run set, and the edges they latched, would hold
	   line 4 up the moment it is unmasked. Pins themselves are left as
	   they are until configured (GPIO1/3 carry the console). */
	for (uint32_t pin = 0; pin < 16; pin++)
		modify(gpio + PIN(pin), PIN_INT_TYPE_MASK, 0);
	gpio_write(g, STATUS_W1TC, LOW_PINS);
	int err = device_register(&g->dev);
	return err ? err : irq_attach(ESP_GPIO_IRQ, esp_gpio_interrupt, g);
}
