/*
 * esp_gpio.c (targets) — instructions the ESP8266 GPIO edge top half
 * spends per interrupt: esp_gpio_interrupt on RAM-backed GPIO, IO_MUX and
 * RTC blocks whose STATUS holds 1, 4 or 16 latched edges. Run by
 * bench/esp_gpio.sh under -icount shift=0. No task runs between the calls,
 * so after the first the deferred wake-up is already queued: the figures
 * are the top half's own, without the worker's wake-up.
 */
#include <errno.h>
#include <stdio.h>
#include "arch.h"
#include "count.h"
#include "esp_gpio.h"

#define STATUS 0x1C
#define ITERS 1000
#define ROUNDS 8

static uint32_t gpio_regs[0x80 / 4], mux_regs[0x44 / 4], rtc_regs[0xA4 / 4];
static struct esp_gpio gpio;

/* Instructions of ITERS interrupts that each find `status` latched; with
   run = 0, the same loop without the handler (the calibration). */
static uint32_t measure(uint32_t status, int run)
{
	volatile uint32_t *st = &gpio_regs[STATUS / 4];
	count_begin();
	for (uint32_t i = 0; i < ITERS; i++) {
		*st = status;
		if (run)
			esp_gpio_interrupt(&gpio);
		__asm__ volatile("" ::: "memory");
	}
	return count_end();
}

int main(void)
{
	static const uint32_t patterns[] = {1u << 4, 0x000fu << 2, 0xffffu};
	static const unsigned pins[] = {1, 4, 16};
	/* On qemu-lx106 the board's own "gpio" holds line 4 (-EBUSY): this one
	   is entered by call, as the vector would; elsewhere line 4 is let go. */
	int err = esp_gpio_init(&gpio, "benchgpio", (uintptr_t)gpio_regs, (uintptr_t)mux_regs, (uintptr_t)rtc_regs,
				-1);
	if (err == 0)
		irq_detach(ESP_GPIO_IRQ);
	else if (err != -EBUSY)
		return 1;
	uint32_t per_irq[3];
	for (int k = 0; k < 3; k++) {
		uint32_t best = 0xffffffffu;
		for (int r = 0; r < ROUNDS; r++) {
			uint32_t c = measure(patterns[k], 1), e = measure(patterns[k], 0);
			uint32_t net = c > e ? c - e : 0;
			if (net < best)
				best = net;
		}
		per_irq[k] = (best + ITERS / 2) / ITERS;
		printf("esp_gpio insns_per_interrupt_%u_pins %lu\n", pins[k], (unsigned long)per_irq[k]);
	}
	printf("esp_gpio insns_per_extra_pin_tenths %lu\n",
	       (unsigned long)((per_irq[2] - per_irq[0]) * 10 / (pins[2] - pins[0])));
	uint32_t edges = 0;
	for (int p = 0; p < 16; p++)
		edges += gpio.edges[p];
	printf("esp_gpio edges_counted %lu\n", (unsigned long)edges);
	return 0;
}
