/*
 * line_checksum.c — the Internet checksum of a line (an odd length gets
 * its last byte padded with a zero, which the line's zeroed tail provides):
 * the same loop as checksum.c, bounded by a length read at run time.
 */
#include "bpf_program.h"
#include "checksum.h"

SEC("hook")
int line_checksum(struct line *line)
{
	__u32 len = line_length(line);
	return internet_checksum(line->bytes, len);
}

char _license[] SEC("license") = "GPL";
