/*
 * elf64.h — the ELF64 file header (System V gABI, "ELF Header"), as both
 * loaders read it: the eBPF object loader (bpf/elf.c) and the Linux
 * personality's program loader (linux/elf.c). Little-endian fields.
 */
#pragma once
#include <stdint.h>

struct elf_header {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
