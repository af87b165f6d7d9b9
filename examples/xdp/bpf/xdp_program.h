/*
 * xdp_program.h — what an XDP program for 8266go needs beside bpf_program.h
 * (struct xdp_md and the verdicts): bpf_redirect and a parser of the frames
 * the demo and the benchmarks classify.
 */
#pragma once
#include "bpf_program.h"

static long (*bpf_redirect)(__u32 ifindex, __u64 flags) = (void *)23;

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
   or -1 for any other frame. The frame is proven UDP_PAYLOAD bytes long
   before any of it is read. */
static __attribute__((always_inline, unused)) int udp_destination(__u8 *p, __u8 *end)
{
	if (p + UDP_PAYLOAD > end || p[ETH_TYPE] != 0x08 || p[ETH_TYPE + 1] != 0x00)
		return -1;
	if (p[IP_VERSION_IHL] != 0x45 || p[IP_PROTOCOL] != 17)
		return -1;
	return p[UDP_DESTINATION] << 8 | p[UDP_DESTINATION + 1];
}

#define FRAME(ctx) ((__u8 *)(long)(ctx)->data)
#define FRAME_END(ctx) ((__u8 *)(long)(ctx)->data_end)
