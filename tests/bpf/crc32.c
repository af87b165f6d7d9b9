/*
 * crc32.c — CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320) of the
 * line, a bit at a time: the check value of "123456789" is 0xcbf43926.
 */
#include "bpf_program.h"

SEC("hook")
__u64 crc32(struct line *line)
{
	__u32 len = line_length(line);
	__u32 crc = 0xffffffff;
	for (__u32 i = 0; i < len; i++) {
		crc ^= line->bytes[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

char _license[] SEC("license") = "GPL";
