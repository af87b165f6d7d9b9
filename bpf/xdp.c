/*
 * xdp.c — XDP programs: verified for the packet context, run per frame,
 * their verdict checked, and the bpf_redirect target they chose.
 */
#include "xdp.h"

uint32_t xdp_redirect_target;

uint64_t xdp_redirect_helper(uint64_t ifindex, uint64_t flags, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	if (flags)
		return XDP_ABORTED;
	xdp_redirect_target = (uint32_t)ifindex;
	return XDP_REDIRECT;
}

void xdp_prepare(struct bpf_program *prog)
{
	prog->kind = BPF_KIND_XDP;
}

bool xdp_verified(const struct bpf_program *prog)
{
	return prog->verified && prog->kind == BPF_KIND_XDP;
}
