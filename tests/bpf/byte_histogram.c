/*
 * byte_histogram.c — loops over a map's entries: clears an 8-entry array,
 * counts the line's bytes by their low three bits, then walks the entries
 * for the fullest. Returns its key * 100 + its count (the lowest key wins a
 * tie).
 */
#include "bpf_program.h"

#define BUCKETS 8

struct bpf_map_def SEC("maps") histogram = {
	.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = BUCKETS,
};

SEC("hook")
int byte_histogram(struct line *line)
{
	__u32 len = line_length(line);
	for (__u32 key = 0; key < BUCKETS; key++) {
		__u64 *count = bpf_map_lookup_elem(&histogram, &key);
		if (count)
			*count = 0;
	}
	for (__u32 i = 0; i < len; i++) {
		__u32 key = line->bytes[i] & (BUCKETS - 1);
		__u64 *count = bpf_map_lookup_elem(&histogram, &key);
		if (count)
			*count += 1;
	}
	__u32 best = 0;
	__u64 most = 0;
	for (__u32 key = 0; key < BUCKETS; key++) {
		__u64 *count = bpf_map_lookup_elem(&histogram, &key);
		if (count && *count > most) {
			most = *count;
			best = key;
		}
	}
	return best * 100 + most;
}

char _license[] SEC("license") = "GPL";
