/*
 * esp_wdt.c — the ESP8266 hardware watchdog (facts/esp8266.md §6). CTL
 * bit 0 enables it; stage 1 counts 2^n × 0.8 ms (register +04), raises
 * interrupt 8 — left unbound here, so nothing runs — and stage 2 (+08)
 * then resets the chip; writing 0x73 to +14 restarts stage 1. Enabled as
 * the SDK's wdt_init does (esp-open-rtos core/app_main.c sdk_wdt_init: both
 * stages, reset pulse bits 3-5, stage-1 mode 0), the ROM having left it
 * off (facts §9).
 *
 * Not fed from the idle loop itself: idle may sleep until the next timer,
 * up to half a CCOUNT wrap (26 s), longer than any timeout; a goroutine
 * sleeping a quarter timeout feeds it instead, as often as it is scheduled.
 */
#include "esp_wdt.h"
#include <errno.h>
#include "mmio.h"
#include "task.h"

#define CTL (ESP_WDT_BASE + 0x00)
#define STAGE1 (ESP_WDT_BASE + 0x04)
#define STAGE2 (ESP_WDT_BASE + 0x08)
#define FEED (ESP_WDT_BASE + 0x14)
#define CTL_ENABLE (1u << 0)
#define CTL_STAGE1_MODE (3u << 1)
#define CTL_RESET_PULSE (7u << 3)
#define FEED_MAGIC 0x73
#define STAGE_MAX 13
#define FEEDER_STACK 512

static uint64_t feed_period;
static struct task *feeder;

void esp_wdt_feed(void)
{
	mmio_write32(FEED, FEED_MAGIC);
}

static void feed_loop(void *arg)
{
	(void)arg;
	for (;;) {
		esp_wdt_feed();
		task_sleep(feed_period);
	}
}

/* Both stages of 2^n × 0.8 ms: the reset comes 2^(n+1) × 0.8 ms after
   the last feed. */
static uint32_t timeout_of(uint32_t n)
{
	return (8u << (n + 1)) / 10;
}

int esp_wdt_start(uint32_t timeout_ms)
{
	if (timeout_ms < ESP_WDT_MIN_MS || timeout_ms > ESP_WDT_MAX_MS)
		return -EINVAL;
	if (feeder)
		return -EBUSY;
	uint32_t n = 1;
	while (n < STAGE_MAX && timeout_of(n + 1) <= timeout_ms)
		n++;
	feed_period = (uint64_t)timeout_of(n) * 1000000 / 4;
	mmio_write32(CTL, mmio_read32(CTL) & ~CTL_ENABLE);
	mmio_write32(STAGE1, n);
	mmio_write32(STAGE2, n);
	esp_wdt_feed();
	feeder = task_spawn(feed_loop, 0, FEEDER_STACK, "watchdog");
	if (!feeder)
		return -ENOMEM;
	mmio_write32(CTL, (mmio_read32(CTL) & ~CTL_STAGE1_MODE) | CTL_RESET_PULSE | CTL_ENABLE);
	return (int)timeout_of(n);
}
