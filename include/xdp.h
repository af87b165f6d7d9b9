/*
 * xdp.h — the XDP-style packet hook: an eBPF program attached to a network
 * device's receive path sees each frame before anything else does and
 * returns a verdict. Verdict numbers are Linux's (enum xdp_action), so
 * programs written for Linux's XDP keep them.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "bpf.h"

enum xdp_action {
	XDP_ABORTED = 0, /* the program failed: dropped, counted apart */
	XDP_DROP = 1,
	XDP_PASS = 2,     /* on to read() */
	XDP_TX = 3,       /* back out of the same device, with the program's edits */
	XDP_REDIRECT = 4, /* out of the device bpf_redirect named */
};

/* What the runtime knows of the frame being run (native pointer width). */
struct bpf_xdp_buff {
	void *data;
	void *data_end;
	uint32_t ingress_ifindex;
	uint32_t rx_queue_index;
};

/*
 * The context programs see until the verifier types XDP contexts: a
 * 14-byte header right before the frame, the frame's first byte at
 * ctx + 14, and XDP_CTX_SIZE bytes the program may read and write from
 * ctx (bytes past len are stale). A driver keeps XDP_HEADROOM writable
 * bytes before data, with data - XDP_HEADROOM 8-aligned (so the IP header
 * behind a 14-byte Ethernet header is 4-aligned), and NET_FRAME_MAX bytes
 * from data on.
 */
struct xdp_frame_header {
	uint32_t len;
	uint32_t ingress_ifindex;
	uint32_t rx_queue_index;
	uint16_t reserved; /* then the frame: the struct's padding is not its own */
};
#define XDP_HEADROOM 14
#define XDP_CTX_SIZE (XDP_HEADROOM + 1514)

/* Makes prog (loaded by bpf_elf_load or built in) an XDP program: the
   context it is verified for and run with. Then bpf_verify it as any. */
void xdp_prepare(struct bpf_program *prog);
/* Whether prog was prepared for XDP and verified: NET_ATTACH_XDP takes no other. */
bool xdp_verified(const struct bpf_program *prog);

/* Runs prog on one frame; returns its verdict (XDP_ABORTED for an
   out-of-range verdict or a run stopped by its budget), and for
   XDP_REDIRECT the target in *redirect_ifindex. */
enum xdp_action xdp_run(const struct bpf_program *prog, struct bpf_xdp_buff *xdp,
			uint32_t *redirect_ifindex);

/* The bpf_redirect helper (Linux's number 23): the target of this run's
   XDP_REDIRECT. Returns XDP_REDIRECT, or XDP_ABORTED for flags other than 0. */
uint64_t xdp_redirect_helper(uint64_t ifindex, uint64_t flags, uint64_t a3, uint64_t a4, uint64_t a5);
