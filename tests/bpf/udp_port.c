/*
 * udp_port.c — an Ethernet frame parsed the way network code is written:
 * an optional 802.1Q tag, an IPv4 header whose length comes from its IHL
 * field (options included) and whose checksum is verified over that length,
 * then UDP. Every access is bounded by the line's length, read at run time.
 * Returns the UDP destination port, or 0 for anything else.
 */
#include "bpf_program.h"
#include "packet_headers.h"
#include "checksum.h"

#define ETH_P_IP 0x0800
#define ETH_P_8021Q 0x8100
#define IPPROTO_UDP 17

SEC("hook")
int udp_port(struct line *frame)
{
	__u8 *p = frame->bytes;
	__u32 len = line_length(frame);
	__u32 off = 12;
	if (off + 2 > len)
		return 0;
	__u16 proto = BIG_ENDIAN16(*(__u16 *)(p + off));
	off += 2;
	if (proto == ETH_P_8021Q) {
		if (off + 4 > len)
			return 0;
		proto = BIG_ENDIAN16(*(__u16 *)(p + off + 2));
		off += 4;
	}
	if (proto != ETH_P_IP || off + sizeof(struct ipv4) > len)
		return 0;
	struct ipv4 *ip = (struct ipv4 *)(p + off);
	__u32 header_length = (ip->version_ihl & 0x0f) * 4;
	__u32 end = off + header_length;
	if ((ip->version_ihl >> 4) != 4 || header_length < sizeof(struct ipv4) || end > len)
		return 0;
	__u32 sum = 0;
	for (__u32 i = off; i < end; i += 2) /* off is even: so is every i */
		sum += *(__u16 *)(p + i);
	if (checksum_fold(sum) != 0 || ip->protocol != IPPROTO_UDP)
		return 0;
	off = end;
	if (off + sizeof(struct udp) > len)
		return 0;
	struct udp *udp = (struct udp *)(p + off);
	return BIG_ENDIAN16(udp->dest);
}

char _license[] SEC("license") = "GPL";
