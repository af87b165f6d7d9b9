/*
 * xdp_unbounded.c — must be rejected as an XDP program: indexes the frame
 * with the length the context gives, unchecked.
 */
#include "bpf_program.h"

struct xdp_frame {
	__u32 len, ingress_ifindex, rx_queue_index;
	__u16 reserved;
	__u8 frame[1514];
};

SEC("xdp")
int unbounded(struct xdp_frame *x)
{
	return x->frame[x->len];
}

char _license[] SEC("license") = "GPL";
