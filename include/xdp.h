/*
 * xdp.h — the XDP-style packet hook: an eBPF program attached to a network
 * device's receive path sees each frame before anything else does and
 * returns a verdict (enum xdp_action, Linux's numbers). Programs are
 * written against Linux's struct xdp_md; the verifier turns its data and
 * data_end into packet pointers and its reads into loads from the struct
 * bpf_xdp_buff the driver fills in (include/bpf.h).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "bpf.h"
#include "bpf_jit.h"

/* Makes prog (loaded by bpf_elf_load or built in) an XDP program: the
   context it is verified for and run with. Then bpf_verify it as any. */
void xdp_prepare(struct bpf_program *prog);
/* Whether prog was prepared for XDP and verified: NET_ATTACH_XDP takes no other. */
bool xdp_verified(const struct bpf_program *prog);

/* The target of the running program's bpf_redirect, 0 for none. */
extern uint32_t xdp_redirect_target;

/* Runs prog, verified for XDP (xdp_verified), on one frame at
   BPF_XDP_DATA_ALIGN; returns its verdict (XDP_ABORTED for an out-of-range
   verdict or a run stopped by its budget), and for XDP_REDIRECT the target
   in *redirect_ifindex. Inline, and straight into the JIT's code where
   there is some (what bpf_run checks, the caller has): the receive path
   runs it per frame. */
static inline enum xdp_action xdp_run(const struct bpf_program *prog, struct bpf_xdp_buff *xdp,
				      uint32_t *redirect_ifindex)
{
	uint64_t verdict;
	xdp_redirect_target = 0;
	int err = prog->jit_code ? bpf_jit_run(prog, xdp, &verdict) : bpf_run(prog, xdp, &verdict);
	if (err || verdict > XDP_REDIRECT)
		return XDP_ABORTED;
	*redirect_ifindex = xdp_redirect_target;
	return (enum xdp_action)verdict;
}

/* The bpf_redirect helper (Linux's number 23): the target of this run's
   XDP_REDIRECT. Returns XDP_REDIRECT, or XDP_ABORTED for flags other than 0. */
uint64_t xdp_redirect_helper(uint64_t ifindex, uint64_t flags, uint64_t a3, uint64_t a4, uint64_t a5);
