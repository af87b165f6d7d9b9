/*
 * alu32_offset.c — two bytes picked around the middle of the line by a
 * signed offset the line itself gives: byte 0 is a signed number d, and the
 * answer is the sum of the bytes at 30 + d and 30 - d, for d from -20 to
 * 20; -1 outside. Built with clang's 32-bit subregisters (-mcpu=v3), as
 * int code is: the offsets are 32-bit sums and differences of a number of
 * either sign, bounded only by d's range as an int32 (jmp32 signed
 * compares, then w3 = 30 - w2 and w2 += 30).
 */
#include "bpf_program.h"

SEC("hook")
int alu32_offset(struct line *line)
{
	int d = (signed char)line->bytes[0];
	if (d < -20 || d > 20)
		return -1;
	int right = 30 + d, left = 30 - d;
	return line->bytes[right] + line->bytes[left];
}

char _license[] SEC("license") = "GPL";
