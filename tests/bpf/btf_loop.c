/*
 * btf_loop.c — sum_digits.h with its byte-class array defined the BTF way,
 * the sizes given as numbers (and map_flags); as small as loop.c, so it
 * verifies within the scratch memory bpfload has on lx106.
 */
#include "bpf_program.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 8);
	__uint(max_entries, 4);
	__uint(map_flags, 0);
} classes SEC(".maps");

#include "sum_digits.h"
