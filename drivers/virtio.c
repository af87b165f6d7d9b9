/*
 * virtio.c — the virtio-mmio transport (virtio 1.1 §4.2) and split
 * virtqueues (§2.6): the handshake every virtio driver goes through, and
 * the rings it moves buffers on. Device kinds are in their own files.
 */
#include "virtio.h"
#include <errno.h>
#include <string.h>
#include "mmio.h"
#include "page.h"

/* §4.2.2, MMIO Device Register Layout (version 2). */
#define MAGIC_VALUE 0x000
#define VERSION 0x004
#define DEVICE_ID 0x008
#define DEVICE_FEATURES 0x010
#define DEVICE_FEATURES_SEL 0x014
#define DRIVER_FEATURES 0x020
#define DRIVER_FEATURES_SEL 0x024
#define QUEUE_SEL 0x030
#define QUEUE_NUM_MAX 0x034
#define QUEUE_NUM 0x038
#define QUEUE_READY 0x044
#define QUEUE_NOTIFY 0x050
#define INTERRUPT_STATUS 0x060
#define INTERRUPT_ACK 0x064
#define STATUS 0x070
#define QUEUE_DESC_LOW 0x080
#define QUEUE_DESC_HIGH 0x084
#define QUEUE_DRIVER_LOW 0x090
#define QUEUE_DRIVER_HIGH 0x094
#define QUEUE_DEVICE_LOW 0x0a0
#define QUEUE_DEVICE_HIGH 0x0a4
#define CONFIG 0x100

#define MAGIC 0x74726976 /* "virt", little-endian */

/* §2.1: device status bits. */
#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define STATUS_FAILED 128

static uint32_t reg(uintptr_t regs, uint32_t offset)
{
	return mmio_read32(regs + offset);
}

static void set_reg(uintptr_t regs, uint32_t offset, uint32_t value)
{
	mmio_write32(regs + offset, value);
}

int virtio_mmio_begin(uintptr_t regs, uint32_t device_id, uint64_t wanted, uint64_t required,
		      uint64_t *accepted)
{
	/* A transport slot with nothing plugged in reads DeviceID 0 (§4.2.2). */
	if (reg(regs, MAGIC_VALUE) != MAGIC || reg(regs, DEVICE_ID) != device_id)
		return -ENODEV;
	if (reg(regs, VERSION) != 2)
		return -EPROTO;
	/* §3.1.1: reset (writing 0), then ACKNOWLEDGE and DRIVER. */
	set_reg(regs, STATUS, 0);
	set_reg(regs, STATUS, STATUS_ACKNOWLEDGE);
	set_reg(regs, STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
	uint64_t offered = 0;
	for (uint32_t half = 0; half < 2; half++) {
		set_reg(regs, DEVICE_FEATURES_SEL, half);
		offered |= (uint64_t)reg(regs, DEVICE_FEATURES) << (32 * half);
	}
	uint64_t take = offered & wanted;
	if ((take & required) != required) {
		virtio_mmio_fail(regs);
		return -ENOTSUP;
	}
	for (uint32_t half = 0; half < 2; half++) {
		set_reg(regs, DRIVER_FEATURES_SEL, half);
		set_reg(regs, DRIVER_FEATURES, (uint32_t)(take >> (32 * half)));
	}
	/* §3.1.1 steps 5–6: the device confirms it can work with this subset
	   by keeping FEATURES_OK set. */
	set_reg(regs, STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
	if (!(reg(regs, STATUS) & STATUS_FEATURES_OK)) {
		virtio_mmio_fail(regs);
		return -ENOTSUP;
	}
	*accepted = take;
	return 0;
}

void virtio_mmio_ready(uintptr_t regs)
{
	set_reg(regs, STATUS, reg(regs, STATUS) | STATUS_DRIVER_OK);
}

void virtio_mmio_fail(uintptr_t regs)
{
	set_reg(regs, STATUS, reg(regs, STATUS) | STATUS_FAILED);
}

uint32_t virtio_mmio_interrupt_ack(uintptr_t regs)
{
	uint32_t causes = reg(regs, INTERRUPT_STATUS);
	set_reg(regs, INTERRUPT_ACK, causes);
	return causes;
}

uint8_t virtio_mmio_config8(uintptr_t regs, uint32_t offset)
{
	return mmio_read8(regs + CONFIG + offset);
}

/* Byte offsets of the three parts in the queue's page (§2.6: descriptors
   16-aligned, available ring 2-aligned, used ring 4-aligned). */
static uint32_t avail_offset(uint16_t size)
{
	return 16u * size;
}

static uint32_t used_offset(uint16_t size)
{
	return (avail_offset(size) + 6u + 2u * size + 3u) & ~3u;
}

static void set_address(uintptr_t regs, uint32_t low, const volatile void *p)
{
	uint64_t a = (uintptr_t)p;
	set_reg(regs, low, (uint32_t)a);
	set_reg(regs, low + 4, (uint32_t)(a >> 32));
}

void virtq_release(struct virtq *q)
{
	if (q->desc)
		page_free(q->desc, 1);
	q->desc = 0;
}

int virtq_init(struct virtq *q, uintptr_t regs, uint16_t index, uint16_t max)
{
	set_reg(regs, QUEUE_SEL, index);
	uint32_t device_max = reg(regs, QUEUE_NUM_MAX);
	if (device_max == 0 || reg(regs, QUEUE_READY))
		return -ENOENT;
	/* The largest power of two both sides allow that fits the page. */
	uint16_t size = 1;
	while (size * 2u <= max && size * 2u <= device_max && used_offset(size * 2) + 6u + 16u * size <= PAGE_SIZE)
		size *= 2;
	uint8_t *page = page_alloc(1);
	if (!page)
		return -ENOMEM;
	memset(page, 0, PAGE_SIZE);
	q->regs = regs;
	q->index = index;
	q->size = size;
	q->avail_next = 0;
	q->last_used = 0;
	q->desc = (struct virtq_desc *)page;
	q->avail = (volatile struct virtq_avail *)(page + avail_offset(size));
	q->used = (volatile struct virtq_used *)(page + used_offset(size));
	set_reg(regs, QUEUE_NUM, size);
	set_address(regs, QUEUE_DESC_LOW, q->desc);
	set_address(regs, QUEUE_DRIVER_LOW, q->avail);
	set_address(regs, QUEUE_DEVICE_LOW, q->used);
	set_reg(regs, QUEUE_READY, 1);
	return 0;
}

void virtq_publish(struct virtq *q)
{
	if (q->avail->idx == q->avail_next)
		return; /* nothing new: no notification either */
	/* §2.6.13.2–3: ring entries before the index, the index before the
	   notification decision. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	q->avail->idx = q->avail_next;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!(q->used->flags & VIRTQ_USED_F_NO_NOTIFY))
		set_reg(q->regs, QUEUE_NOTIFY, q->index);
}

void virtq_interrupts(struct virtq *q, bool on)
{
	q->avail->flags = on ? 0 : VIRTQ_AVAIL_F_NO_INTERRUPT;
	if (on)
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
