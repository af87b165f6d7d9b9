/*
 * xdp.c — XDP programs: verified for the packet context, run per frame,
 * their verdict checked, and the bpf_redirect target they chose.
 */
#include "xdp.h"

static uint32_t redirect_target;

uint64_t xdp_redirect_helper(uint64_t ifindex, uint64_t flags, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	if (flags)
		return XDP_ABORTED;
	redirect_target = (uint32_t)ifindex;
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

enum xdp_action xdp_run(const struct bpf_program *prog, struct bpf_xdp_buff *xdp,
			uint32_t *redirect_ifindex)
{
	uint64_t verdict;
	redirect_target = 0;
	if (bpf_run(prog, xdp, &verdict) || verdict > XDP_REDIRECT)
		return XDP_ABORTED;
	*redirect_ifindex = redirect_target;
	return (enum xdp_action)verdict;
}
