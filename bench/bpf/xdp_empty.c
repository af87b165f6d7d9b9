/* xdp_empty.c — the least an XDP program can be: every frame dropped, unread. */
#include "xdp_program.h"

SEC("xdp")
int empty(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
