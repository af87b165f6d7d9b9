/*
 * test_esp_wdt.c — the ESP8266 watchdog driver against its model: the
 * stages chosen for a timeout, the enable bits as the SDK sets them, and a
 * goroutine that keeps feeding while the scheduler runs and stops when a
 * goroutine hogs the CPU. Model time moves only where the test says, by
 * the nanotime() that passed, so a slow machine changes no verdict: a feed
 * is due every quarter timeout of that same clock. A step longer than
 * MAX_STEP is this process waiting for the host's CPU, which a chip never
 * does, and moves the model by MAX_STEP only.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "clock.h"
#include "esp_wdt.h"
#include "model_esp_wdt.h"
#include "task.h"

static struct model_wdt m;

static void refused_timeouts(void **state)
{
	(void)state;
	assert_int_equal(esp_wdt_start(0), -EINVAL);
	assert_int_equal(esp_wdt_start(2), -EINVAL);
	assert_int_equal(esp_wdt_start(13108), -EINVAL);
	assert_int_equal(m.ctl, 0); /* still off, as the ROM left it */
}

#define MAX_STEP 50000000ull

/* Yields for `ns` of nanotime, moving the model by each step's time. */
static void run_for(uint64_t ns)
{
	uint64_t start = nanotime(), last = start;
	while (last - start < ns) {
		task_yield();
		uint64_t now = nanotime();
		model_wdt_elapse(&m, (now - last < MAX_STEP ? now - last : MAX_STEP) / 1000);
		last = now;
	}
}

static void started_and_fed_while_the_scheduler_runs(void **state)
{
	(void)state;
	assert_int_equal(esp_wdt_start(1000), 819); /* 2 × 2^9 × 0.8 ms: the longest not above 1 s */
	assert_int_equal(m.stage1, 9);
	assert_int_equal(m.stage2, 9);
	assert_int_equal(m.ctl & 1, 1);
	assert_int_equal(m.ctl & 6, 0);       /* stage 1 mode 0, as the SDK */
	assert_int_equal(m.ctl & 0x38, 0x38); /* reset pulse bits 3-5, as the SDK */
	assert_int_equal(esp_wdt_start(1000), -EBUSY);
	uint32_t feeds = m.feeds;
	run_for(1500000000ull); /* nearly two timeouts */
	assert_int_equal(m.resets, 0);
	assert_true(m.feeds >= feeds + 5); /* a quarter timeout apart: about 7 in 1.5 s */
	assert_int_equal(m.bad_feeds, 0);

	/* A goroutine that never yields for a whole timeout: nobody feeds. */
	uint64_t start = nanotime();
	feeds = m.feeds;
	while (nanotime() - start < 900000000ull)
		;
	model_wdt_elapse(&m, (nanotime() - start) / 1000);
	assert_int_equal(m.feeds, feeds);
	assert_int_equal(m.resets, 1);
}

static int setup(void **state)
{
	(void)state;
	model_wdt_attach(&m, ESP_WDT_BASE);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refused_timeouts),
		cmocka_unit_test(started_and_fed_while_the_scheduler_runs),
	};
	return cmocka_run_group_tests_name("esp_wdt", tests, setup, NULL);
}
