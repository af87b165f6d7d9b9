/*
 * net.h — network devices: a device (include/device.h) that moves whole
 * Ethernet frames. read() returns one received frame, write() sends one;
 * an XDP program (include/xdp.h) attached to the device sees every frame
 * first and decides its fate. Devices are numbered from 1 (ifindex) in
 * registration order, for bpf_redirect.
 */
#pragma once
#include <stdint.h>
#include "device.h"

#define NET_FRAME_MAX 1514 /* Ethernet without FCS, 1500-byte payload */
#define NET_FRAME_MIN 14   /* the Ethernet header */

/*
 * Every frame the device hands over is counted once in rx_packets and ends
 * in exactly one of: passed (queued for read), rx_overflows (dropped: the
 * read queue was full), rx_errors (shorter than an Ethernet header),
 * xdp_drop, xdp_aborted, xdp_tx or xdp_redirect. Of the last two, those
 * that found no room to go out are also counted in tx_dropped.
 */
struct net_stats {
	uint32_t rx_packets, rx_bytes;
	uint32_t passed, delivered; /* queued for read(); handed to a reader */
	uint32_t rx_overflows, rx_errors;
	uint32_t xdp_drop, xdp_aborted, xdp_tx, xdp_redirect;
	uint32_t tx_packets, tx_bytes; /* frames queued to the device to send */
	uint32_t tx_dropped;
	uint32_t interrupts, polls; /* top halves; deferred RX passes */
};

struct bpf_program;

struct net_device {
	struct device dev;
	uint32_t ifindex;
	uint8_t mac[6];
	/* Queues one frame to send without waiting: 0, or -EAGAIN when the
	   device has no room (the caller counts the drop). From the RX path of
	   any net device (XDP_TX, XDP_REDIRECT). */
	int (*transmit)(struct net_device *n, const void *frame, uint32_t len);
	struct net_stats stats;
	struct bpf_program *xdp; /* verified for XDP, or NULL: every frame passes */
	struct net_device *next;
};

/* device_control requests of a network device. */
#define NET_GET_STATS 0x400  /* arg: struct net_stats * */
#define NET_ATTACH_XDP 0x401 /* arg: struct bpf_program * verified as XDP (xdp.h), or NULL */
#define NET_GET_MAC 0x402    /* arg: uint8_t[6] */
#define NET_RX_WAITING 0x403 /* arg: uint32_t *: frames received, not yet taken by the RX path */

/* Registers n->dev and gives n its ifindex. 0 or device_register's error. */
int net_register(struct net_device *n);
struct net_device *net_by_ifindex(uint32_t ifindex);

/* The requests every network device answers the same way; -ENOSYS for others. */
int net_control(struct net_device *n, unsigned request, void *arg);
