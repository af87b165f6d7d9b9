/*
 * model_virtio_net.c — the virtio-net register model (model_virtio_net.h).
 * Queue memory is the test process's own: descriptor addresses are pointers.
 */
#include "model_virtio_net.h"
#include <string.h>
#include "arch_mmio.h"

#define STATUS_FEATURES_OK 8
#define STATUS_DRIVER_OK 4
#define DESC_F_WRITE 2
#define AVAIL_F_NO_INTERRUPT 1
#define NET_HDR 12

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

static uint32_t low(uint64_t v) { return (uint32_t)v; }
static uint32_t high(uint64_t v) { return (uint32_t)(v >> 32); }

static struct model_net_queue *queue(struct model_net *m)
{
	return m->queue_sel < 2 ? &m->q[m->queue_sel] : 0;
}

static uint32_t model_read(void *model, uintptr_t offset, unsigned width)
{
	struct model_net *m = model;
	struct model_net_queue *q = queue(m);
	if (offset >= 0x100) /* config space: mac[6], status */
		return offset - 0x100 < 6 ? m->mac[offset - 0x100] : 0;
	if (width != 4) {
		m->protocol_errors++;
		return 0;
	}
	switch (offset) {
	case 0x000: return 0x74726976;
	case 0x004: return m->version;
	case 0x008: return m->device_id;
	case 0x00c: return 0x554d4551; /* "QEMU" */
	case 0x010: return m->device_sel == 0 ? low(m->offered) : m->device_sel == 1 ? high(m->offered) : 0;
	case 0x034: return q ? q->num_max : 0;
	case 0x044: return q ? q->ready : 0;
	case 0x060: return m->isr;
	case 0x070: return m->status;
	default:
		m->protocol_errors++;
		return 0;
	}
}

static void set64(uint64_t *v, bool upper, uint32_t value)
{
	*v = upper ? (*v & 0xffffffffu) | (uint64_t)value << 32 : (*v & ~0xffffffffull) | value;
}

static void model_write(void *model, uintptr_t offset, uint32_t value, unsigned width)
{
	struct model_net *m = model;
	struct model_net_queue *q = queue(m);
	bool queue_reg = offset == 0x038 || offset == 0x044 || (offset >= 0x080 && offset <= 0x0a4);
	if (width != 4 || (queue_reg && (!q || (m->status & STATUS_DRIVER_OK)))) {
		m->protocol_errors++;
		return;
	}
	switch (offset) {
	case 0x014: m->device_sel = value; break;
	case 0x020:
		if (m->driver_sel < 2)
			set64(&m->accepted, m->driver_sel == 1, value);
		break;
	case 0x024: m->driver_sel = value; break;
	case 0x030: m->queue_sel = value; break;
	case 0x038:
		if (value > q->num_max || (value & (value - 1)))
			m->protocol_errors++;
		q->num = value;
		break;
	case 0x044: q->ready = value; break;
	case 0x050:
		if (value < 2)
			m->notifies[value]++;
		break;
	case 0x064: m->isr &= ~value; break;
	case 0x070:
		if (value == 0) { /* reset: all but what the test chose */
			uint8_t mac[6];
			bool refuse = m->refuse_features;
			memcpy(mac, m->mac, 6);
			model_net_attach(m, 0, m->version, m->device_id);
			memcpy(m->mac, mac, 6);
			m->refuse_features = refuse;
			break;
		}
		if ((value & STATUS_FEATURES_OK) &&
		    (m->refuse_features || (m->accepted & ~m->offered)))
			value &= ~STATUS_FEATURES_OK;
		m->status = value;
		break;
	case 0x080: set64(&q->desc, false, value); break;
	case 0x084: set64(&q->desc, true, value); break;
	case 0x090: set64(&q->avail, false, value); break;
	case 0x094: set64(&q->avail, true, value); break;
	case 0x0a0: set64(&q->used, false, value); break;
	case 0x0a4: set64(&q->used, true, value); break;
	default: m->protocol_errors++;
	}
}

void model_net_attach(struct model_net *m, uintptr_t base, uint32_t version, uint32_t device_id)
{
	memset(m, 0, sizeof *m);
	m->version = version;
	m->device_id = device_id;
	/* VERSION_1, MAC, and offloads a driver must not take unasked:
	   CSUM, GUEST_CSUM, MRG_RXBUF, STATUS, CTRL_VQ, EVENT_IDX. */
	m->offered = 1ull << 32 | 1u << 5 | 1u << 0 | 1u << 1 | 1u << 15 | 1u << 16 | 1u << 17 | 1u << 29;
	for (int i = 0; i < 2; i++)
		m->q[i].num_max = MODEL_NET_QUEUE_MAX;
	static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	memcpy(m->mac, mac, 6);
	if (base)
		host_mmio_register(base, 0x200, model_read, model_write, m);
}

static uint16_t *avail_ring(struct model_net_queue *q, uint16_t *flags, uint16_t *idx)
{
	uint16_t *a = (uint16_t *)(uintptr_t)q->avail;
	*flags = a[0];
	*idx = a[1];
	return a + 2;
}

/* Takes the next available descriptor; -1 when none. */
static int take(struct model_net *m, struct model_net_queue *q)
{
	uint16_t flags, idx;
	uint16_t *ring = avail_ring(q, &flags, &idx);
	if (!(m->status & STATUS_DRIVER_OK) || !q->ready || idx == q->last_avail)
		return -1;
	uint16_t id = ring[q->last_avail++ % q->num];
	if (id >= q->num) {
		m->protocol_errors++;
		return -1;
	}
	return id;
}

static void give_back(struct model_net *m, struct model_net_queue *q, uint16_t id, uint32_t len)
{
	uint16_t *u = (uint16_t *)(uintptr_t)q->used;
	uint32_t *elem = (uint32_t *)(u + 2) + 2 * (u[1] % q->num);
	uint16_t flags, idx;
	avail_ring(q, &flags, &idx);
	elem[0] = id;
	elem[1] = len;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	u[1]++;
	if (!(flags & AVAIL_F_NO_INTERRUPT))
		m->isr |= 1;
}

int model_net_receive(struct model_net *m, const void *frame, uint32_t len)
{
	struct model_net_queue *q = &m->q[0];
	int id = take(m, q);
	if (id < 0)
		return -1;
	struct desc *d = (struct desc *)(uintptr_t)q->desc + id;
	if (!(d->flags & DESC_F_WRITE) || d->len < NET_HDR + len) {
		m->protocol_errors++;
		return -1;
	}
	uint8_t *buf = (uint8_t *)(uintptr_t)d->addr;
	memset(buf, 0, NET_HDR);
	buf[10] = 1; /* num_buffers */
	memcpy(buf + NET_HDR, frame, len);
	give_back(m, q, (uint16_t)id, NET_HDR + len);
	return 0;
}

uint32_t model_net_transmit(struct model_net *m)
{
	struct model_net_queue *q = &m->q[1];
	uint32_t sent = 0;
	int id;
	while ((id = take(m, q)) >= 0) {
		struct desc *d = (struct desc *)(uintptr_t)q->desc + id;
		const uint8_t *buf = (const uint8_t *)(uintptr_t)d->addr;
		static const uint8_t zero[NET_HDR];
		if ((d->flags & DESC_F_WRITE) || d->len < NET_HDR || d->len > NET_HDR + 1600 || memcmp(buf, zero, NET_HDR))
			m->protocol_errors++;
		else if (m->wire_count < MODEL_NET_WIRE) {
			memcpy(m->wire[m->wire_count], buf + NET_HDR, d->len - NET_HDR);
			m->wire_len[m->wire_count++] = d->len - NET_HDR;
		}
		give_back(m, q, (uint16_t)id, 0);
		sent++;
	}
	return sent;
}

uint32_t model_net_rx_posted(const struct model_net *m)
{
	const struct model_net_queue *q = &m->q[0];
	const uint16_t *a = (const uint16_t *)(uintptr_t)q->avail;
	return a ? (uint16_t)(a[1] - q->last_avail) : 0;
}

bool model_net_irq(const struct model_net *m)
{
	return m->isr != 0;
}
