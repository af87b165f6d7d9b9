/*
 * bpf_btf.h — a reader for the .BTF section of a clang-compiled object, just
 * enough to decode libbpf's BTF-defined maps (SEC(".maps")). Every offset,
 * length and type id is checked: the object may come from a UART.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "bpf_elf.h"

/* A checked .BTF section: its type and string sections and how many types. */
struct bpf_btf {
	const uint8_t *types;
	uint32_t types_size;
	const char *strings;
	uint32_t strings_size;
	uint32_t type_count; /* ids 1..type_count; 0 is void */
};

/* Checks the header and walks every type record once, so later lookups stay
   inside the section. Returns 0, or -EINVAL with the reason in log. */
int bpf_btf_open(struct bpf_btf *btf, const void *data, size_t size, char *log, size_t log_size);

/* Decodes the map `name` of the ".maps" data section into def. Returns 0, or
   -EINVAL with the reason in log. */
int bpf_btf_map_def(const struct bpf_btf *btf, const char *name, struct bpf_map_def *def,
		    char *log, size_t log_size);
