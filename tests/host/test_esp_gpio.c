/*
 * test_esp_gpio.c — the ESP8266 GPIO driver against its register model
 * (model_esp_gpio): init from the state a restart leaves, pin modes through
 * IO_MUX (GPIO16 through the RTC block), read, write, toggle, pull-up, open
 * drain, and edge interrupts on line 4 waking a goroutine with every edge
 * counted between two waits. The test drives the pads and, like the core,
 * enters the handler while line 4 is high.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "arch.h"
#include "clock.h"
#include "esp_gpio.h"
#include "irq.h"
#include "model_esp_gpio.h"
#include "task.h"

static struct model_gpio m;
static struct esp_gpio g;
static struct device *dev;

/* The core with line 4 unmasked: enters the handler while the line is
   high; returns the entries (STORM: it never dropped). */
#define STORM 1000
static int entries_until_line4_low(void)
{
	int entries = 0;
	while (model_gpio_irq(&m) && entries < STORM) {
		arch_irq_t irq = arch_irq_save();
		irq_dispatch(ESP_GPIO_IRQ);
		arch_irq_restore(irq);
		entries++;
	}
	return entries;
}

static int control(unsigned request, uint32_t pin, uint32_t value, struct gpio_request *out)
{
	struct gpio_request r = {.pin = pin, .value = value};
	int err = device_control(dev, request, &r);
	if (out)
		*out = r;
	return err;
}

static uint32_t level_read(uint32_t pin)
{
	struct gpio_request r;
	assert_int_equal(control(GPIO_READ, pin, 0, &r), 0);
	return r.value;
}

static int setup(void **state)
{
	(void)state;
	model_gpio_attach(&m, ESP_GPIO_BASE, ESP_IO_MUX_BASE, ESP_RTC_BASE);
	m.io_mux[0x18 / 4] = 0x80; /* GPIO1 (UART TX): function 0, pull-up: the console's */
	if (!model_gpio_irq(&m))
		return -1; /* the restart state the first test relies on */
	int err = esp_gpio_init(&g, "gpio", ESP_GPIO_BASE, ESP_IO_MUX_BASE, ESP_RTC_BASE, 2);
	dev = device_find("gpio");
	return err || !dev;
}

static void init_clears_what_a_restart_left(void **state)
{
	(void)state;
	assert_false(model_gpio_irq(&m)); /* GPIO5's stale edge gone before line 4 was unmasked */
	assert_int_equal(m.pin[5], 0);    /* its interrupt type off */
	assert_int_equal(m.io_mux[0x18 / 4], 0x80); /* unconfigured pads untouched: the UART keeps GPIO1 */
	assert_int_equal(m.enable, 0);
	struct gpio_request r;
	assert_int_equal(control(GPIO_LED_PIN, 0, 0, &r), 0);
	assert_int_equal(r.value, 2);
}

static void output_write_toggle_read(void **state)
{
	(void)state;
	assert_int_equal(control(GPIO_CONFIGURE, 2, GPIO_MODE_OUTPUT, 0), 0);
	assert_int_equal(model_gpio_function(&m, 2), 0);
	assert_int_equal(m.enable, 1u << 2);
	assert_int_equal(control(GPIO_WRITE, 2, 1, 0), 0);
	assert_int_equal(model_gpio_level(&m, 2), 1);
	assert_int_equal(level_read(2), 1);
	struct gpio_request r;
	assert_int_equal(control(GPIO_TOGGLE, 2, 0, &r), 0);
	assert_int_equal(r.value, 0);
	assert_int_equal(model_gpio_level(&m, 2), 0);
	assert_int_equal(level_read(2), 0);
	assert_int_equal(control(GPIO_TOGGLE, 2, 0, &r), 0);
	assert_int_equal(r.value, 1);
	assert_int_equal(model_gpio_level(&m, 2), 1);

	/* GPIO12-15 come out of reset on JTAG (function 0): GPIO is function 3. */
	assert_int_equal(model_gpio_function(&m, 12), 0);
	assert_int_equal(control(GPIO_CONFIGURE, 12, GPIO_MODE_OUTPUT, 0), 0);
	assert_int_equal(model_gpio_function(&m, 12), 3);
	assert_int_equal(control(GPIO_WRITE, 12, 1, 0), 0);
	assert_int_equal(model_gpio_level(&m, 12), 1);
	assert_int_equal(model_gpio_level(&m, 2), 1); /* the other pin kept its level */
	assert_int_equal(m.out, 1u << 2 | 1u << 12);

	/* Back to input: no longer driven, and writes refused. */
	assert_int_equal(control(GPIO_CONFIGURE, 12, GPIO_MODE_INPUT, 0), 0);
	assert_int_equal(m.enable & (1u << 12), 0);
	assert_int_equal(control(GPIO_WRITE, 12, 0, 0), -EINVAL);
	assert_int_equal(control(GPIO_TOGGLE, 12, 0, 0), -EINVAL);
}

static void input_pull_up_and_open_drain(void **state)
{
	(void)state;
	assert_int_equal(control(GPIO_CONFIGURE, 5, GPIO_MODE_INPUT, 0), 0);
	assert_false(model_gpio_pull_up(&m, 5));
	assert_int_equal(level_read(5), 0); /* floating, no pull-up */
	assert_int_equal(control(GPIO_CONFIGURE, 5, GPIO_MODE_INPUT | GPIO_PULL_UP, 0), 0);
	assert_true(model_gpio_pull_up(&m, 5));
	assert_int_equal(level_read(5), 1);
	model_gpio_drive(&m, 5, 0); /* a button to ground */
	assert_int_equal(level_read(5), 0);
	model_gpio_drive(&m, 5, 1);
	assert_int_equal(level_read(5), 1);
	assert_false(model_gpio_irq(&m)); /* no edge asked for, none latched */

	/* Open drain with the pull-up: 0 pulls low, 1 lets go. */
	assert_int_equal(control(GPIO_CONFIGURE, 4, GPIO_MODE_OPEN_DRAIN | GPIO_PULL_UP, 0), 0);
	assert_int_equal(m.pin[4] & (1u << 2), 1u << 2);
	assert_int_equal(control(GPIO_WRITE, 4, 0, 0), 0);
	assert_int_equal(model_gpio_level(&m, 4), 0);
	assert_int_equal(control(GPIO_WRITE, 4, 1, 0), 0);
	assert_int_equal(model_gpio_level(&m, 4), 1);
	model_gpio_drive(&m, 4, 0); /* another device on the wire pulls it low */
	assert_int_equal(level_read(4), 0);
	assert_int_equal(control(GPIO_CONFIGURE, 4, GPIO_MODE_OUTPUT, 0), 0);
	assert_int_equal(m.pin[4] & (1u << 2), 0);
}

static void gpio16_through_the_rtc_block(void **state)
{
	(void)state;
	assert_int_equal(control(GPIO_CONFIGURE, 16, GPIO_MODE_OUTPUT | GPIO_PULL_UP, 0), -EINVAL);
	assert_int_equal(control(GPIO_CONFIGURE, 16, GPIO_MODE_INPUT | GPIO_EDGE_RISING, 0), -EINVAL);
	assert_int_equal(control(GPIO_CONFIGURE, 16, GPIO_MODE_OPEN_DRAIN, 0), -EINVAL);
	m.rtc[0xA0 / 4] = 0x42; /* the pad on another function */
	assert_int_equal(control(GPIO_CONFIGURE, 16, GPIO_MODE_OUTPUT, 0), 0);
	assert_int_equal(m.rtc[0xA0 / 4] & 0x43, 1);
	assert_int_equal(control(GPIO_WRITE, 16, 1, 0), 0);
	assert_int_equal(model_gpio_level(&m, 16), 1);
	assert_int_equal(level_read(16), 1);
	assert_int_equal(control(GPIO_TOGGLE, 16, 0, 0), 0);
	assert_int_equal(model_gpio_level(&m, 16), 0);
	assert_int_equal(control(GPIO_CONFIGURE, 16, GPIO_MODE_INPUT, 0), 0);
	assert_int_equal(m.rtc[0x74 / 4] & 1, 0);
	model_gpio_drive(&m, 16, 1);
	assert_int_equal(level_read(16), 1);
	assert_int_equal(control(GPIO_WRITE, 16, 1, 0), -EINVAL);
}

static void bad_requests(void **state)
{
	(void)state;
	for (uint32_t pin = 6; pin <= 11; pin++) /* the flash's pads */
		assert_int_equal(control(GPIO_CONFIGURE, pin, GPIO_MODE_OUTPUT, 0), -EBUSY);
	assert_int_equal(m.enable & 0x0fc0u, 0);
	assert_int_equal(control(GPIO_CONFIGURE, 17, GPIO_MODE_OUTPUT, 0), -EINVAL);
	assert_int_equal(control(GPIO_CONFIGURE, 3, 7, 0), -EINVAL);
	assert_int_equal(control(GPIO_CONFIGURE, 3, 0x1000, 0), -EINVAL);
	assert_int_equal(control(GPIO_READ, 17, 0, 0), -EINVAL);
	assert_int_equal(control(GPIO_WAIT_EDGE, 5, 0, 0), -EINVAL); /* no edge configured */
	assert_int_equal(control(GPIO_WAIT_EDGE, 16, 0, 0), -EINVAL);
	assert_int_equal(control(0x7777, 0, 0, 0), -EINVAL);
	assert_int_equal(device_read(dev, (char[1]){0}, 1, &(struct io_mode){0}), -ENOSYS);
}

struct waiter {
	uint32_t pin;
	uint64_t timeout;
	int result;
	uint32_t edges;
	bool done;
};

static void wait_task(void *arg)
{
	struct waiter *w = arg;
	struct gpio_request r = {.pin = w->pin, .timeout = w->timeout};
	w->result = device_control(dev, GPIO_WAIT_EDGE, &r);
	w->edges = r.value;
	w->done = true;
}

static void yield_until(volatile bool *flag)
{
	uint64_t start = nanotime();
	while (!*flag && nanotime() - start < 1000000000)
		task_yield();
}

static void rising_edge_wakes_the_waiter(void **state)
{
	(void)state;
	assert_int_equal(control(GPIO_CONFIGURE, 13, GPIO_MODE_INPUT | GPIO_EDGE_RISING, 0), 0);
	assert_int_equal((m.pin[13] >> 7) & 7, 1);
	model_gpio_drive(&m, 13, 0);
	static struct waiter w;
	w = (struct waiter){.pin = 13};
	assert_non_null(task_spawn(wait_task, &w, 0, "button"));
	for (int i = 0; i < 20; i++)
		task_yield();
	assert_false(w.done); /* asleep: nothing happened */
	model_gpio_drive(&m, 13, 1);
	assert_true(model_gpio_irq(&m));
	assert_int_equal(entries_until_line4_low(), 1);
	yield_until(&w.done);
	assert_true(w.done);
	assert_int_equal(w.result, 0);
	assert_int_equal(w.edges, 1);

	/* A falling edge is not one it asked for: no latch, no interrupt. */
	model_gpio_drive(&m, 13, 0);
	assert_false(model_gpio_irq(&m));
}

static void edges_between_waits_are_counted(void **state)
{
	(void)state;
	assert_int_equal(control(GPIO_CONFIGURE, 14, GPIO_MODE_INPUT | GPIO_EDGE_BOTH, 0), 0);
	assert_int_equal(control(GPIO_CONFIGURE, 15, GPIO_MODE_INPUT | GPIO_EDGE_FALLING, 0), 0);
	model_gpio_drive(&m, 15, 1);
	struct device_stats before;
	device_control(dev, DEVICE_GET_STATS, &before);
	/* Nobody waits: seven edges on 14, each taken by the top half. */
	for (int i = 0; i < 7; i++) {
		model_gpio_drive(&m, 14, i % 2 == 0);
		assert_int_equal(entries_until_line4_low(), 1);
	}
	/* Two pins at once, one entry; and two edges on 14 before the top half
	   runs: STATUS holds one bit, so they count once. */
	model_gpio_drive(&m, 15, 0);
	model_gpio_drive(&m, 14, 0);
	model_gpio_drive(&m, 14, 1);
	assert_int_equal(entries_until_line4_low(), 1);
	struct gpio_request r = {.pin = 14};
	assert_int_equal(device_control(dev, GPIO_WAIT_EDGE, &r), 0); /* returns at once */
	assert_int_equal(r.value, 8);
	r = (struct gpio_request){.pin = 15};
	assert_int_equal(device_control(dev, GPIO_WAIT_EDGE, &r), 0);
	assert_int_equal(r.value, 1);
	struct device_stats after;
	device_control(dev, DEVICE_GET_STATS, &after);
	assert_int_equal(after.interrupts, before.interrupts + 8);

	/* Nothing since: a bounded wait times out with no count. */
	uint64_t start = nanotime();
	r = (struct gpio_request){.pin = 14, .timeout = 2000000};
	assert_int_equal(device_control(dev, GPIO_WAIT_EDGE, &r), -ETIMEDOUT);
	assert_true(nanotime() - start >= 2000000);

	/* Edges that land while a goroutine is being woken are kept for its
	   next wait, not dropped. */
	static struct waiter w;
	w = (struct waiter){.pin = 14};
	assert_non_null(task_spawn(wait_task, &w, 0, "counter"));
	for (int i = 0; i < 20; i++)
		task_yield();
	model_gpio_drive(&m, 14, 0);
	entries_until_line4_low();
	model_gpio_drive(&m, 14, 1);
	entries_until_line4_low();
	yield_until(&w.done);
	assert_int_equal(w.result, 0);
	r = (struct gpio_request){.pin = 14, .timeout = 1000000};
	uint32_t later = device_control(dev, GPIO_WAIT_EDGE, &r) == 0 ? r.value : 0;
	assert_int_equal(w.edges + later, 2);

	/* Reconfiguring drops what was latched and counted under the old setting. */
	model_gpio_drive(&m, 14, 0);
	assert_int_equal(entries_until_line4_low(), 1);
	assert_int_equal(control(GPIO_CONFIGURE, 14, GPIO_MODE_INPUT | GPIO_EDGE_RISING, 0), 0);
	r = (struct gpio_request){.pin = 14, .timeout = 1000000};
	assert_int_equal(device_control(dev, GPIO_WAIT_EDGE, &r), -ETIMEDOUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_clears_what_a_restart_left),
		cmocka_unit_test(output_write_toggle_read),
		cmocka_unit_test(input_pull_up_and_open_drain),
		cmocka_unit_test(gpio16_through_the_rtc_block),
		cmocka_unit_test(bad_requests),
		cmocka_unit_test(rising_edge_wakes_the_waiter),
		cmocka_unit_test(edges_between_waits_are_counted),
	};
	return cmocka_run_group_tests_name("esp_gpio", tests, setup, NULL);
}
