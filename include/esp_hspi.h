/*
 * esp_hspi.h — the ESP8266 HSPI master as device "hspi0" (facts/esp8266.md
 * §5): transfers of any length in 64-byte transactions through W0–W15, the
 * goroutine sleeping until the transaction-done interrupt.
 */
#pragma once
#include <stdint.h>
#include "device.h"
#include "irq.h"
#include "waitq.h"

#define ESP_HSPI_BASE 0x60000100u
#define ESP_HSPI_IRQ 2 /* shared with SPI0 and I2S; DPORT+20 bit7 says HSPI (§3, §1) */
#define ESP_HSPI_CHUNK 64 /* the W0–W15 buffer */

/*
 * One direction per transfer: tx only sends (a MOSI phase), rx only
 * receives (a MISO phase). Each 64-byte chunk is one transaction, with the
 * chip select released between them.
 */
struct hspi_transfer {
	const void *tx;
	void *rx;
	uint32_t len;
};

#define HSPI_TRANSFER 0x320  /* device_control arg: struct hspi_transfer * */
#define HSPI_SET_CLOCK 0x321 /* arg: uint32_t * Hz; set to the fastest rate not above it */

struct esp_hspi {
	struct device dev;
	uintptr_t regs;
	uint32_t hz;           /* the SCLK rate set */
	struct task *owner;    /* the task whose transfer is running, or NULL */
	volatile bool done;    /* set by the interrupt: the transaction finished */
	struct waitq waiters;
	struct work wake;      /* deferred: wakes the owner */
};

/* Master mode, SPI mode 0, MSB first, SCLK at most hz; registers the device
   and binds line 2. Errors are negative errno values. */
int esp_hspi_init(struct esp_hspi *h, const char *name, uintptr_t base, uint32_t hz);

/* The line-2 handler (arg: the struct esp_hspi). */
void esp_hspi_interrupt(void *arg);
