/*
 * serial.c — the shared half of UART drivers.
 *
 * Invariant: the interrupt handler is the RX ring's only producer and the
 * TX ring's only consumer; reading tasks are the RX ring's consumers and
 * writing tasks the TX ring's producers, serialized by the device's users
 * (one reader and one writer at a time, as with any SPSC ring). The TX
 * interrupt is on whenever the TX ring is not empty; the RX interrupt is on
 * unless flow control has paused it, which happens only with the RX ring
 * full. Every received byte is in the FIFO, held (at most a snapshot
 * request's length, taken past a full ring: hold_for_request), in the RX
 * ring, already read, or counted in stats.overflows (SERIAL_DROP); held bytes
 * enter the ring before any byte read after them.
 */
#include "serial.h"
#include <errno.h>
#include <stddef.h>
#include "arch.h"
#include "clock.h"
#include "snapshot.h"

#define DROP_CHUNK 16

static void wake_waiters(struct work *w)
{
	struct serial *s = (struct serial *)((char *)w - offsetof(struct serial, wake));
	arch_irq_t irq = arch_irq_save();
	if (ring_count(&s->rx))
		waitq_wake_all(&s->readers, 0);
	if (ring_space(&s->tx))
		waitq_wake_all(&s->writers, 0);
	arch_irq_restore(irq);
}

static IRAM void apply_interrupts(struct serial *s)
{
	s->hw->set_interrupts(s, !s->rx_paused, s->tx_active);
}

/* A RAM dump requested by the host runs here, in the top half: so it answers
   even when goroutines no longer run, and the tasks it shows are stopped
   between two of their instructions. */
static IRAM void watch_for_request(struct serial *s, const uint8_t *p, uint32_t n)
{
	const uint8_t *end = p + n;
	uint8_t matched = s->request_matched;
	for (; p < end; p++) {
		/* Text never holds the request's first byte: skip to one. */
		while (!matched && *p != (uint8_t)SNAPSHOT_REQUEST[0])
			if (++p == end)
				goto done;
		if (snapshot_request_seen(&matched, *p))
			snapshot_dump(SNAPSHOT_REQUESTED);
	}
done:
	s->request_matched = matched;
}

/* Moves held bytes into the RX ring; true once none are left. */
static IRAM bool pass_held(struct serial *s)
{
	if (!s->held_count)
		return true;
	uint32_t n = s->held_count - s->held_from, room = ring_space(&s->rx);
	if (n > room)
		n = room;
	ring_put_bulk(&s->rx, s->held + s->held_from, n);
	s->dev.stats.bytes_in += n;
	s->held_from += n;
	if (s->held_from < s->held_count)
		return false;
	s->held_from = s->held_count = 0;
	return true;
}

/*
 * Flow control leaves input in the FIFO while the RX ring is full, yet a
 * snapshot request at the head of the FIFO must get through (a firmware that
 * stopped reading, or whose ring is damaged, is one to look at): bytes are
 * taken one at a time while they continue a request, and held, with the one
 * that ended the match, until the ring has room.
 */
static IRAM void hold_for_request(struct serial *s)
{
	while (s->held_count < SNAPSHOT_REQUEST_SIZE) {
		uint8_t c;
		if (s->hw->fifo_read(s, &c, 1) == 0)
			return;
		s->held[s->held_count++] = c;
		watch_for_request(s, &c, 1);
		if (s->request_matched == 0)
			return;
	}
}

static IRAM void receive(struct serial *s)
{
	for (;;) {
		uint8_t *span;
		uint32_t room = pass_held(s) ? ring_claim(&s->rx, &span) : 0, got;
		if (room) {
			got = s->hw->fifo_read(s, span, room);
			ring_commit(&s->rx, got);
			watch_for_request(s, span, got);
			s->dev.stats.bytes_in += got;
			if (got < room)
				return;
		} else if (s->rx_policy == SERIAL_FLOW_CONTROL) {
			hold_for_request(s);
			s->rx_paused = true; /* the reader's next read resumes us */
			return;
		} else {
			/* The ring is full: the FIFO must still be emptied (a level
			   interrupt would fire forever), so the bytes are dropped,
			   and every one of them counted. */
			uint8_t scratch[DROP_CHUNK];
			got = s->hw->fifo_read(s, scratch, sizeof scratch);
			watch_for_request(s, scratch, got);
			uint32_t kept = ring_put_bulk(&s->rx, scratch, got);
			s->dev.stats.bytes_in += kept;
			s->dev.stats.overflows += got - kept;
			if (got < sizeof scratch)
				return;
		}
	}
}

static IRAM bool transmit(struct serial *s)
{
	uint8_t *span;
	uint32_t n;
	while ((n = ring_read_span(&s->tx, &span)) != 0) {
		uint32_t sent = s->hw->fifo_write(s, span, n);
		ring_consume(&s->tx, sent);
		s->dev.stats.bytes_out += sent;
		if (sent < n)
			return false; /* FIFO full: the TX interrupt brings us back */
	}
	return true;
}

IRAM void serial_interrupt(struct serial *s)
{
	uint64_t start = clock_ticks();
	uint32_t had_space = ring_space(&s->tx);
	bool paused = s->rx_paused;
	if (!paused)
		receive(s);
	bool was_active = s->tx_active;
	if (transmit(s))
		s->tx_active = false;
	if (s->rx_paused != paused || s->tx_active != was_active)
		apply_interrupts(s);
	if (ring_count(&s->rx) || ring_space(&s->tx) > had_space)
		work_schedule(&s->wake);
	device_count_interrupt(&s->dev, start);
}

static long serial_read(struct device *dev, void *buf, size_t n, const struct io_mode *mode)
{
	struct serial *s = dev->priv;
	uint64_t deadline = mode->timeout ? nanotime() + mode->timeout : 0;
	if (n == 0)
		return 0;
	for (;;) {
		uint32_t got = ring_get_bulk(&s->rx, buf, n > 0x7fffffffu ? 0x7fffffffu : (uint32_t)n);
		if (got && s->rx_paused) {
			arch_irq_t irq = arch_irq_save();
			pass_held(s); /* ahead of what the FIFO still has */
			s->rx_paused = false; /* room again: let the FIFO drain */
			apply_interrupts(s);
			arch_irq_restore(irq);
		}
		if (got)
			return got;
		if (mode->nonblock)
			return -EAGAIN;
		arch_irq_t irq = arch_irq_save();
		int status = ring_count(&s->rx) ? 0 : waitq_wait(&s->readers, deadline, true);
		arch_irq_restore(irq);
		if (status == -ETIMEDOUT && !ring_count(&s->rx))
			return -ETIMEDOUT;
	}
}

static void start_tx(struct serial *s)
{
	arch_irq_t irq = arch_irq_save();
	if (!s->tx_active) {
		s->tx_active = true;
		apply_interrupts(s);
	}
	arch_irq_restore(irq);
}

static long serial_write(struct device *dev, const void *buf, size_t n, const struct io_mode *mode)
{
	struct serial *s = dev->priv;
	const uint8_t *src = buf;
	size_t done = 0;
	while (done < n) {
		uint32_t space = ring_space(&s->tx);
		uint32_t chunk = n - done < space ? (uint32_t)(n - done) : space;
		if (chunk) {
			ring_put_bulk(&s->tx, src + done, chunk);
			done += chunk;
			start_tx(s);
			continue;
		}
		if (mode->nonblock)
			return done ? (long)done : -EAGAIN;
		arch_irq_t irq = arch_irq_save();
		if (!ring_space(&s->tx))
			waitq_wait(&s->writers, 0, true);
		arch_irq_restore(irq);
	}
	return (long)done;
}

void serial_drain(struct serial *s)
{
	arch_irq_t irq = arch_irq_save();
	while (!transmit(s))
		;
	s->tx_active = false;
	apply_interrupts(s);
	arch_irq_restore(irq);
}

static int serial_control(struct device *dev, unsigned request, void *arg)
{
	struct serial *s = dev->priv;
	if (request == DEVICE_DRAIN) {
		serial_drain(s);
		return 0;
	}
	if (request == SERIAL_SET_RX_POLICY) {
		enum serial_rx_policy policy = *(enum serial_rx_policy *)arg;
		if (policy != SERIAL_FLOW_CONTROL && policy != SERIAL_DROP)
			return -EINVAL;
		arch_irq_t irq = arch_irq_save();
		s->rx_policy = policy;
		if (policy == SERIAL_DROP && s->rx_paused) {
			s->rx_paused = false; /* dropping never holds the sender off */
			apply_interrupts(s);
		}
		arch_irq_restore(irq);
		return 0;
	}
	return s->hw->control ? s->hw->control(s, request, arg) : -EINVAL;
}

static unsigned serial_poll(struct device *dev)
{
	struct serial *s = dev->priv;
	return (ring_count(&s->rx) ? POLL_IN : 0) | (ring_space(&s->tx) ? POLL_OUT : 0);
}

/* Not static: the snapshot checker tells serial devices by it (layout.c). */
const struct device_ops serial_device_ops = {
	.read = serial_read,
	.write = serial_write,
	.control = serial_control,
	.poll = serial_poll,
};

int serial_init(struct serial *s, const char *name, const struct serial_hw *hw, uintptr_t regs,
		void *rx_buf, uint32_t rx_size, void *tx_buf, uint32_t tx_size)
{
	int err = ring_init(&s->rx, rx_buf, rx_size);
	if (!err)
		err = ring_init(&s->tx, tx_buf, tx_size);
	if (err)
		return err;
	s->dev.name = name;
	s->dev.ops = &serial_device_ops;
	s->dev.priv = s;
	s->hw = hw;
	s->regs = regs;
	s->wake.fn = wake_waiters;
	s->rx_policy = SERIAL_FLOW_CONTROL;
	err = device_register(&s->dev);
	if (!err)
		apply_interrupts(s);
	return err;
}
