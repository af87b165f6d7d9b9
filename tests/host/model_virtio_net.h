/*
 * model_virtio_net.h — a register model of a virtio-net device on the
 * virtio-mmio transport (virtio 1.1 §4.2.2, §5.1) for host tests: the
 * status handshake, feature selection words, queue configuration, the
 * interrupt status/acknowledge pair, and split virtqueues walked in the
 * test process's memory as a device walks guest memory. The test plays the
 * far end of the wire.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define MODEL_NET_QUEUE_MAX 256
#define MODEL_NET_WIRE 128

struct model_net_queue {
	uint32_t num_max, num, ready;
	uint64_t desc, avail, used;
	uint16_t last_avail; /* avail entries the device has taken */
};

struct model_net {
	uint32_t version;   /* 2 modern, 1 legacy */
	uint32_t device_id; /* 1 net, 0 an empty slot */
	uint64_t offered;   /* device features */
	uint64_t accepted;  /* driver features as written */
	bool refuse_features; /* clears FEATURES_OK whatever the driver asks */
	uint32_t device_sel, driver_sel, queue_sel, status, isr;
	struct model_net_queue q[2]; /* receiveq1, transmitq1 */
	uint8_t mac[6];
	uint32_t notifies[2];
	uint32_t protocol_errors; /* e.g. a queue set up after DRIVER_OK, a bad descriptor */
	uint8_t wire[MODEL_NET_WIRE][1600]; /* frames sent, without their header */
	uint32_t wire_len[MODEL_NET_WIRE], wire_count;
};

/* Power-on state (version, device ID, a rich feature set offering
   offloads too) and claims [base, base + 0x200). */
void model_net_attach(struct model_net *m, uintptr_t base, uint32_t version, uint32_t device_id);

/* The far end sends a frame: 0, or -1 when the driver has posted no
   buffer (a device then holds the frame back). */
int model_net_receive(struct model_net *m, const void *frame, uint32_t len);
/* The device sends what the driver queued: frames moved to the wire. */
uint32_t model_net_transmit(struct model_net *m);
/* RX buffers posted and not yet used. */
uint32_t model_net_rx_posted(const struct model_net *m);

/* The interrupt status is not 0: the device asserts its line. */
bool model_net_irq(const struct model_net *m);
