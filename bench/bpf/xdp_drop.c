/* xdp_drop.c — a drop filter: IPv4/UDP to port 9 is dropped, the rest passes. */
#include "xdp_program.h"

SEC("xdp")
int drop_discard(struct xdp_frame *x)
{
	return udp_destination(x) == 9 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
