/*
 * xdp_syn_mss.c — drops TCP SYNs that advertise a tiny maximum segment size
 * (under 500 bytes, the mitigation for the 2019 "SACK panic" attacks), by
 * walking the TCP options (RFC 9293 §3.1: kind, length, value; kinds 0 and
 * 1 are one byte). Each option's offset and length come from the packet,
 * so one compare with data_end proves the whole option. Everything else,
 * a SYN without MSS included, is passed; frames too short for their
 * headers too (the stack refuses them).
 */
#include "bpf_program.h"
#include "packet_headers.h"

#define TCP_SYN 0x02
#define OPTION_END 0
#define OPTION_NOP 1
#define OPTION_MSS 2
#define MIN_MSS 500
#define MAX_OPTIONS 20

SEC("xdp")
int xdp_syn_mss(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethernet *eth = data;
	if ((void *)(eth + 1) > data_end || eth->type != BIG_ENDIAN16(0x0800))
		return XDP_PASS;
	struct ipv4 *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->protocol != 6)
		return XDP_PASS;
	__u32 ip_length = (ip->version_ihl & 0x0f) * 4;
	if (ip_length < sizeof *ip)
		return XDP_PASS;
	struct tcp *tcp = (void *)ip + ip_length;
	if ((void *)(tcp + 1) > data_end || !(tcp->flags & TCP_SYN))
		return XDP_PASS;
	__u32 options_length = (tcp->data_offset >> 4) * 4;
	if (options_length < sizeof *tcp)
		return XDP_PASS;
	options_length -= sizeof *tcp;
	__u8 *options = (__u8 *)(tcp + 1);
	__u32 off = 0;
	for (int n = 0; n < MAX_OPTIONS && off < options_length; n++) {
		__u8 *option = options + off;
		if ((void *)(option + 2) > data_end)
			return XDP_PASS;
		__u8 kind = option[0], length = option[1];
		if (kind == OPTION_END)
			return XDP_PASS;
		if (kind == OPTION_NOP) {
			off++;
			continue;
		}
		if (length < 2 || (void *)option + length > data_end)
			return XDP_PASS;
		if (kind == OPTION_MSS && length == 4) {
			__u16 mss = option[2] << 8 | option[3];
			return mss < MIN_MSS ? XDP_DROP : XDP_PASS;
		}
		off += length;
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
