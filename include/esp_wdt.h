/*
 * esp_wdt.h — the ESP8266 hardware watchdog, for programs that opt in: once
 * started, the chip resets unless it is fed within the timeout. A goroutine
 * of the driver feeds it; it runs only when the scheduler does, so a
 * goroutine that never yields stops the feeding and the chip restarts.
 */
#pragma once
#include <stdint.h>

#define ESP_WDT_BASE 0x60000900u
#define ESP_WDT_MIN_MS 3     /* the shortest timeout the stages allow */
#define ESP_WDT_MAX_MS 13107 /* the longest */

/* Starts the watchdog with the longest timeout not above timeout_ms (the
   stages count powers of two of 0.8 ms) and the goroutine feeding it at a
   quarter of that. Returns the timeout set in ms, -EINVAL out of range,
   -EBUSY when already started, -ENOMEM without a goroutine. */
int esp_wdt_start(uint32_t timeout_ms);

/* Restarts the countdown; any goroutine may call it. */
void esp_wdt_feed(void);
