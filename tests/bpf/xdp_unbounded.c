/*
 * xdp_unbounded.c — must be rejected as an XDP program: reads the frame
 * with no compare against data_end.
 */
#include "bpf_program.h"

SEC("xdp")
int unbounded(struct xdp_md *ctx)
{
	return *(__u8 *)(long)ctx->data;
}

char _license[] SEC("license") = "GPL";
