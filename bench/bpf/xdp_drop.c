/* xdp_drop.c — a drop filter: IPv4/UDP to port 9 is dropped, the rest passes. */
#include "xdp_program.h"

SEC("xdp")
int drop_discard(struct xdp_md *ctx)
{
	return udp_destination(FRAME(ctx), FRAME_END(ctx)) == 9 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
