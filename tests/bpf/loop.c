/*
 * loop.c — sum_digits.h with its byte-class array defined the legacy way,
 * a struct bpf_map_def in SEC("maps").
 */
#include "bpf_program.h"

struct bpf_map_def SEC("maps") classes = {
	.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 4,
};

#include "sum_digits.h"
