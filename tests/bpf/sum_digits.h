/*
 * sum_digits.h — the program loop.c and btf_loop.c share: a counting loop
 * over the line through a local function (kept out of line, so it lands in
 * .text and is reached by a relocated call), counting byte classes in the
 * array map `classes`, which the including file defines its own way.
 */
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
