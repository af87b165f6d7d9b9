/*
 * bpf_elf.h — loads a program from an ELF object compiled by
 * `clang -target bpf`, following libbpf's conventions: programs in their own
 * sections, local functions in .text, maps in SEC("maps") as struct
 * bpf_map_def or BTF-defined in SEC(".maps") (bpf_btf.h), and relocations that
 * tie instructions to maps and functions.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "bpf.h"

/* libbpf's legacy map definition, as the object stores it. */
struct bpf_map_def {
	uint32_t type, key_size, value_size, max_entries, map_flags;
};

/*
 * Copies the program in `section` (NULL: the first executable section other
 * than .text), with .text appended for its local functions, into insns
 * (capacity instructions), creates its maps from the static pool and fills in
 * prog (insns, count, maps, and kind: BPF_KIND_XDP for a section named "xdp"
 * or "xdp/...", as libbpf has it; the caller sets the context and verifies).
 * Returns 0, or a negative error with the reason in log.
 */
int bpf_elf_load(const void *elf, size_t size, const char *section, struct bpf_insn *insns,
		 uint32_t capacity, struct bpf_program *prog, char *log, size_t log_size);
