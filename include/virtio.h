/*
 * virtio.h — the virtio-mmio transport and split virtqueues (virtio 1.1,
 * OASIS, §2.6 and §4.2), for drivers of virtio devices on QEMU virt.
 * Only the modern (version 2) register layout: QEMU 7.2's virt machine
 * presents it with -global virtio-mmio.force-legacy=false (it defaults to
 * the legacy layout, which virtio_mmio_begin refuses with -EPROTO).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* §2.6.5: one descriptor; flags chain (NEXT) or mark device-writable (WRITE). */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VIRTQ_DESC_F_WRITE 2

/* §2.6.6 and §2.6.8: the driver's and the device's rings. */
struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};
#define VIRTQ_USED_F_NO_NOTIFY 1

/*
 * A split virtqueue in one page: descriptor table, then available ring,
 * then used ring. Invariant: avail_next - last_used is the number of
 * buffers the device holds or has returned unread; each descriptor id is in
 * the device's hands, in the used ring, or with the driver — never two.
 */
struct virtq {
	uintptr_t regs;
	uint16_t index;     /* queue number at the device */
	uint16_t size;      /* entries: a power of two */
	uint16_t avail_next; /* the driver's next avail->idx (published by virtq_publish) */
	uint16_t last_used;  /* used ring entries consumed */
	struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
};

/* virtio 1.1 §5: device IDs at register DeviceID. */
#define VIRTIO_ID_NET 1

/* Feature bits (§6): the transport's own. */
#define VIRTIO_F_VERSION_1 32

/*
 * §3.1.1 steps 1–6: checks the register block at regs is a modern virtio-mmio
 * device of the given ID, resets it, acknowledges it and negotiates
 * features: wanted & offered, which must include required. Returns 0 (and
 * the accepted set in *accepted), -ENODEV for no such device, -EPROTO for a
 * legacy (version 1) transport, -ENOTSUP when the device lacks a required
 * feature or refuses FEATURES_OK.
 */
int virtio_mmio_begin(uintptr_t regs, uint32_t device_id, uint64_t wanted, uint64_t required,
		      uint64_t *accepted);

/* §3.1.1 step 8: the device may now use its queues. */
void virtio_mmio_ready(uintptr_t regs);

/* Marks the device FAILED after an error in setting it up (§3.1.1). */
void virtio_mmio_fail(uintptr_t regs);

/* Reads and acknowledges the interrupt causes (bit 0: used buffers, bit 1:
   configuration change); the line is level-triggered until acknowledged. */
uint32_t virtio_mmio_interrupt_ack(uintptr_t regs);

/* Byte of the device-specific configuration space (§4.2.2, offset 0x100). */
uint8_t virtio_mmio_config8(uintptr_t regs, uint32_t offset);

/* §4.2.3.2: sets up queue index with at most max entries on one page from
   the page allocator. 0, -ENOENT (no such queue), -ENOMEM. */
int virtq_init(struct virtq *q, uintptr_t regs, uint16_t index, uint16_t max);
/* Gives the queue's page back, after the device has been reset or failed. */
void virtq_release(struct virtq *q);

/* §2.6.13: descriptor id (already filled in) goes to the available ring;
   it is visible to the device after virtq_publish. */
static inline void virtq_push(struct virtq *q, uint16_t id)
{
	q->avail->ring[q->avail_next++ & (q->size - 1)] = id;
}

/* Publishes pushed descriptors and notifies the device unless it said it
   does not need to be (§2.6.13.3–4). */
void virtq_publish(struct virtq *q);

/* §2.6.14: whether the device has returned a buffer not yet taken. */
static inline bool virtq_has_used(const struct virtq *q)
{
	return q->used->idx != q->last_used;
}

/* For a batch: how many buffers the device has returned and the driver
   not yet taken — one look at the used index, and one fence for all their
   entries (§2.6.14: an entry is read after the index that covers it). */
static inline unsigned virtq_used_count(const struct virtq *q)
{
	uint16_t end = q->used->idx;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return (uint16_t)(end - q->last_used);
}

/* Entry k of those (0: the oldest): its id, and in *len the bytes the
   device wrote. */
static inline uint16_t virtq_used_id(const struct virtq *q, unsigned k, uint32_t *len)
{
	volatile struct virtq_used_elem *e = &q->used->ring[(q->last_used + k) & (q->size - 1)];
	*len = e->len;
	return (uint16_t)e->id;
}

/* The oldest n of them taken. */
static inline void virtq_used_taken(struct virtq *q, unsigned n)
{
	q->last_used = (uint16_t)(q->last_used + n);
}

/* Used-buffer interrupts on or off (a hint to the device, §2.6.7). Turning
   them on is followed by a full fence so a later virtq_has_used sees what
   the device wrote before it read the flag. */
void virtq_interrupts(struct virtq *q, bool on);
