/*
 * model_esp_wdt.h — a register model of the ESP8266 hardware watchdog
 * (facts/esp8266.md §6) for host tests: off at hand-off, stages of 2^n ×
 * 0.8 ms, 0x73 at +14 feeds. The test moves its time.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct model_wdt {
	uint32_t ctl, stage1, stage2;
	uint64_t since_feed_us; /* time since the last feed (or enable) */
	uint32_t feeds, bad_feeds; /* 0x73 writes; other values written to +14 */
	uint32_t resets;           /* times the chip would have reset */
};

void model_wdt_attach(struct model_wdt *m, uintptr_t base);
/* us pass: an enabled watchdog resets the chip once both stages ran out. */
void model_wdt_elapse(struct model_wdt *m, uint64_t us);
