/*
 * xdp_program.h — what an XDP program for 8266go needs beside bpf_program.h:
 * the verdicts, bpf_redirect, and the context (include/xdp.h): a 14-byte
 * header, then the frame.
 */
#pragma once
#include "bpf_program.h"

enum xdp_action { XDP_ABORTED = 0, XDP_DROP = 1, XDP_PASS = 2, XDP_TX = 3, XDP_REDIRECT = 4 };

static long (*bpf_redirect)(__u32 ifindex, __u64 flags) = (void *)23;

struct xdp_frame {
	__u32 len; /* bytes of frame[] that are the frame */
	__u32 ingress_ifindex;
	__u32 rx_queue_index;
	__u16 reserved;
	__u8 frame[1514];
};

/* Offsets in an Ethernet frame carrying IPv4 (no options) and UDP. */
#define ETH_TYPE 12
#define IP_VERSION_IHL 14
#define IP_PROTOCOL 23
#define IP_SOURCE 26
#define IP_DESTINATION 30
#define UDP_SOURCE 34
#define UDP_DESTINATION 36
#define UDP_PAYLOAD 42

/* The UDP destination port of an IPv4/UDP frame with a 20-byte IP header,
   or -1 for any other frame. */
static __attribute__((always_inline, unused)) int udp_destination(struct xdp_frame *x)
{
	__u8 *p = x->frame;
	if (x->len < UDP_PAYLOAD || p[ETH_TYPE] != 0x08 || p[ETH_TYPE + 1] != 0x00)
		return -1;
	if (p[IP_VERSION_IHL] != 0x45 || p[IP_PROTOCOL] != 17)
		return -1;
	return p[UDP_DESTINATION] << 8 | p[UDP_DESTINATION + 1];
}
