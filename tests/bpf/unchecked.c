/*
 * unchecked.c — must be rejected: indexes the line with a byte read from it
 * and no bounds check.
 */
#include "bpf_program.h"

SEC("hook")
int unchecked(struct line *line)
{
	return line->bytes[line->bytes[0] + 8];
}
