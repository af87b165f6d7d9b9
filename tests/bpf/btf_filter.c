/*
 * btf_filter.c — filter.c with its hash map defined the BTF way, in
 * SEC(".maps"): key and value given as types, a const typedef and a
 * typedef'd struct, so the loader follows modifiers to their sizes.
 */
#include "bpf_program.h"
#include "dns_frame.h"

typedef const __u32 ipv4_address;
typedef struct {
	__u64 frames;
} frame_count;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, ipv4_address);
	__type(value, volatile frame_count);
} accepted_by_source SEC(".maps");

SEC("filter")
int dns_filter(struct line *frame)
{
	__u32 source;
	if (!dns_frame_source(frame, &source))
		return 0;
	frame_count *count = bpf_map_lookup_elem(&accepted_by_source, &source);
	if (count) {
		__sync_fetch_and_add(&count->frames, 1);
	} else {
		frame_count one = {1};
		bpf_map_update_elem(&accepted_by_source, &source, &one, BPF_NOEXIST);
	}
	return 1;
}

char _license[] SEC("license") = "GPL";
