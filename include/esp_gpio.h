/*
 * esp_gpio.h — the ESP8266's GPIO0-15 and the RTC pin GPIO16 as the device
 * "gpio" (include/gpio.h): IO_MUX selects each pin's GPIO function and
 * pull-up, the GPIO block drives and reads it, and its edge interrupts
 * arrive on line 4 (facts/esp8266.md §1, §3).
 */
#pragma once
#include <stdint.h>
#include "device.h"
#include "gpio.h"
#include "irq.h"
#include "waitq.h"

#define ESP_GPIO_BASE 0x60000300u
#define ESP_IO_MUX_BASE 0x60000800u
#define ESP_RTC_BASE 0x60000700u
#define ESP_GPIO_IRQ 4
#define ESP_GPIO_PINS 17 /* GPIO0-15, and GPIO16 (RTC: no interrupt, no pull-up) */

struct esp_gpio {
	struct device dev;
	uintptr_t gpio, io_mux, rtc; /* register block bases */
	int led_pin;                 /* the board's LED, or -1 */
	uint32_t output_pins;        /* configured as outputs (bit 16: GPIO16) */
	uint32_t edge_pins;          /* configured with an edge interrupt */
	volatile uint32_t edges[16]; /* edges counted by the interrupt, per pin (wrap freely) */
	uint32_t seen[16];           /* edges[] as the last wait on each pin returned it */
	struct waitq waiters;        /* goroutines in GPIO_WAIT_EDGE */
	struct work wake;            /* deferred: wakes them */
};

/* Registers the device and binds line 4; led_pin: the board's LED or -1.
   The bases are the chip's (ESP_*_BASE) or a test's RAM blocks. Errors are
   negative errno values. */
int esp_gpio_init(struct esp_gpio *g, const char *name, uintptr_t gpio, uintptr_t io_mux, uintptr_t rtc,
		  int led_pin);

/* The line-4 top half (arg: the struct esp_gpio): counts and acknowledges
   the latched edges, schedules the wake-up. */
void esp_gpio_interrupt(void *arg);
