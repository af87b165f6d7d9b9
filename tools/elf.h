/*
 * elf.h — a small reader for little-endian ELF32 and ELF64 files, shared by
 * the host tools: sections, their bytes, and the symbol table by name or address.
 */
#ifndef TOOLS_ELF_H
#define TOOLS_ELF_H

#include <stddef.h>
#include <stdint.h>

/* From the ELF specification (System V gABI), the values the tools need. */
enum {
	EM_RISCV = 243,
	EM_XTENSA = 94,
	SHT_PROGBITS = 1,
	SHT_SYMTAB = 2,
	SHT_STRTAB = 3,
	SHT_NOBITS = 8,
	SHF_WRITE = 0x1,
	SHF_ALLOC = 0x2,
	SHF_EXECINSTR = 0x4,
	STT_OBJECT = 1,
	STT_FUNC = 2,
};

struct elf_section {
	const char *name;
	uint32_t type;
	uint64_t flags;
	uint64_t addr;
	uint64_t offset;
	uint64_t size;
	uint32_t link; /* sh_link: for .symtab, its string table */
};

struct elf_symbol {
	const char *name;
	uint64_t value;
	uint64_t size;
	uint8_t type; /* STT_* */
	uint8_t bind;
	uint16_t shndx;
};

struct elf {
	const char *path;
	uint8_t *data; /* the whole file */
	size_t size;
	int bits; /* 32 or 64 */
	uint16_t machine;
	uint64_t entry;
	struct elf_section *sections;
	size_t nsections;
	struct elf_symbol *symbols; /* from .symtab, in file order */
	size_t nsymbols;
	char error[256];
};

/* Reads and checks path. Returns 0, or -1 with the reason in e->error. */
int elf_load(struct elf *e, const char *path);
void elf_free(struct elf *e);

/* The file bytes of a section; NULL for NOBITS or an empty section. */
const uint8_t *elf_section_data(const struct elf *e, const struct elf_section *s);
const struct elf_section *elf_section_named(const struct elf *e, const char *name);

const struct elf_symbol *elf_symbol_named(const struct elf *e, const char *name);
/* The sized function or object symbol whose bytes contain addr, or NULL. */
const struct elf_symbol *elf_symbol_at(const struct elf *e, uint64_t addr);

/* Copies len bytes at virtual address addr from the PROGBITS sections that
 * hold them (initial values as linked). Returns 0, or -1 if any is missing. */
int elf_read(const struct elf *e, uint64_t addr, void *buf, size_t len);

const char *elf_machine_name(uint16_t machine);

#endif
