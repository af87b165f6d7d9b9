/*
 * btf_loop.c — loop.c with BTF-defined maps: the byte-class array (sizes
 * given as numbers, with map_flags) and a hash of per-digit counts whose key
 * is a typedef'd const struct, so the loader follows modifiers to a size.
 */
#include "bpf_program.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 8);
	__uint(max_entries, 4);
	__uint(map_flags, 0);
} classes SEC(".maps");

typedef const struct digit_key {
	__u8 digit;
	__u8 pad[3];
} digit_key;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10);
	__type(key, digit_key);
	__type(value, volatile __u32);
} digits SEC(".maps");

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
		if (class == 0) {
			struct digit_key key = {.digit = (__u8)c};
			__u32 one = 1, *seen = bpf_map_lookup_elem(&digits, &key);
			if (seen)
				*seen += 1;
			else
				bpf_map_update_elem(&digits, &key, &one, BPF_NOEXIST);
		}
		sum += digit_value(c);
	}
	return sum;
}

char _license[] SEC("license") = "GPL";
