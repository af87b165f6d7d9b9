/*
 * filter.c — a packet-parser-style filter: accepts (returns 1) an Ethernet
 * frame carrying IPv4/UDP to port 53, counting accepted frames per source
 * address in a hash map.
 */
#include "bpf_program.h"
#include "dns_frame.h"

struct bpf_map_def SEC("maps") accepted_by_source = {
	.type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 8, .max_entries = 16,
};

SEC("filter")
int dns_filter(struct line *frame)
{
	__u32 source;
	if (!dns_frame_source(frame, &source))
		return 0;
	__u64 *count = bpf_map_lookup_elem(&accepted_by_source, &source);
	if (count) {
		__sync_fetch_and_add(count, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&accepted_by_source, &source, &one, BPF_NOEXIST);
	}
	return 1;
}

char _license[] SEC("license") = "GPL";
