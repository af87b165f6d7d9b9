/*
 * http_method.c — bounded string compares: which HTTP method starts the
 * line (1 GET, 2 HEAD, 3 POST, 4 PUT, 5 DELETE; 0 none). Each compare
 * stops at the word's end and at the line's.
 */
#include "bpf_program.h"

static __attribute__((always_inline)) int starts_with(const __u8 *p, __u32 len, const char *word, __u32 n)
{
	if (len < n + 1 || p[n] != ' ')
		return 0;
	for (__u32 i = 0; i < n; i++)
		if (p[i] != word[i])
			return 0;
	return 1;
}

SEC("hook")
int http_method(struct line *line)
{
	__u32 len = line_length(line);
	if (starts_with(line->bytes, len, "GET", 3))
		return 1;
	if (starts_with(line->bytes, len, "HEAD", 4))
		return 2;
	if (starts_with(line->bytes, len, "POST", 4))
		return 3;
	if (starts_with(line->bytes, len, "PUT", 3))
		return 4;
	if (starts_with(line->bytes, len, "DELETE", 6))
		return 5;
	return 0;
}

char _license[] SEC("license") = "GPL";
