/* xdp_count.c — parse and count: frames per UDP destination port in a hash
   map (other frames under key 0), then dropped. */
#include "xdp_program.h"

struct bpf_map_def SEC("maps") per_port = {
	.type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 8, .max_entries = 64,
};

SEC("xdp")
int count_ports(struct xdp_md *ctx)
{
	int port = udp_destination(FRAME(ctx), FRAME_END(ctx));
	__u32 key = port < 0 ? 0 : port;
	__u64 *n = bpf_map_lookup_elem(&per_port, &key);
	if (n) {
		__sync_fetch_and_add(n, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&per_port, &key, &one, BPF_NOEXIST);
	}
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
