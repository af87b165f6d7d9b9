/*
 * xdp_echo.c — a UDP echo responder (port 7) in the XDP style: packet
 * pointers from struct xdp_md, each header proven with a compare against
 * data_end before it is read (the IPv4 header's length from its IHL
 * field), the reply written in place (Ethernet and IPv4 addresses and UDP
 * ports swapped; the checksums stay valid) and sent back with XDP_TX.
 * Frames too short for their headers are dropped, the rest passed on.
 */
#include "bpf_program.h"
#include "packet_headers.h"

SEC("xdp")
int xdp_echo(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethernet *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->type != BIG_ENDIAN16(0x0800))
		return XDP_PASS;
	struct ipv4 *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_DROP;
	__u32 header_length = (ip->version_ihl & 0x0f) * 4;
	if (header_length < sizeof *ip)
		return XDP_DROP;
	struct udp *udp = (void *)ip + header_length;
	if ((void *)(udp + 1) > data_end)
		return XDP_DROP;
	if (ip->protocol != 17 || udp->dest != BIG_ENDIAN16(7))
		return XDP_PASS;
	for (int k = 0; k < 6; k++) {
		__u8 t = eth->destination[k];
		eth->destination[k] = eth->source[k];
		eth->source[k] = t;
	}
	__u32 address = ip->source;
	ip->source = ip->destination;
	ip->destination = address;
	__u16 port = udp->source;
	udp->source = udp->dest;
	udp->dest = port;
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
