/*
 * virtio_net.c — virtio-net (virtio 1.1 §5.1) over virtio-mmio: one RX and
 * one TX split virtqueue, 2 KiB buffers from the page allocator, an XDP
 * program on the receive path, whole frames through read() and write().
 *
 * Invariant: each RX descriptor is posted to the device, returned in the
 * used ring and not yet polled, or waiting in the read queue — and the read
 * queue holds at most READ_QUEUE of the RX ring's descriptors, so the device
 * always has the rest to receive into. Every frame polled is counted as
 * net.h says: none is lost silently. Each TX descriptor is free (on tx_free)
 * or with the device. A descriptor's addr says which 2 KiB buffer it owns:
 * an XDP_TX frame is sent from its own buffer, which trades places with a
 * free TX descriptor's, so an echo copies nothing and the RX ring gets a
 * buffer back at once. The interrupt top half only acknowledges, masks
 * further RX interrupts and schedules the poll; all buffer work is in task
 * context, a batch of frames at a time: one look at the used ring, one
 * publication and at most one notification per ring per batch.
 */
#include "virtio_net.h"
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "clock.h"
#include "console.h"
#include "irq.h"
#include "net.h"
#include "page.h"
#include "virtio.h"
#include "waitq.h"
#include "xdp.h"

/* §5.1.3 feature bits: the MAC address in config space. No offloads, no
   mergeable buffers (so every frame fits one buffer, §5.1.6.3.1), no
   control queue. */
#define VIRTIO_NET_F_MAC 5

/* §5.1.6: struct virtio_net_hdr precedes every frame; with VERSION_1 it is
   always 12 bytes (num_buffers included). All zero on TX: no checksum or
   segmentation offload asked for. */
#define NET_HDR_SIZE 12

/* Buffer layout: the header at HDR_AT and the frame at FRAME_AT, so that
   an IP header after the 14-byte Ethernet header is 4-aligned. */
#define BUFFER_SIZE 2048u
#define FRAME_AT 30u
#define HDR_AT (FRAME_AT - NET_HDR_SIZE)
_Static_assert(FRAME_AT % 4 == BPF_XDP_DATA_ALIGN, "XDP programs are verified for data at 2 mod 4 (bpf.h)");
_Static_assert(HDR_AT % 4 == 2, "transmit_in_place zeroes the header as 2 + 4 + 4 + 2 bytes");

#define RX_SLOTS 128
#define TX_SLOTS 64
#define READ_QUEUE 32 /* frames passed to read() and not yet read */
#define NET_MAX 2

struct virtio_net {
	struct net_device net;
	uintptr_t regs;
	struct virtq rx, tx;
	uint8_t *rx_area, *tx_area;
	uint16_t rx_len[RX_SLOTS];
	uint16_t read_queue[READ_QUEUE];
	uint32_t read_head, read_tail; /* frames ever queued / ever read */
	uint16_t tx_free[TX_SLOTS];
	uint32_t tx_free_count;
	struct waitq readers, writers;
	struct work poll;
	char name[8];
};

static struct virtio_net nets[NET_MAX];
static unsigned net_found;

/* The frame in the buffer a descriptor owns (its addr is the header's). */
static uint8_t *frame_of(const struct virtq *q, uint16_t id)
{
	return (uint8_t *)(uintptr_t)q->desc[id].addr + NET_HDR_SIZE;
}

/* Takes back the buffers the device has sent. Interrupts masked. */
static void tx_reclaim(struct virtio_net *v)
{
	unsigned count = virtq_used_count(&v->tx);
	for (unsigned k = 0; k < count; k++) {
		uint32_t len;
		v->tx_free[v->tx_free_count++] = virtq_used_id(&v->tx, k, &len);
	}
	virtq_used_taken(&v->tx, count);
}

/* A free TX descriptor (sent ones taken back when none is): its id, or
   -1. Interrupts masked. */
static int tx_take(struct virtio_net *v)
{
	if (!v->tx_free_count)
		tx_reclaim(v);
	return v->tx_free_count ? v->tx_free[--v->tx_free_count] : -1;
}

/* §5.1.6.2: queues one frame if a TX buffer is free. Interrupts masked. */
static int tx_queue(struct virtio_net *v, const void *frame, uint32_t len)
{
	int id = tx_take(v);
	if (id < 0)
		return -EAGAIN;
	memcpy(frame_of(&v->tx, id), frame, len);
	v->tx.desc[id].len = NET_HDR_SIZE + len;
	virtq_push(&v->tx, (uint16_t)id);
	virtq_publish(&v->tx);
	v->net.stats.tx_packets++;
	v->net.stats.tx_bytes += len;
	v->net.dev.stats.bytes_out += len;
	return 0;
}

static int transmit(struct net_device *n, const void *frame, uint32_t len)
{
	arch_irq_t irq = arch_irq_save();
	int err = tx_queue((struct virtio_net *)n, frame, len);
	arch_irq_restore(irq);
	return err;
}

/* XDP_TX: frame id's buffer goes out in a free TX descriptor, whose own
   buffer takes its place in the RX descriptor (§5.1.6.2: a zeroed header,
   no offloads); published with the batch. 0, or -EAGAIN with no TX
   descriptor free. Interrupts masked. */
static int transmit_in_place(struct virtio_net *v, uint16_t id, uint32_t len)
{
	int tx = tx_take(v);
	if (tx < 0)
		return -EAGAIN;
	uint64_t buffer = v->rx.desc[id].addr;
	v->rx.desc[id].addr = v->tx.desc[tx].addr;
	v->tx.desc[tx].addr = buffer;
	v->tx.desc[tx].len = NET_HDR_SIZE + len;
	/* The 12-byte header at HDR_AT, 2 past a multiple of 4: four stores. */
	uint8_t *header = (uint8_t *)(uintptr_t)buffer;
	*(uint16_t *)(void *)header = 0;
	*(uint32_t *)(void *)(header + 2) = 0;
	*(uint32_t *)(void *)(header + 6) = 0;
	*(uint16_t *)(void *)(header + 10) = 0;
	virtq_push(&v->tx, (uint16_t)tx);
	return 0;
}

/* A frame the program passed (to the read queue), redirected or aborted
   on; returns whether its RX descriptor goes back to the device. */
static bool deliver(struct virtio_net *v, uint16_t id, uint32_t len, enum xdp_action verdict, uint32_t target)
{
	struct net_stats *st = &v->net.stats;
	if (verdict == XDP_PASS) {
		if (v->read_head - v->read_tail == READ_QUEUE) {
			st->rx_overflows++;
			v->net.dev.stats.overflows++;
			return true;
		}
		v->rx_len[id] = (uint16_t)len;
		v->read_queue[v->read_head % READ_QUEUE] = id;
		/* A preempted poll must not publish the slot before its contents. */
		__atomic_signal_fence(__ATOMIC_RELEASE);
		v->read_head++;
		st->passed++;
		return false;
	}
	if (verdict == XDP_REDIRECT) {
		struct net_device *to = net_by_ifindex(target);
		st->xdp_redirect++;
		if (!to || to->transmit(to, frame_of(&v->rx, id), len))
			st->tx_dropped++;
		return true;
	}
	st->xdp_aborted++;
	return true;
}

/* Every frame the device has returned, up to one look at its used index,
   through the XDP program (NULL: every frame passes); then, with
   interrupts masked once, the XDP_TX frames queued to send, the
   descriptors back to the device, both rings published (a notification
   each at most) and the counts added. */
static void receive_batch(struct virtio_net *v)
{
	uint16_t done[RX_SLOTS], send[RX_SLOTS], send_len[RX_SLOTS];
	unsigned recycled = 0, sending = 0;
	uint32_t bytes = 0, errors = 0, dropped = 0;
	const struct bpf_program *prog = v->net.xdp;
	uint32_t ifindex = v->net.ifindex;
	unsigned count = virtq_used_count(&v->rx);
	for (unsigned k = 0; k < count; k++) {
		uint32_t len;
		uint16_t id = virtq_used_id(&v->rx, k, &len);
		if (len < NET_HDR_SIZE + NET_FRAME_MIN || len > NET_HDR_SIZE + NET_FRAME_MAX) {
			errors++;
			done[recycled++] = id;
			continue;
		}
		len -= NET_HDR_SIZE;
		bytes += len;
		enum xdp_action verdict = XDP_PASS;
		uint32_t target = 0;
		if (prog) {
			uint8_t *frame = frame_of(&v->rx, id);
			struct bpf_xdp_buff xdp = {frame, frame + len, ifindex, 0};
			verdict = xdp_run(prog, &xdp, &target);
		}
		if (verdict == XDP_DROP) {
			dropped++;
			done[recycled++] = id;
		} else if (verdict == XDP_TX) {
			send[sending] = id;
			send_len[sending++] = (uint16_t)len;
		} else if (deliver(v, id, len, verdict, target)) {
			done[recycled++] = id;
		}
	}
	virtq_used_taken(&v->rx, count);
	uint32_t sent = 0, sent_bytes = 0;
	struct net_stats *st = &v->net.stats;
	arch_irq_t irq = arch_irq_save();
	for (unsigned k = 0; k < sending; k++) {
		if (transmit_in_place(v, send[k], send_len[k])) {
			st->tx_dropped++;
		} else {
			sent++;
			sent_bytes += send_len[k];
		}
		done[recycled++] = send[k];
	}
	st->rx_packets += count;
	st->rx_errors += errors;
	st->rx_bytes += bytes;
	v->net.dev.stats.bytes_in += bytes;
	st->xdp_drop += dropped;
	st->xdp_tx += sending;
	st->tx_packets += sent;
	st->tx_bytes += sent_bytes;
	v->net.dev.stats.bytes_out += sent_bytes;
	for (unsigned k = 0; k < recycled; k++)
		virtq_push(&v->rx, done[k]);
	virtq_publish(&v->tx);
	virtq_publish(&v->rx);
	arch_irq_restore(irq);
}

/* Deferred work: every frame the device has returned, then RX interrupts
   back on — and a last look, for a frame that came in between (§2.6.7). */
static void poll(struct work *w)
{
	struct virtio_net *v = (struct virtio_net *)((char *)w - offsetof(struct virtio_net, poll));
	v->net.stats.polls++;
	for (;;) {
		uint32_t queued = v->read_head;
		receive_batch(v);
		if (v->read_head != queued)
			waitq_wake_all(&v->readers, 0);
		virtq_interrupts(&v->rx, true);
		if (!virtq_has_used(&v->rx))
			break;
		virtq_interrupts(&v->rx, false);
	}
	arch_irq_t irq = arch_irq_save();
	tx_reclaim(v);
	if (v->tx_free_count && v->writers.head) {
		virtq_interrupts(&v->tx, false);
		waitq_wake_all(&v->writers, 0);
	}
	arch_irq_restore(irq);
}

static void interrupt(void *arg)
{
	struct virtio_net *v = arg;
	uint64_t start = clock_ticks();
	virtio_mmio_interrupt_ack(v->regs);
	virtq_interrupts(&v->rx, false);
	v->net.stats.interrupts++;
	work_schedule(&v->poll);
	device_count_interrupt(&v->net.dev, start);
}

static long net_read(struct device *dev, void *buf, size_t n, const struct io_mode *mode)
{
	struct virtio_net *v = dev->priv;
	uint64_t deadline = mode->timeout ? nanotime() + mode->timeout : 0;
	for (;;) {
		arch_irq_t irq = arch_irq_save();
		if (v->read_head != v->read_tail) {
			uint16_t id = v->read_queue[v->read_tail % READ_QUEUE];
			uint32_t len = v->rx_len[id];
			if (n < len) { /* the frame stays for a larger read */
				arch_irq_restore(irq);
				return -EMSGSIZE;
			}
			v->read_tail++;
			arch_irq_restore(irq);
			memcpy(buf, frame_of(&v->rx, id), len);
			irq = arch_irq_save();
			virtq_push(&v->rx, id);
			virtq_publish(&v->rx);
			v->net.stats.delivered++;
			arch_irq_restore(irq);
			return (long)len;
		}
		if (mode->nonblock) {
			arch_irq_restore(irq);
			return -EAGAIN;
		}
		int status = waitq_wait(&v->readers, deadline, true);
		arch_irq_restore(irq);
		if (status == -ETIMEDOUT && v->read_head == v->read_tail)
			return -ETIMEDOUT;
	}
}

static long net_write(struct device *dev, const void *buf, size_t n, const struct io_mode *mode)
{
	struct virtio_net *v = dev->priv;
	if (n < NET_FRAME_MIN || n > NET_FRAME_MAX)
		return -EINVAL;
	for (;;) {
		arch_irq_t irq = arch_irq_save();
		int err = tx_queue(v, buf, (uint32_t)n);
		if (err && !mode->nonblock) {
			/* Out of TX buffers: the device's next completion
			   interrupts and the poll wakes us. */
			virtq_interrupts(&v->tx, true);
			tx_reclaim(v);
			if (!v->tx_free_count)
				waitq_wait(&v->writers, 0, true);
			arch_irq_restore(irq);
			continue;
		}
		arch_irq_restore(irq);
		return err ? err : (long)n;
	}
}

static unsigned net_poll(struct device *dev)
{
	struct virtio_net *v = dev->priv;
	arch_irq_t irq = arch_irq_save();
	tx_reclaim(v);
	unsigned ready = (v->read_head != v->read_tail ? POLL_IN : 0) | (v->tx_free_count ? POLL_OUT : 0);
	arch_irq_restore(irq);
	return ready;
}

static int net_device_control(struct device *dev, unsigned request, void *arg)
{
	struct virtio_net *v = dev->priv;
	if (request == NET_RX_WAITING) {
		*(uint32_t *)arg = virtq_used_count(&v->rx);
		return 0;
	}
	return net_control(&v->net, request, arg);
}

static const struct device_ops virtio_net_ops = {
	.read = net_read,
	.write = net_write,
	.control = net_device_control,
	.poll = net_poll,
};

/* §5.1.5: device initialization — queues, receive buffers, then DRIVER_OK. */
static int start(struct virtio_net *v, uintptr_t regs, unsigned irq_line)
{
	uint64_t features;
	int err = virtio_mmio_begin(regs, VIRTIO_ID_NET, 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_NET_F_MAC,
				    1ull << VIRTIO_F_VERSION_1, &features);
	if (err)
		return err;
	v->regs = regs;
	/* §5.1.2: receiveq1 is queue 0, transmitq1 queue 1. */
	if ((err = virtq_init(&v->rx, regs, 0, RX_SLOTS)) || (err = virtq_init(&v->tx, regs, 1, TX_SLOTS)))
		goto fail;
	v->rx_area = page_alloc(v->rx.size * BUFFER_SIZE / PAGE_SIZE);
	v->tx_area = page_alloc(v->tx.size * BUFFER_SIZE / PAGE_SIZE);
	if (!v->rx_area || !v->tx_area) {
		err = -ENOMEM;
		goto fail;
	}
	for (uint16_t i = 0; i < v->rx.size; i++) {
		v->rx.desc[i] = (struct virtq_desc){(uintptr_t)(v->rx_area + (uint32_t)i * BUFFER_SIZE + HDR_AT),
						    BUFFER_SIZE - HDR_AT, VIRTQ_DESC_F_WRITE, 0};
		virtq_push(&v->rx, i);
	}
	memset(v->tx_area, 0, v->tx.size * BUFFER_SIZE);
	for (uint16_t i = 0; i < v->tx.size; i++) {
		v->tx.desc[i] = (struct virtq_desc){(uintptr_t)(v->tx_area + (uint32_t)i * BUFFER_SIZE + HDR_AT), 0, 0, 0};
		v->tx_free[i] = i;
	}
	v->tx_free_count = v->tx.size;
	virtq_interrupts(&v->tx, false); /* completions are reclaimed as we send */
	for (unsigned i = 0; i < sizeof v->net.mac; i++)
		v->net.mac[i] = features & 1ull << VIRTIO_NET_F_MAC ? virtio_mmio_config8(regs, i) : 0;
	v->name[0] = 'n', v->name[1] = 'e', v->name[2] = 't', v->name[3] = (char)('0' + net_found);
	v->net.dev.name = v->name;
	v->net.dev.ops = &virtio_net_ops;
	v->net.dev.priv = v;
	v->net.transmit = transmit;
	v->poll.fn = poll;
	if ((err = irq_attach(irq_line, interrupt, v)))
		goto fail;
	if ((err = net_register(&v->net))) {
		irq_detach(irq_line);
		goto fail;
	}
	virtio_mmio_ready(regs);
	virtq_publish(&v->rx);
	return 0;
fail:
	/* The device stops using the queues once FAILED (§2.1.2); their
	   memory goes back. */
	virtio_mmio_fail(regs);
	if (v->rx_area)
		page_free(v->rx_area, v->rx.size * BUFFER_SIZE / PAGE_SIZE);
	if (v->tx_area)
		page_free(v->tx_area, v->tx.size * BUFFER_SIZE / PAGE_SIZE);
	virtq_release(&v->rx);
	virtq_release(&v->tx);
	memset(v, 0, sizeof *v);
	return err;
}

unsigned virtio_net_probe(uintptr_t base, uintptr_t stride, unsigned count, unsigned first_irq)
{
	for (unsigned i = count; i-- > 0 && net_found < NET_MAX;) {
		uintptr_t regs = base + i * stride;
		int err = start(&nets[net_found], regs, first_irq + i);
		if (err == -ENODEV)
			continue;
		if (err) {
			console_puts("virtio-net at ");
			console_hex((uint32_t)regs);
			if (err == -EPROTO) {
				console_puts(": legacy virtio-mmio (version 1); run QEMU with "
					     "-global virtio-mmio.force-legacy=false\n");
			} else {
				console_puts(": could not be started, error -");
				console_dec((uint32_t)-err);
				console_putc('\n');
			}
			continue;
		}
		net_found++;
	}
	return net_found;
}
