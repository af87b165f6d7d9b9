/*
 * model_esp_gpio.h — a register model of the ESP8266's GPIO block, the
 * IO_MUX pin registers and the RTC block's GPIO16 words (facts/esp8266.md
 * §1; Arduino esp8266_peri.h), for host tests. The test plays the outside
 * world: it drives input pads and reads what the chip drives.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define MODEL_GPIO_MUX_BYTES 0x44
#define MODEL_GPIO_RTC_BYTES 0xA4

struct model_gpio {
	uint32_t out, enable, status, pin[16];
	uint32_t outside;  /* levels the outside drives on GPIO0-15 (bit n: pad n) */
	uint32_t outside16;
	uint32_t io_mux[MODEL_GPIO_MUX_BYTES / 4];
	uint32_t rtc[MODEL_GPIO_RTC_BYTES / 4];
};

/* Hand-off state (below) and the three windows claimed. */
void model_gpio_attach(struct model_gpio *m, uintptr_t gpio, uintptr_t io_mux, uintptr_t rtc);
/* The outside drives pad pin (0-16) to level: an input pin whose PIN
   register asks for that edge latches its STATUS bit. */
void model_gpio_drive(struct model_gpio *m, unsigned pin, int level);
/* The pad's level as the outside sees it: the chip's drive on an output
   pin (open drain: low or released), the outside's own otherwise, pulled up
   if nothing drives and the pull-up is on. */
int model_gpio_level(const struct model_gpio *m, unsigned pin);
/* STATUS != 0: the GPIO block asserts line 4 (level-triggered). */
bool model_gpio_irq(const struct model_gpio *m);
/* A pad's IO_MUX function number (bits 4, 5, 8) and pull-up. */
unsigned model_gpio_function(const struct model_gpio *m, unsigned pin);
bool model_gpio_pull_up(const struct model_gpio *m, unsigned pin);
