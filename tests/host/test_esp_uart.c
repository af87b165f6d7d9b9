/*
 * test_esp_uart.c — the ESP8266 UART driver against register models of
 * UART0 and UART1 (model_esp_uart): every interrupt cause, the shared line,
 * flow control and drop policies, blocking and non-blocking I/O, snapshot
 * requests seen by the top half (also past a full ring). The test
 * plays the far end and raises line 5 by calling irq_dispatch as the trap
 * code would, with interrupts masked.
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
#include "esp_uart.h"
#include "irq.h"
#include "model_esp_uart.h"
#include "snapshot.h"
#include "task.h"

#define RX_FULL (1u << 0)
#define TX_EMPTY (1u << 1)
#define PARITY_ERR (1u << 2)
#define FRAME_ERR (1u << 3)
#define RX_OVERFLOW (1u << 4)
#define RX_TIMEOUT (1u << 8)
#define RING 256

static struct model_uart m0, m1;
static struct serial u0, u1;
static uint8_t u0_rx[RING], u0_tx[2 * RING], u1_rx[RING], u1_tx[RING];
static const struct io_mode nonblock = {.nonblock = true};
static uint32_t sent_seq; /* the far end's byte counter: content to check against */

/* What the top half calls when a snapshot request completes: counted here
   (this stands in for kernel/snapshot.c, which the link then leaves out). */
static int dumps;
void snapshot_dump(enum snapshot_reason reason)
{
	assert_int_equal(reason, SNAPSHOT_REQUESTED);
	dumps++;
}

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)(i * 131u + (i >> 8) + 7u);
}

/* The far end sends the next n bytes of the pattern. */
static void send(struct model_uart *m, uint32_t n)
{
	uint8_t buf[512];
	for (uint32_t i = 0; i < n; i++)
		buf[i] = pattern(sent_seq + i);
	sent_seq += n;
	model_uart_receive(m, buf, n);
}

static void dispatch(void)
{
	arch_irq_t irq = arch_irq_save();
	irq_dispatch(ESP_UART_IRQ);
	arch_irq_restore(irq);
}

/* Runs the handler while either UART asserts the line; a handler that
   leaves a cause latched would loop here, and fails. */
static void service(void)
{
	int rounds = 0;
	while (model_uart_irq(&m0) || model_uart_irq(&m1)) {
		assert_true(++rounds < 64);
		dispatch();
	}
}

static long read_all(struct serial *s, uint8_t *dst, size_t max)
{
	long total = 0, got;
	while ((size_t)total < max && (got = device_read(&s->dev, dst + total, max - (size_t)total, &nonblock)) > 0) {
		total += got;
		service(); /* a read that resumes RX lets the FIFO refill the ring */
	}
	return total;
}

static struct device_stats stats(struct serial *s)
{
	struct device_stats st;
	assert_int_equal(device_control(&s->dev, DEVICE_GET_STATS, &st), 0);
	return st;
}

/* Before each test: FIFOs and rings empty, flow control, no cause pending. */
static int fresh(void **state)
{
	(void)state;
	enum serial_rx_policy flow = SERIAL_FLOW_CONTROL;
	uint8_t sink[4 * RING];
	struct model_uart *ms[] = {&m0, &m1};
	struct serial *us[] = {&u0, &u1};
	for (int i = 0; i < 2; i++) {
		device_control(&us[i]->dev, SERIAL_SET_RX_POLICY, &flow);
		ms[i]->rx_count = 0;
		while (device_read(&us[i]->dev, sink, sizeof sink, &nonblock) > 0)
			service();
		for (int round = 0; round < 64 && (ms[i]->tx_count || ring_count(&us[i]->tx)); round++) {
			service();
			model_uart_transmit(ms[i], MODEL_UART_FIFO);
		}
		service();
		ms[i]->int_raw &= ~(RX_OVERFLOW | RX_TIMEOUT | PARITY_ERR | FRAME_ERR);
		ms[i]->wire_len = ms[i]->rx_lost = ms[i]->empty_reads = ms[i]->full_writes = 0;
	}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	model_uart_attach(&m0, ESP_UART0_BASE);
	model_uart_attach(&m1, ESP_UART1_BASE);
	/* What the ROM might leave behind: received bytes and latched causes. */
	send(&m0, 20);
	m0.int_raw |= RX_OVERFLOW | RX_TIMEOUT | PARITY_ERR;
	if (esp_uart_init(&u0, "uart0", ESP_UART0_BASE, 115200, u0_rx, sizeof u0_rx, u0_tx, sizeof u0_tx))
		return -1;
	return esp_uart_init(&u1, "uart1", ESP_UART1_BASE, 9600, u1_rx, sizeof u1_rx, u1_tx, sizeof u1_tx);
}

static void init_programs_the_uart(void **state)
{
	(void)state;
	/* Runs first: setup's stale state must be gone. */
	assert_int_equal(m0.rx_count, 0);
	assert_true(m0.rx_fifo_resets >= 1 && m1.rx_fifo_resets >= 1);
	assert_true(m0.tx_fifo_resets >= 1 && m1.tx_fifo_resets >= 1);
	assert_int_equal(m0.int_raw & (RX_OVERFLOW | RX_TIMEOUT | PARITY_ERR), 0);
	assert_int_equal(m0.conf0 & (3u << 17), 0);      /* resets released */
	assert_int_equal((m0.conf0 >> 2) & 3u, 3);        /* 8 data bits */
	assert_int_equal((m0.conf0 >> 4) & 3u, 1);        /* 1 stop bit */
	assert_int_equal(m0.conf0 & 3u, 0);               /* no parity */
	assert_int_equal(m0.clkdiv, 694);                 /* 80 MHz / 115200 */
	assert_int_equal(m1.clkdiv, 8333);                /* 80 MHz / 9600 */
	uint32_t rx_thr = m0.conf1 & 0x7f, tx_thr = (m0.conf1 >> 8) & 0x7f;
	assert_true(rx_thr > 0 && rx_thr < MODEL_UART_FIFO);
	assert_true(tx_thr > 0 && tx_thr < MODEL_UART_FIFO);
	assert_true(m0.conf1 >> 31);                      /* RX timeout on */
	assert_int_equal(m0.int_ena, RX_FULL | RX_TIMEOUT | RX_OVERFLOW);
	assert_false(model_uart_irq(&m0));
	uint8_t b;
	assert_int_equal(device_read(&u0.dev, &b, 1, &nonblock), -EAGAIN);

	struct serial third;
	uint8_t r[16], t[16];
	assert_int_equal(esp_uart_init(&third, "uart2", ESP_UART0_BASE, 115200, r, 16, t, 16), -EBUSY);
	assert_null(device_find("uart2"));
}

static void baud_rate_sets_clkdiv(void **state)
{
	(void)state;
	static const struct {
		uint32_t baud;
		int err;
		uint32_t div;
	} cases[] = {
		{9600, 0, 8333}, {74880, 0, 1068}, {921600, 0, 87}, {4000000, 0, 20},
		{0, -EINVAL, 0}, {50, -EINVAL, 0}, {200000000, -EINVAL, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t before = m0.clkdiv, baud = cases[i].baud;
		assert_int_equal(device_control(&u0.dev, ESP_UART_SET_BAUD, &baud), cases[i].err);
		assert_int_equal(m0.clkdiv, cases[i].err ? before : cases[i].div);
	}
	uint32_t baud = 115200;
	assert_int_equal(device_control(&u0.dev, ESP_UART_SET_BAUD, &baud), 0);
	assert_int_equal(device_control(&u0.dev, 0x7777, &baud), -EINVAL);
}

static void rx_full_threshold(void **state)
{
	(void)state;
	uint32_t thr = m0.conf1 & 0x7f, first = sent_seq;
	send(&m0, thr - 1);
	assert_false(model_uart_irq(&m0)); /* below the threshold: quiet */
	send(&m0, 1);
	assert_true(model_uart_irq(&m0));
	assert_int_equal(m0.int_raw & m0.int_ena, RX_FULL);
	struct device_stats before = stats(&u0);
	dispatch();
	assert_false(model_uart_irq(&m0));
	assert_int_equal(m0.rx_count, 0);
	assert_int_equal(m0.empty_reads, 0);
	assert_int_equal(stats(&u0).interrupts, before.interrupts + 1);
	assert_int_equal(stats(&u0).bytes_in, before.bytes_in + thr);
	uint8_t got[RING];
	assert_int_equal(read_all(&u0, got, sizeof got), thr);
	for (uint32_t i = 0; i < thr; i++)
		assert_int_equal(got[i], pattern(first + i));
}

static void rx_timeout_delivers_the_tail(void **state)
{
	(void)state;
	uint32_t first = sent_seq;
	send(&m0, 5);
	assert_false(model_uart_irq(&m0));
	model_uart_idle(&m0);
	assert_int_equal(m0.int_raw & m0.int_ena, RX_TIMEOUT);
	dispatch();
	assert_false(model_uart_irq(&m0));
	assert_int_equal(m0.int_raw & RX_TIMEOUT, 0);
	uint8_t got[8];
	assert_int_equal(device_poll(&u0.dev) & POLL_IN, POLL_IN);
	assert_int_equal(read_all(&u0, got, sizeof got), 5);
	for (uint32_t i = 0; i < 5; i++)
		assert_int_equal(got[i], pattern(first + i));
	assert_int_equal(device_poll(&u0.dev) & POLL_IN, 0);
}

static void tx_empty_refills_the_fifo(void **state)
{
	(void)state;
	uint8_t data[300];
	for (uint32_t i = 0; i < sizeof data; i++)
		data[i] = pattern(1000 + i);
	struct device_stats before = stats(&u0);
	assert_int_equal(device_write(&u0.dev, data, sizeof data, &nonblock), sizeof data);
	assert_int_equal(m0.int_ena & TX_EMPTY, TX_EMPTY);
	assert_true(model_uart_irq(&m0)); /* the empty FIFO asks at once */
	for (int round = 0; round < 100 && m0.wire_len < sizeof data; round++) {
		service();
		assert_true(m0.tx_count <= MODEL_UART_FIFO);
		model_uart_transmit(&m0, 37); /* the line sends at its own pace */
	}
	service();
	assert_int_equal(m0.wire_len, sizeof data);
	assert_memory_equal(m0.wire, data, sizeof data);
	assert_int_equal(m0.full_writes, 0);
	assert_int_equal(m0.int_ena & TX_EMPTY, 0); /* nothing left: TX-empty off */
	assert_false(model_uart_irq(&m0));
	assert_int_equal(stats(&u0).bytes_out, before.bytes_out + sizeof data);
}

/* Feeds the far end into uart0 until its ring is full and RX is paused. */
static void fill_ring(void)
{
	uint32_t thr = m0.conf1 & 0x7f;
	for (int round = 0; round < 16 && !u0.rx_paused && ring_space(&u0.rx); round++) {
		send(&m0, thr);
		service();
	}
	assert_int_equal(ring_count(&u0.rx), RING);
}

static void rx_overflow_is_counted(void **state)
{
	(void)state;
	uint32_t first = sent_seq;
	fill_ring();
	uint32_t in_fifo = m0.rx_count;
	send(&m0, MODEL_UART_FIFO - in_fifo);
	assert_true(u0.rx_paused);
	assert_int_equal(m0.int_ena & (RX_FULL | RX_TIMEOUT), 0);
	assert_false(model_uart_irq(&m0)); /* paused: the full FIFO waits */
	uint32_t kept = sent_seq - first;
	struct device_stats before = stats(&u0);
	send(&m0, 10);
	assert_int_equal(m0.rx_lost, 10);
	assert_int_equal(m0.int_raw & m0.int_ena, RX_OVERFLOW);
	dispatch();
	assert_false(model_uart_irq(&m0));
	assert_int_equal(stats(&u0).hw_overruns, before.hw_overruns + 1);
	send(&m0, 3);
	service();
	assert_int_equal(stats(&u0).hw_overruns, before.hw_overruns + 2);
	assert_int_equal(stats(&u0).overflows, before.overflows); /* the ring dropped nothing */
	model_uart_idle(&m0);
	uint8_t got[2 * RING];
	assert_int_equal(read_all(&u0, got, sizeof got), kept);
	for (uint32_t i = 0; i < kept; i++)
		assert_int_equal(got[i], pattern(first + i));
}

static void clear_touches_only_served_causes(void **state)
{
	(void)state;
	/* Parity and frame errors are latched but not enabled; TX-empty is
	   latched (the TX FIFO is empty) but off while nothing is queued. */
	m0.int_raw |= PARITY_ERR | FRAME_ERR;
	assert_int_equal(m0.int_raw & TX_EMPTY, TX_EMPTY);
	send(&m0, m0.conf1 & 0x7f);
	model_uart_idle(&m0);
	assert_int_equal(m0.int_raw & m0.int_ena, RX_FULL | RX_TIMEOUT);
	dispatch();
	assert_int_equal(m0.int_raw & (RX_FULL | RX_TIMEOUT), 0);
	assert_int_equal(m0.int_raw & (PARITY_ERR | FRAME_ERR | TX_EMPTY), PARITY_ERR | FRAME_ERR | TX_EMPTY);
	assert_false(model_uart_irq(&m0));
}

static void one_line_serves_both_uarts(void **state)
{
	(void)state;
	uint32_t first0 = sent_seq;
	send(&m0, m0.conf1 & 0x7f);
	uint32_t first1 = sent_seq;
	send(&m1, 9);
	model_uart_idle(&m1);
	assert_true(model_uart_irq(&m0) && model_uart_irq(&m1));
	dispatch(); /* one interrupt on line 5 */
	assert_false(model_uart_irq(&m0));
	assert_false(model_uart_irq(&m1));
	uint8_t got[RING];
	assert_int_equal(read_all(&u0, got, sizeof got), m0.conf1 & 0x7f);
	assert_int_equal(got[0], pattern(first0));
	assert_int_equal(read_all(&u1, got, sizeof got), 9);
	for (uint32_t i = 0; i < 9; i++)
		assert_int_equal(got[i], pattern(first1 + i));

	/* Only UART1 pending: UART0's registers are left as they were. */
	send(&m1, 4);
	model_uart_idle(&m1);
	m0.int_raw |= FRAME_ERR;
	uint32_t interrupts0 = stats(&u0).interrupts;
	dispatch();
	assert_false(model_uart_irq(&m1));
	assert_int_equal(m0.int_raw & FRAME_ERR, FRAME_ERR);
	assert_int_equal(stats(&u0).interrupts, interrupts0);
	assert_int_equal(read_all(&u1, got, sizeof got), 4);
}

static void flow_control_pauses_and_resumes(void **state)
{
	(void)state;
	uint32_t first = sent_seq;
	fill_ring();
	send(&m0, 50);
	model_uart_idle(&m0);
	assert_true(u0.rx_paused);
	/* Waiting in the FIFO, or held past the full ring (serial.c). */
	assert_int_equal(m0.rx_count + u0.held_count, 50 + (sent_seq - 50 - first - RING));
	assert_false(model_uart_irq(&m0));
	uint8_t got[3 * RING];
	long n = device_read(&u0.dev, got, 10, &nonblock);
	assert_int_equal(n, 10);
	assert_false(u0.rx_paused);
	assert_int_equal(m0.int_ena & (RX_FULL | RX_TIMEOUT), RX_FULL | RX_TIMEOUT);
	assert_true(model_uart_irq(&m0)); /* the latched timeout, now enabled */
	service();
	n += read_all(&u0, got + n, sizeof got - (size_t)n);
	assert_int_equal(n, sent_seq - first);
	assert_int_equal(m0.rx_lost, 0);
	for (uint32_t i = 0; i < (uint32_t)n; i++)
		assert_int_equal(got[i], pattern(first + i));
}

static void drop_policy_counts_exactly_the_dropped(void **state)
{
	(void)state;
	uint32_t first = sent_seq;
	fill_ring();
	uint32_t waiting = m0.rx_count + u0.held_count; /* held bytes are kept, in order */
	enum serial_rx_policy drop = SERIAL_DROP;
	assert_true(u0.rx_paused);
	assert_int_equal(device_control(&u0.dev, SERIAL_SET_RX_POLICY, &drop), 0);
	assert_false(u0.rx_paused); /* dropping never holds the sender off */
	struct device_stats before = stats(&u0);
	send(&m0, 60);
	model_uart_idle(&m0);
	/* The handler drains the FIFO into the full ring, dropping all but
	   what a read makes room for. */
	uint8_t got[2 * RING];
	assert_int_equal(device_read(&u0.dev, got, 1, &nonblock), 1);
	send(&m0, 1); /* make room for exactly one */
	dispatch();
	assert_false(model_uart_irq(&m0));
	assert_int_equal(m0.rx_count, 0);
	uint32_t dropped = waiting + 60 + 1 - 1; /* all that waited, but the one the read made room for */
	assert_int_equal(stats(&u0).overflows, before.overflows + dropped);
	send(&m0, 40);
	model_uart_idle(&m0);
	service();
	assert_int_equal(stats(&u0).overflows, before.overflows + dropped + 40);
	assert_int_equal(m0.rx_lost, 0);
	assert_int_equal(read_all(&u0, got + 1, sizeof got - 1), RING);
	for (uint32_t i = 0; i < RING + 1; i++)
		assert_int_equal(got[i], pattern(first + i));
	enum serial_rx_policy bad = (enum serial_rx_policy)7;
	assert_int_equal(device_control(&u0.dev, SERIAL_SET_RX_POLICY, &bad), -EINVAL);
}

/* The far end sends these bytes; the line then goes quiet. */
static void send_bytes(const char *bytes, uint32_t n)
{
	model_uart_receive(&m0, (const uint8_t *)bytes, n);
	model_uart_idle(&m0);
}

static void request_split_across_interrupts(void **state)
{
	(void)state;
	int before = dumps;
	send_bytes("ls\n" SNAPSHOT_REQUEST, 3 + 5);
	service();
	assert_int_equal(dumps, before);
	send_bytes(SNAPSHOT_REQUEST + 5, SNAPSHOT_REQUEST_SIZE - 5);
	service();
	assert_int_equal(dumps, before + 1);
	/* The request's bytes reach the reader like any others. */
	uint8_t got[32];
	assert_int_equal(read_all(&u0, got, sizeof got), 3 + SNAPSHOT_REQUEST_SIZE);
	assert_memory_equal(got, "ls\n" SNAPSHOT_REQUEST, 3 + SNAPSHOT_REQUEST_SIZE);
	/* One byte off, or cut by another, is not a request. */
	send_bytes("\xc0\xc1\xf5\xffSNAQ\xc0\xc1\xf5\xff-SNAP", 17);
	service();
	assert_int_equal(dumps, before + 1);
	read_all(&u0, got, sizeof got);
}

/* Fills the RX ring to short_by bytes below full, the FIFO empty. */
static void fill_ring_but(uint32_t short_by)
{
	uint32_t thr = m0.conf1 & 0x7f;
	while (ring_count(&u0.rx) + thr <= RING - short_by) {
		send(&m0, thr);
		service();
	}
	send(&m0, RING - short_by - ring_count(&u0.rx));
	model_uart_idle(&m0);
	service();
	assert_int_equal(ring_count(&u0.rx), RING - short_by);
	assert_int_equal(m0.rx_count, 0);
}

/* A request that arrives as the RX ring fills under flow control: the top
   half takes the bytes that continue it past the full ring, holds them, and
   answers; held bytes then come out in order, before those the FIFO kept,
   and nothing is lost. A byte that is no request's is held alone. */
static void request_gets_past_a_full_ring(void **state)
{
	(void)state;
	uint32_t first = sent_seq;
	int before = dumps;
	fill_ring_but(3);
	send(&m0, 3);
	const char in[] = SNAPSHOT_REQUEST "\xc0\xc1xy";
	send_bytes(in, sizeof in - 1);
	service();
	assert_true(u0.rx_paused);
	assert_int_equal(dumps, before + 1);
	assert_int_equal(u0.held_count, SNAPSHOT_REQUEST_SIZE);
	assert_int_equal(m0.rx_count, 4); /* the rest waits in the FIFO */
	uint8_t got[2 * RING];
	assert_int_equal(read_all(&u0, got, sizeof got), RING + sizeof in - 1);
	for (uint32_t i = 0; i < RING; i++)
		assert_int_equal(got[i], pattern(first + i));
	assert_memory_equal(got + RING, in, sizeof in - 1);
	assert_int_equal(m0.rx_lost, 0);

	fill_ring_but(3);
	first = sent_seq;
	send(&m0, 3);
	send_bytes("ab", 2);
	service();
	assert_true(u0.rx_paused);
	assert_int_equal(u0.held_count, 1);
	assert_int_equal(m0.rx_count, 1);
	assert_int_equal(read_all(&u0, got, sizeof got), RING + 2);
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(got[RING - 3 + i], pattern(first + i));
	assert_memory_equal(got + RING, "ab", 2);
	assert_int_equal(dumps, before + 1);
}

struct reader {
	struct serial *s;
	uint64_t timeout;
	uint8_t buf[32];
	long result;
	bool done;
};

static void reader_task(void *arg)
{
	struct reader *r = arg;
	struct io_mode mode = {.timeout = r->timeout};
	r->result = device_read(&r->s->dev, r->buf, sizeof r->buf, &mode);
	r->done = true;
}

static void blocking_read_with_timeout(void **state)
{
	(void)state;
	uint8_t b;
	struct io_mode wait30ms = {.timeout = 30000000};
	uint64_t start = nanotime();
	assert_int_equal(device_read(&u1.dev, &b, 1, &wait30ms), -ETIMEDOUT);
	assert_true(nanotime() - start >= 30000000);

	static struct reader r;
	r = (struct reader){.s = &u1, .timeout = 2000000000};
	assert_non_null(task_spawn(reader_task, &r, 0, "reader"));
	for (int i = 0; i < 10; i++)
		task_yield();
	assert_false(r.done); /* blocked: nothing has arrived */
	uint32_t first = sent_seq;
	start = nanotime();
	send(&m1, 7);
	model_uart_idle(&m1);
	service(); /* top half: the deferred work wakes the reader */
	while (!r.done && nanotime() - start < 1000000000)
		task_yield();
	assert_true(r.done);
	assert_int_equal(r.result, 7);
	for (uint32_t i = 0; i < 7; i++)
		assert_int_equal(r.buf[i], pattern(first + i));
	assert_true(nanotime() - start < 1000000000); /* woken, not timed out */
}

static void nonblocking_read_and_write(void **state)
{
	(void)state;
	uint8_t b, data[1000], sent[1000];
	assert_int_equal(device_read(&u1.dev, &b, 1, &nonblock), -EAGAIN);
	for (uint32_t i = 0; i < sizeof data; i++)
		data[i] = pattern(5000 + i);
	/* Nothing drains the ring until the handler runs: it takes RING. */
	long n = device_write(&u1.dev, data, sizeof data, &nonblock);
	assert_int_equal(n, RING);
	assert_int_equal(device_poll(&u1.dev) & POLL_OUT, 0);
	assert_int_equal(device_write(&u1.dev, data + n, sizeof data - (size_t)n, &nonblock), -EAGAIN);
	dispatch(); /* the FIFO takes 128 of them */
	assert_int_equal(m1.tx_count, MODEL_UART_FIFO);
	long more = device_write(&u1.dev, data + n, sizeof data - (size_t)n, &nonblock);
	assert_int_equal(more, MODEL_UART_FIFO);
	n += more;
	memcpy(sent, data, (size_t)n);
	for (int round = 0; round < 100 && m1.wire_len < n; round++) {
		model_uart_transmit(&m1, 50);
		service();
	}
	assert_int_equal(m1.wire_len, n);
	assert_memory_equal(m1.wire, sent, (size_t)n);
	assert_int_equal(m1.full_writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_programs_the_uart),
		cmocka_unit_test_setup(baud_rate_sets_clkdiv, fresh),
		cmocka_unit_test_setup(rx_full_threshold, fresh),
		cmocka_unit_test_setup(rx_timeout_delivers_the_tail, fresh),
		cmocka_unit_test_setup(tx_empty_refills_the_fifo, fresh),
		cmocka_unit_test_setup(rx_overflow_is_counted, fresh),
		cmocka_unit_test_setup(clear_touches_only_served_causes, fresh),
		cmocka_unit_test_setup(one_line_serves_both_uarts, fresh),
		cmocka_unit_test_setup(flow_control_pauses_and_resumes, fresh),
		cmocka_unit_test_setup(drop_policy_counts_exactly_the_dropped, fresh),
		cmocka_unit_test_setup(request_split_across_interrupts, fresh),
		cmocka_unit_test_setup(request_gets_past_a_full_ring, fresh),
		cmocka_unit_test_setup(blocking_read_with_timeout, fresh),
		cmocka_unit_test_setup(nonblocking_read_and_write, fresh),
	};
	return cmocka_run_group_tests_name("esp_uart", tests, setup, NULL);
}
