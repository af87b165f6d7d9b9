/*
 * update.c — a map-update workload for bench/bpf.sh: every byte of the line
 * becomes a key (its low four bits) in a hash map, updated with its position.
 */
#include "bpf_program.h"

struct bpf_map_def SEC("maps") last_position = {
	.type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 8, .max_entries = 16,
};

SEC("bench")
int update_positions(struct line *line)
{
	__u32 n = line->length;
	if (n > sizeof line->bytes)
		n = sizeof line->bytes;
	for (__u32 i = 0; i < n; i++) {
		__u32 key = line->bytes[i] & 15;
		__u64 position = i;
		bpf_map_update_elem(&last_position, &key, &position, BPF_ANY);
	}
	return n;
}

char _license[] SEC("license") = "GPL";
