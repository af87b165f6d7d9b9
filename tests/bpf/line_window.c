/*
 * line_window.c — sums a window of the line whose ends come from the line
 * itself as signed numbers: bytes 0 and 1 are a signed start and end
 * (negative counts from the line's end, as Python's slices do), clamped to
 * the line; the bytes from 2 + start up to 2 + end are summed. The window
 * is proven inside the line by signed compares between two unknowns
 * (i < end, start < 0), not by masks.
 */
#include "bpf_program.h"

SEC("hook")
int line_window(struct line *line)
{
	int len = line_length(line) - 2;
	if (len < 0)
		return -1;
	int start = (signed char)line->bytes[0], end = (signed char)line->bytes[1];
	if (start < 0)
		start += len;
	if (end < 0)
		end += len;
	if (start < 0)
		start = 0;
	if (end > len)
		end = len;
	int sum = 0;
	for (int i = start; i < end; i++)
		sum += line->bytes[2 + i];
	return sum;
}

char _license[] SEC("license") = "GPL";
