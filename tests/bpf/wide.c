/*
 * wide.c — returns a number wider than 32 bits (1127177993681 plus the
 * line's length), and for a line starting with 's' spins until the
 * interpreter's budget of backward jumps stops it.
 */
#include "bpf_program.h"

SEC("hook")
__u64 wide(struct line *line)
{
	__u64 n = 0;
	if (line->length && line->bytes[0] == 's')
		for (__u64 i = 0; i < (__u64)line->length << 40; i++)
			asm volatile("%0 += 1" : "+r"(n));
	return n + 1127177993681ull + line->length;
}
