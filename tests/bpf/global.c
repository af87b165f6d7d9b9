/*
 * global.c — must be refused by the loader: uses a global variable.
 */
#include "bpf_program.h"

int calls;

SEC("hook")
int count_calls(struct line *line)
{
	calls++;
	return line->length;
}
