/*
 * test_esp_hspi.c — the ESP8266 HSPI driver against its register model
 * (model_esp_hspi): clock divider choice, transfers split into 64-byte
 * transactions, the busy bit, the done interrupt waking the waiting
 * goroutine, errno cases, and line 2 as the chip drives it: level-triggered
 * and shared with SPI0, whose done flag every flash read latches. The test
 * ends transactions, reads flash and raises line 2.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "arch.h"
#include "clock.h"
#include "esp_hspi.h"
#include "irq.h"
#include "model_esp_hspi.h"
#include "task.h"

#define APB_HZ 80000000u
#define USER_MISO (1u << 28)
#define USER_MOSI (1u << 27)

static struct model_hspi m;
static struct esp_hspi h;
static const struct io_mode blocking;

static void dispatch(void)
{
	arch_irq_t irq = arch_irq_save();
	irq_dispatch(ESP_HSPI_IRQ);
	arch_irq_restore(irq);
}

/* The core with line 2 unmasked and PS lowered: while the line is high it
   enters the handler again. Returns the entries it took for the line to
   drop, or STORM when it never does (on the chip: main never runs). */
#define STORM 1000
static int entries_until_line2_low(void)
{
	int entries = 0;
	while (model_line2(&m) && entries < STORM) {
		dispatch();
		entries++;
	}
	return entries;
}

struct job {
	unsigned request; /* 0: write() or read() by direction */
	struct hspi_transfer t;
	long result;
	bool done;
};

static void job_task(void *arg)
{
	struct job *j = arg;
	if (j->request)
		j->result = device_control(&h.dev, j->request, &j->t);
	else if (j->t.tx)
		j->result = device_write(&h.dev, j->t.tx, j->t.len, &blocking);
	else
		j->result = device_read(&h.dev, j->t.rx, j->t.len, &blocking);
	j->done = true;
}

/* Runs j in a goroutine and plays the bus: each transaction the driver
   starts is ended and its interrupt raised. Returns the interrupts raised. */
static int run(struct job *j)
{
	int raised = 0;
	assert_non_null(task_spawn(job_task, j, 0, "hspi user"));
	uint64_t start = nanotime();
	while (!j->done && nanotime() - start < 1000000000) {
		task_yield();
		if (m.busy) {
			assert_false(j->done);
			model_hspi_complete(&m);
			assert_true(model_hspi_irq(&m));
			dispatch();
			assert_false(model_hspi_irq(&m)); /* the handler cleared TRANS_DONE */
			raised++;
		}
	}
	assert_true(j->done);
	return raised;
}

static int setup(void **state)
{
	(void)state;
	model_hspi_attach(&m, ESP_HSPI_BASE);
	assert_true(model_line2(&m)); /* the ROM has read flash: SPI0's done flag holds line 2 */
	m.regs[0x30 / 4] |= 1u << 30; /* left in slave mode */
	m.regs[0x2C / 4] = 1u << 29; /* CPOL 1 */
	for (int pin = 1; pin <= 4; pin++)
		m.io_mux[pin] = 0x1B0; /* GPIO12-15: function 7, pull-up (bit 7) on */
	return esp_hspi_init(&h, "hspi0", ESP_HSPI_BASE, 1000000);
}

static int fresh(void **state)
{
	(void)state;
	m.transactions = m.writes_while_busy = m.slave_pos = 0;
	m.busy_reads = 0;
	m.busy = false;
	m.dport_other = 0;
	m.regs[0x30 / 4] &= ~(1u << 4);
	return 0;
}

static void init_sets_master_mode(void **state)
{
	(void)state;
	assert_non_null(device_find("hspi0"));
	uint32_t slave = m.regs[0x30 / 4];
	assert_int_equal(slave & (1u << 30), 0); /* master */
	assert_int_equal(slave & (1u << 9), 1u << 9); /* done interrupt on */
	assert_int_equal(m.regs[0x2C / 4] & (1u << 29), 0); /* mode 0 */
	assert_int_equal(m.regs[0x1C / 4] & (1u << 2), 0); /* not flash mode */
	assert_int_equal(m.regs[0x08 / 4], 0); /* CTRL: MSB first, no dual/quad modes, not the reset 0x28B313 */
	assert_int_equal(m.regs[0x0C / 4], 0); /* CTRL1: no leftover delays */
	assert_int_equal(h.hz, 1000000);
	for (int pin = 1; pin <= 4; pin++) /* HSPI is function 2: bit 5; the pull-up is left alone */
		assert_int_equal(m.io_mux[pin], 0xA0);
}

/* The smallest (PRE+1)(N+1) with 80 MHz / it <= hz, by trying every pair. */
static uint32_t best_divisor(uint32_t hz)
{
	uint32_t best = 0;
	for (uint32_t n = 1; n <= 63; n++)
		for (uint32_t pre = 0; pre <= 8191; pre++) {
			uint32_t d = (pre + 1) * (n + 1);
			if ((uint64_t)hz * d >= APB_HZ && (!best || d < best))
				best = d;
		}
	return best;
}

static void clock_divider_is_fastest_not_above(void **state)
{
	(void)state;
	static const uint32_t rates[] = {40000000, 33000000, 26000000, 10000000, 3000000, 1000000,
					 115200, 9999, 1000, 153};
	for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
		uint32_t hz = rates[i];
		assert_int_equal(device_control(&h.dev, HSPI_SET_CLOCK, &hz), 0);
		uint32_t clock = m.regs[0x18 / 4];
		uint32_t pre = (clock >> 18) & 0x1fff, n = (clock >> 12) & 0x3f;
		uint32_t hi = (clock >> 6) & 0x3f, lo = clock & 0x3f;
		assert_int_equal(clock >> 31, 0);
		assert_true(n >= 1);
		assert_int_equal((pre + 1) * (n + 1), best_divisor(rates[i]));
		assert_int_equal(hz, APB_HZ / ((pre + 1) * (n + 1)));
		assert_true(hz <= rates[i]);
		assert_int_equal(hi, (n + 1) / 2 - 1); /* the SDK's duty cycle, §5 */
		assert_int_equal(lo, n);
		/* High for H+1 of the N+1 cycles: exactly half when N+1 is even,
		   which the driver chooses whenever the divisor is even; an odd
		   divisor leaves half a cycle less high (1 of 3 at 80/3 MHz). */
		if ((pre + 1) * (n + 1) % 2 == 0)
			assert_int_equal(2 * (hi + 1), n + 1);
		else
			assert_int_equal(2 * (hi + 1), n);
		assert_int_equal(m.io_mux[0] & (1u << 9), 0);
	}
	uint32_t hz = 80000000;
	assert_int_equal(device_control(&h.dev, HSPI_SET_CLOCK, &hz), 0);
	assert_int_equal(m.regs[0x18 / 4], 1u << 31);
	assert_int_equal(m.io_mux[0] & (1u << 9), 1u << 9);
	assert_int_equal(hz, 80000000);
	hz = 120000000;
	assert_int_equal(device_control(&h.dev, HSPI_SET_CLOCK, &hz), 0);
	assert_int_equal(hz, 80000000);
	uint32_t before = m.regs[0x18 / 4];
	for (uint32_t bad = 0; bad < 153; bad += 152) {
		hz = bad;
		assert_int_equal(device_control(&h.dev, HSPI_SET_CLOCK, &hz), -EINVAL);
		assert_int_equal(m.regs[0x18 / 4], before);
	}
	hz = 10000000;
	assert_int_equal(device_control(&h.dev, HSPI_SET_CLOCK, &hz), 0);
	assert_int_equal(m.io_mux[0] & (1u << 9), 0);
}

static void write_200_bytes_in_four_transactions(void **state)
{
	(void)state;
	uint8_t data[200];
	for (uint32_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 37 + 11);
	struct device_stats before;
	device_control(&h.dev, DEVICE_GET_STATS, &before);
	struct job j = {.t = {.tx = data, .len = sizeof data}};
	assert_int_equal(run(&j), 4);
	assert_int_equal(j.result, 200);
	assert_int_equal(m.transactions, 4);
	static const uint32_t bits[] = {512, 512, 512, 64};
	for (uint32_t i = 0; i < 4; i++) {
		struct model_hspi_transaction *t = &m.log[i];
		assert_int_equal(t->user & (USER_MOSI | USER_MISO), USER_MOSI);
		assert_int_equal(t->mosi_bits, bits[i]);
		assert_int_equal((t->user1 >> 17) & 0x1ff, bits[i] - 1);
		assert_memory_equal(t->mosi, data + 64 * i, bits[i] / 8);
	}
	assert_int_equal(m.writes_while_busy, 0);
	struct device_stats after;
	device_control(&h.dev, DEVICE_GET_STATS, &after);
	assert_int_equal(after.bytes_out, before.bytes_out + 200);
	assert_int_equal(after.interrupts, before.interrupts + 4);
}

static void read_100_bytes_from_miso(void **state)
{
	(void)state;
	uint8_t slave[100], got[100];
	for (uint32_t i = 0; i < sizeof slave; i++)
		slave[i] = (uint8_t)(255 - i * 3);
	m.slave_out = slave;
	memset(got, 0, sizeof got);
	struct job j = {.t = {.rx = got, .len = sizeof got}};
	assert_int_equal(run(&j), 2);
	assert_int_equal(j.result, 100);
	assert_int_equal(m.transactions, 2);
	assert_int_equal(m.log[0].user & (USER_MOSI | USER_MISO), USER_MISO);
	assert_int_equal(m.log[0].miso_bits, 512);
	assert_int_equal(m.log[1].miso_bits, 288);
	assert_memory_equal(got, slave, sizeof slave);
	m.slave_out = 0;
}

static void transfer_request(void **state)
{
	(void)state;
	uint8_t data[3] = {0xa5, 0x5a, 0x01};
	struct job j = {.request = HSPI_TRANSFER, .t = {.tx = data, .len = 3}};
	assert_int_equal(run(&j), 1);
	assert_int_equal(j.result, 0);
	assert_int_equal(m.log[0].mosi_bits, 24);
	assert_memory_equal(m.log[0].mosi, data, 3);
}

static void waits_out_the_busy_bit(void **state)
{
	(void)state;
	/* A transaction already running that ends after 5 polls of CMD. */
	model_hspi_start(&m);
	m.busy_reads = 5;
	uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct job j = {.t = {.tx = data, .len = 8}};
	run(&j);
	assert_int_equal(j.result, 8);
	assert_int_equal(m.writes_while_busy, 0);
	assert_int_equal(m.transactions, 2);
	assert_memory_equal(m.log[1].mosi, data, 8);
	m.regs[0x30 / 4] &= ~(1u << 4); /* the first one's TRANS_DONE, never ours */

	/* One that never ends: EBUSY, and nothing written under it. */
	model_hspi_start(&m);
	m.busy_reads = 0;
	assert_int_equal(device_write(&h.dev, data, 8, &blocking), -EBUSY);
	assert_int_equal(m.writes_while_busy, 0);
	assert_int_equal(m.transactions, 3);
	model_hspi_complete(&m);
	m.regs[0x30 / 4] &= ~(1u << 4);
}

static void done_interrupt_wakes_the_waiter(void **state)
{
	(void)state;
	uint8_t data[16] = {0};
	static struct job j;
	j = (struct job){.t = {.tx = data, .len = 16}};
	assert_non_null(task_spawn(job_task, &j, 0, "hspi user"));
	for (int i = 0; i < 20; i++)
		task_yield();
	assert_true(m.busy);
	assert_false(j.done); /* asleep until the transaction ends */
	/* SPI0 raises line 2 (something re-enabled its done interrupt and the
	   cache read flash): not ours, the waiter sleeps on, and the handler
	   lowers SPI0's latch so the line drops. */
	m.spi0[0x30 / 4] |= 0x3ff;
	model_spi0_flash_read(&m);
	assert_int_equal(entries_until_line2_low(), 1);
	for (int i = 0; i < 20; i++)
		task_yield();
	assert_false(j.done);
	model_hspi_complete(&m);
	dispatch();
	uint64_t start = nanotime();
	while (!j.done && nanotime() - start < 1000000000)
		task_yield();
	assert_true(j.done);
	assert_int_equal(j.result, 16);
}

/* Boot on the chip: SPI0's done flag is latched with its interrupt enabled
   and every cache miss sets it again. Binding line 2 unmasks it: init must
   have quieted SPI0 first, or the core never leaves the handler. */
static void line2_is_quiet_after_init_from_boot_state(void **state)
{
	(void)state;
	static struct esp_hspi fresh_hspi;
	irq_detach(ESP_HSPI_IRQ);
	model_hspi_attach(&m, ESP_HSPI_BASE);
	model_spi0_flash_read(&m);
	assert_true(model_line2(&m));
	assert_int_equal(esp_hspi_init(&fresh_hspi, "hspi-boot", ESP_HSPI_BASE, 1000000), 0);
	assert_true(m.spi0_quiet_writes >= 1);
	assert_int_equal(m.spi0[0x30 / 4] & 0x3ff, 0); /* flags and enables cleared */
	assert_int_equal(m.spi0[0x30 / 4] & ~0x3ffu, 0x04800210u & ~0x3ffu); /* the rest kept */
	for (int i = 0; i < 5; i++)
		model_spi0_flash_read(&m);
	assert_int_equal(entries_until_line2_low(), 0);

	/* SPI0's interrupt back on (flash code of the ROM or an SDK piece):
	   one entry clears it, and the HSPI's own state is left alone. */
	m.spi0[0x30 / 4] |= 0x3ff;
	model_spi0_flash_read(&m);
	uint32_t hspi_slave = m.regs[0x30 / 4];
	assert_int_equal(entries_until_line2_low(), 1);
	assert_int_equal(m.regs[0x30 / 4], hspi_slave);

	/* Both at once: SPI0's latch and a finished HSPI transaction. */
	m.spi0[0x30 / 4] |= 0x3ff;
	model_hspi_start(&m);
	model_hspi_complete(&m);
	assert_true(fresh_hspi.done == false);
	assert_int_equal(entries_until_line2_low(), 1);
	assert_true(fresh_hspi.done);
}

static void errno_cases(void **state)
{
	(void)state;
	uint8_t buf[4] = {0};
	struct hspi_transfer none = {.len = 4}, both = {.tx = buf, .rx = buf, .len = 4}, empty = {.tx = buf};
	assert_int_equal(device_control(&h.dev, HSPI_TRANSFER, &none), -EINVAL);
	assert_int_equal(device_control(&h.dev, HSPI_TRANSFER, &both), -EINVAL);
	assert_int_equal(device_control(&h.dev, HSPI_TRANSFER, &empty), -EINVAL);
	assert_int_equal(device_write(&h.dev, buf, 0, &blocking), -EINVAL);
	assert_int_equal(device_control(&h.dev, 0x7777, buf), -EINVAL);
	assert_int_equal(m.transactions, 0);

	/* While one transfer waits, others are refused. */
	static struct job j;
	j = (struct job){.t = {.tx = buf, .len = 4}};
	assert_non_null(task_spawn(job_task, &j, 0, "hspi user"));
	for (int i = 0; i < 20 && !m.busy; i++)
		task_yield();
	assert_true(m.busy);
	uint32_t hz = 1000000;
	assert_int_equal(device_write(&h.dev, buf, 4, &blocking), -EBUSY);
	assert_int_equal(device_control(&h.dev, HSPI_SET_CLOCK, &hz), -EBUSY);
	model_hspi_complete(&m);
	dispatch();
	uint64_t start = nanotime();
	while (!j.done && nanotime() - start < 1000000000)
		task_yield();
	assert_int_equal(j.result, 4);

	/* A transaction whose end never comes times out. */
	start = nanotime();
	assert_int_equal(device_write(&h.dev, buf, 4, &blocking), -ETIMEDOUT);
	assert_true(nanotime() - start >= 1000000);
	model_hspi_complete(&m);
	dispatch();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_sets_master_mode),
		cmocka_unit_test_setup(clock_divider_is_fastest_not_above, fresh),
		cmocka_unit_test_setup(write_200_bytes_in_four_transactions, fresh),
		cmocka_unit_test_setup(read_100_bytes_from_miso, fresh),
		cmocka_unit_test_setup(transfer_request, fresh),
		cmocka_unit_test_setup(waits_out_the_busy_bit, fresh),
		cmocka_unit_test_setup(done_interrupt_wakes_the_waiter, fresh),
		cmocka_unit_test_setup(errno_cases, fresh),
		cmocka_unit_test_setup(line2_is_quiet_after_init_from_boot_state, fresh),
	};
	return cmocka_run_group_tests_name("esp_hspi", tests, setup, NULL);
}
