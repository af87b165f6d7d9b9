/*
 * btf_loop.c — loop.c with its byte-class array defined the BTF way, the
 * sizes given as numbers (and map_flags); kept as small as loop.c so it
 * verifies within the scratch memory bpfload has on lx106.
 */
#include "bpf_program.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 8);
	__uint(max_entries, 4);
	__uint(map_flags, 0);
} classes SEC(".maps");

static __attribute__((noinline)) __u32 digit_value(__u32 c)
{
	return c >= '0' && c <= '9' ? c - '0' : 0;
}

SEC("hook")
int sum_digits(struct line *line)
{
	__u32 sum = 0;
	__u32 n = line->length;
	if (n > sizeof line->bytes)
		n = sizeof line->bytes;
	for (__u32 i = 0; i < n; i++) {
		__u32 c = line->bytes[i];
		__u32 class = c >= '0' && c <= '9' ? 0 : c >= 'a' && c <= 'z' ? 1 : c == ' ' ? 2 : 3;
		__u64 *counter = bpf_map_lookup_elem(&classes, &class);
		if (counter)
			*counter += 1;
		sum += digit_value(c);
	}
	return sum;
}

char _license[] SEC("license") = "GPL";
