/*
 * gpio.c (lx106) — the ESP8266 GPIO driver as the board registers it, on
 * qemu-lx106 where the chip's GPIO, IO_MUX and RTC addresses are plain RAM:
 * the test reads the words the driver writes, plays the chip by latching
 * STATUS bits itself, and enters the line-4 top half as the vector does
 * (irq_dispatch with interrupts masked). A goroutine blocked on a pin must
 * wake with every edge counted.
 */
#include <errno.h>
#include <stdint.h>
#include "arch.h"
#include "clock.h"
#include "esp_gpio.h"
#include "mmio.h"
#include "task.h"
#include "../tap.h"

#define OUT (ESP_GPIO_BASE + 0x00)
#define ENABLE_W1TS (ESP_GPIO_BASE + 0x10)
#define STATUS (ESP_GPIO_BASE + 0x1C)
#define STATUS_W1TC (ESP_GPIO_BASE + 0x24)
#define PIN12 (ESP_GPIO_BASE + 0x28 + 4 * 12)
#define MUX_GPIO2 (ESP_IO_MUX_BASE + 0x38)
#define MUX_GPIO12 (ESP_IO_MUX_BASE + 0x04)

static struct device *gpio;

static int control(unsigned request, uint32_t pin, uint32_t value, uint32_t *out)
{
	struct gpio_request r = {.pin = pin, .value = value};
	int err = device_control(gpio, request, &r);
	if (out)
		*out = r.value;
	return err;
}

/* The chip latches an edge on pin; the core takes line 4. */
static void edge(unsigned pin)
{
	mmio_write32(STATUS_W1TC, 0);
	mmio_write32(STATUS, 1u << pin);
	arch_irq_t irq = arch_irq_save();
	irq_dispatch(ESP_GPIO_IRQ);
	arch_irq_restore(irq);
	/* RAM has no write-1-to-clear: do what the chip does with the ack. */
	mmio_write32(STATUS, mmio_read32(STATUS) & ~mmio_read32(STATUS_W1TC));
}

static volatile bool woke;
static int wait_result;
static uint32_t wait_edges;

static void waiter(void *arg)
{
	(void)arg;
	struct gpio_request r = {.pin = 12};
	wait_result = device_control(gpio, GPIO_WAIT_EDGE, &r);
	wait_edges = r.value;
	woke = true;
}

int main(void)
{
	gpio = device_find("gpio");
	CHECK(gpio != 0, "the board registers \"gpio\"");
	if (!gpio)
		return tap_done();
	uint32_t value = 0;
	CHECK(control(GPIO_LED_PIN, 0, 0, &value) == 0 && value == 2, "the LED is GPIO2 (got %u)", (unsigned)value);

	mmio_write32(MUX_GPIO2, 0x1B0); /* another function and a pull-up left there */
	CHECK(control(GPIO_CONFIGURE, 2, GPIO_MODE_OUTPUT, 0) == 0, "GPIO2 becomes an output");
	CHECK((mmio_read32(MUX_GPIO2) & 0x1F0) == 0, "IO_MUX: GPIO2's function 0, pull-up off (0x%x)",
	      (unsigned)mmio_read32(MUX_GPIO2));
	CHECK(mmio_read32(ENABLE_W1TS) == 1u << 2, "ENABLE_W1TS written with bit 2");
	mmio_write32(OUT, 0);
	CHECK(control(GPIO_WRITE, 2, 1, 0) == 0 && mmio_read32(OUT) == 1u << 2, "write 1 sets OUT bit 2");
	CHECK(control(GPIO_TOGGLE, 2, 0, &value) == 0 && value == 0 && mmio_read32(OUT) == 0,
	      "toggle clears it and says 0");

	CHECK(control(GPIO_CONFIGURE, 12, GPIO_MODE_INPUT | GPIO_PULL_UP | GPIO_EDGE_RISING, 0) == 0,
	      "GPIO12 becomes an input with pull-up and rising-edge interrupt");
	CHECK((mmio_read32(MUX_GPIO12) & 0x1F0) == 0xB0, "IO_MUX: GPIO12's function 3 and pull-up (0x%x)",
	      (unsigned)mmio_read32(MUX_GPIO12));
	CHECK(((mmio_read32(PIN12) >> 7) & 7) == 1, "PIN12 interrupt type 1 (rising)");

	struct device_stats before, after;
	device_control(gpio, DEVICE_GET_STATS, &before);
	task_spawn(waiter, 0, 0, "waiter");
	for (int i = 0; i < 10; i++)
		task_yield();
	CHECK(!woke, "the waiter sleeps until an edge");
	edge(12);
	CHECK(mmio_read32(STATUS_W1TC) == 1u << 12, "the top half acknowledged bit 12 in STATUS_W1TC");
	uint64_t start = nanotime();
	while (!woke && nanotime() - start < 1000000000)
		task_yield();
	CHECK(woke && wait_result == 0 && wait_edges == 1, "the edge woke it with a count of 1 (%d, %u)",
	      wait_result, (unsigned)wait_edges);

	for (int i = 0; i < 3; i++)
		edge(12);
	edge(13); /* a pin nobody waits on: pin 12's count is unchanged */
	struct gpio_request r = {.pin = 12, .timeout = 1000000};
	int err = device_control(gpio, GPIO_WAIT_EDGE, &r);
	CHECK(err == 0 && r.value == 3, "three edges with nobody waiting: the next wait returns 3 (%d, %u)", err,
	      (unsigned)r.value);
	r = (struct gpio_request){.pin = 12, .timeout = 1000000};
	CHECK(device_control(gpio, GPIO_WAIT_EDGE, &r) == -ETIMEDOUT, "then nothing: the wait times out");
	device_control(gpio, DEVICE_GET_STATS, &after);
	CHECK(after.interrupts == before.interrupts + 5, "5 top halves counted (%u)",
	      (unsigned)(after.interrupts - before.interrupts));
	return tap_done();
}
