/*
 * filter.c — the demo's XDP program: UDP to port 9 (discard) is dropped,
 * UDP to port 7 (echo) goes back out with addresses and ports swapped,
 * UDP to port 19 is redirected, unchanged, out of the second network
 * device (ifindex 2), everything else passes to the reader; each class
 * counted in a map.
 */
#include "xdp_program.h"

enum { DROPPED, ECHOED, PASSED, REDIRECTED, CLASSES };

#define REDIRECT_PORT 19
#define REDIRECT_IFINDEX 2

struct bpf_map_def SEC("maps") counters = {
	.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = CLASSES,
};

static __attribute__((always_inline)) void count(__u32 class)
{
	__u64 *n = bpf_map_lookup_elem(&counters, &class);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* Swaps n 16-bit words at a and b (the frame is proven long enough). */
static __attribute__((always_inline)) void swap16(__u8 *p, int a, int b, int n)
{
	__u16 *x = (__u16 *)(p + a), *y = (__u16 *)(p + b);
	for (int i = 0; i < n; i++) {
		__u16 t = x[i];
		x[i] = y[i];
		y[i] = t;
	}
}

SEC("xdp")
int demo_filter(struct xdp_md *ctx)
{
	__u8 *frame = FRAME(ctx);
	int port = udp_destination(frame, FRAME_END(ctx));
	if (port == 9) {
		count(DROPPED);
		return XDP_DROP;
	}
	if (port == 7) {
		/* Swapping both addresses and both ports leaves the IP and
		   UDP checksums valid: one's-complement sums commute. */
		swap16(frame, 0, 6, 3);
		swap16(frame, IP_SOURCE, IP_DESTINATION, 2);
		swap16(frame, UDP_SOURCE, UDP_DESTINATION, 1);
		count(ECHOED);
		return XDP_TX;
	}
	if (port == REDIRECT_PORT) {
		count(REDIRECTED);
		return bpf_redirect(REDIRECT_IFINDEX, 0);
	}
	count(PASSED);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
