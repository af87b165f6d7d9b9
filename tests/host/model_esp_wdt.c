/*
 * model_esp_wdt.c — the watchdog model. Hand-off: every register 0 (facts
 * §9: the ROM never enables it). With CTL bit 0 set, stage 1 then stage 2
 * count down from the last feed; both out means a reset, after which the
 * chip restarts with the watchdog off again.
 */
#include "model_esp_wdt.h"
#include <string.h>
#include "mmio.h"

#define CTL 0x00
#define STAGE1 0x04
#define STAGE2 0x08
#define FEED 0x14

static uint64_t stage_us(uint32_t n)
{
	return (800ull << n);
}

void model_wdt_elapse(struct model_wdt *m, uint64_t us)
{
	if (!(m->ctl & 1))
		return;
	m->since_feed_us += us;
	if (m->since_feed_us >= stage_us(m->stage1) + stage_us(m->stage2)) {
		m->resets++;
		m->ctl = m->stage1 = m->stage2 = 0;
		m->since_feed_us = 0;
	}
}

static uint32_t wdt_read(void *model, uintptr_t off, unsigned width)
{
	struct model_wdt *m = model;
	(void)width;
	return off == CTL ? m->ctl : off == STAGE1 ? m->stage1 : off == STAGE2 ? m->stage2 : 0;
}

static void wdt_write(void *model, uintptr_t off, uint32_t value, unsigned width)
{
	struct model_wdt *m = model;
	(void)width;
	switch (off) {
	case CTL:
		if ((value & 1) && !(m->ctl & 1))
			m->since_feed_us = 0;
		m->ctl = value;
		break;
	case STAGE1: m->stage1 = value & 0xf; break;
	case STAGE2: m->stage2 = value & 0xf; break;
	case FEED:
		if (value == 0x73) {
			m->feeds++;
			m->since_feed_us = 0;
		} else {
			m->bad_feeds++;
		}
		break;
	}
}

void model_wdt_attach(struct model_wdt *m, uintptr_t base)
{
	memset(m, 0, sizeof *m);
	host_mmio_register(base, 0x20, wdt_read, wdt_write, m);
}
