/* xdp_empty.c — the least an XDP program can be: every frame dropped, unread. */
#include "xdp_program.h"

SEC("xdp")
int empty(struct xdp_frame *x)
{
	(void)x;
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
