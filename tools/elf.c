/*
 * elf.c — reads a little-endian ELF32/ELF64 file into memory and checks every
 * offset it will use against the file size, so a tool can trust what it gets.
 * Layouts are the System V gABI's; both classes are normalised to 64-bit fields.
 */
#include "elf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct elf *e, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(e->error, sizeof e->error, "%s: ", e->path);

	va_start(ap, fmt);
	vsnprintf(e->error + n, sizeof e->error - n, fmt, ap);
	va_end(ap);
	return -1;
}

static uint16_t le16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | (uint32_t)le16(p + 2) << 16; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

/* A field that is 4 bytes in ELF32 and 8 in ELF64. */
static uint64_t word(const struct elf *e, const uint8_t *p)
{
	return e->bits == 32 ? le32(p) : le64(p);
}

static int in_file(const struct elf *e, uint64_t off, uint64_t len)
{
	return len <= e->size && off <= e->size - len;
}

/* A NUL-terminated string at off inside the string table [base, base+len). */
static const char *string_at(const struct elf *e, uint64_t base, uint64_t len, uint64_t off)
{
	if (off >= len || !memchr(e->data + base + off, 0, len - off))
		return NULL;
	return (const char *)e->data + base + off;
}

static int read_file(struct elf *e)
{
	FILE *f = fopen(e->path, "rb");
	size_t cap = 0;

	if (!f)
		return fail(e, "%s", strerror(errno));
	for (;;) {
		if (e->size == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			e->data = realloc(e->data, cap);
			if (!e->data) {
				fclose(f);
				return fail(e, "out of memory");
			}
		}
		size_t n = fread(e->data + e->size, 1, cap - e->size, f);
		if (n == 0)
			break;
		e->size += n;
	}
	int bad = ferror(f);
	fclose(f);
	return bad ? fail(e, "read error") : 0;
}

static int read_sections(struct elf *e, uint64_t shoff, unsigned shentsize,
	unsigned shnum, unsigned shstrndx)
{
	unsigned want = e->bits == 32 ? 40 : 64;

	if (shnum == 0)
		return fail(e, "no section headers");
	if (shentsize != want)
		return fail(e, "section header size %u, expected %u for ELF%d", shentsize, want, e->bits);
	if (!in_file(e, shoff, (uint64_t)shnum * shentsize))
		return fail(e, "truncated: %u section headers at offset 0x%llx pass the end of the file (%zu bytes)",
			shnum, (unsigned long long)shoff, e->size);
	if (shstrndx >= shnum)
		return fail(e, "section name table index %u out of range (%u sections)", shstrndx, shnum);

	e->sections = calloc(shnum, sizeof *e->sections);
	if (!e->sections)
		return fail(e, "out of memory");
	e->nsections = shnum;
	for (unsigned i = 0; i < shnum; i++) {
		const uint8_t *h = e->data + shoff + (uint64_t)i * shentsize;
		struct elf_section *s = &e->sections[i];
		/* ELF32 and ELF64 order sh_flags..sh_size alike, only widths differ. */
		unsigned w = e->bits / 8;

		s->type = le32(h + 4);
		s->flags = word(e, h + 8);
		s->addr = word(e, h + 8 + w);
		s->offset = word(e, h + 8 + 2 * w);
		s->size = word(e, h + 8 + 3 * w);
		s->link = le32(h + 8 + 4 * w);
		s->name = (const char *)(uintptr_t)le32(h);
		if (s->type != SHT_NOBITS && !in_file(e, s->offset, s->size))
			return fail(e, "truncated: section %u (offset 0x%llx, size 0x%llx) passes the end of the file (%zu bytes)",
				i, (unsigned long long)s->offset, (unsigned long long)s->size, e->size);
	}

	const struct elf_section *names = &e->sections[shstrndx];
	if (names->type != SHT_STRTAB)
		return fail(e, "section name table (section %u) is not a string table", shstrndx);
	for (unsigned i = 0; i < shnum; i++) {
		struct elf_section *s = &e->sections[i];
		const char *name = string_at(e, names->offset, names->size, (uintptr_t)s->name);
		if (!name)
			return fail(e, "section %u has a name outside the section name table", i);
		s->name = name;
	}
	return 0;
}

static int read_symbols(struct elf *e)
{
	const struct elf_section *tab = NULL;

	for (size_t i = 0; i < e->nsections; i++)
		if (e->sections[i].type == SHT_SYMTAB)
			tab = &e->sections[i];
	if (!tab)
		return 0; /* stripped: the tools that need symbols say so themselves */

	unsigned entsize = e->bits == 32 ? 16 : 24;
	uint32_t link = tab->link; /* the symbol names' string table */

	if (link >= e->nsections || e->sections[link].type != SHT_STRTAB)
		return fail(e, "symbol table's string table (section %u) is missing", link);
	if (tab->size % entsize)
		return fail(e, "symbol table size 0x%llx is not a multiple of %u",
			(unsigned long long)tab->size, entsize);
	const struct elf_section *str = &e->sections[link];

	e->nsymbols = tab->size / entsize;
	e->symbols = calloc(e->nsymbols ? e->nsymbols : 1, sizeof *e->symbols);
	if (!e->symbols)
		return fail(e, "out of memory");
	for (size_t i = 0; i < e->nsymbols; i++) {
		const uint8_t *p = e->data + tab->offset + i * entsize;
		struct elf_symbol *y = &e->symbols[i];
		uint8_t info;

		if (e->bits == 32) {
			y->value = le32(p + 4);
			y->size = le32(p + 8);
			info = p[12];
			y->shndx = le16(p + 14);
		} else {
			info = p[4];
			y->shndx = le16(p + 6);
			y->value = le64(p + 8);
			y->size = le64(p + 16);
		}
		y->type = info & 0xf;
		y->bind = info >> 4;
		y->name = string_at(e, str->offset, str->size, le32(p));
		if (!y->name)
			return fail(e, "symbol %zu has a name outside its string table", i);
	}
	return 0;
}

int elf_load(struct elf *e, const char *path)
{
	memset(e, 0, sizeof *e);
	e->path = path;
	if (read_file(e) < 0)
		return -1;

	const uint8_t *h = e->data;
	if (e->size < 16 || memcmp(h, "\177ELF", 4) != 0)
		return fail(e, "not an ELF file (no \\177ELF magic)");
	if (h[4] != 1 && h[4] != 2)
		return fail(e, "unknown ELF class %u (neither ELF32 nor ELF64)", h[4]);
	e->bits = h[4] == 1 ? 32 : 64;
	if (h[5] != 1)
		return fail(e, "big-endian or unknown byte order (EI_DATA %u); only little-endian ELF is supported", h[5]);
	if (e->size < (e->bits == 32 ? 52u : 64u))
		return fail(e, "truncated: %zu bytes is shorter than the ELF%d header", e->size, e->bits);

	e->machine = le16(h + 18);
	e->entry = word(e, h + 24);
	uint64_t shoff = word(e, h + (e->bits == 32 ? 0x20 : 0x28));
	const uint8_t *t = h + (e->bits == 32 ? 0x2e : 0x3a); /* e_shentsize, e_shnum, e_shstrndx */
	if (read_sections(e, shoff, le16(t), le16(t + 2), le16(t + 4)) < 0)
		return -1;
	return read_symbols(e);
}

void elf_free(struct elf *e)
{
	free(e->data);
	free(e->sections);
	free(e->symbols);
	e->data = NULL;
	e->sections = NULL;
	e->symbols = NULL;
}

const uint8_t *elf_section_data(const struct elf *e, const struct elf_section *s)
{
	if (s->type == SHT_NOBITS || s->size == 0)
		return NULL;
	return e->data + s->offset;
}

const struct elf_section *elf_section_named(const struct elf *e, const char *name)
{
	for (size_t i = 0; i < e->nsections; i++)
		if (strcmp(e->sections[i].name, name) == 0)
			return &e->sections[i];
	return NULL;
}

const struct elf_symbol *elf_symbol_named(const struct elf *e, const char *name)
{
	for (size_t i = 0; i < e->nsymbols; i++)
		if (strcmp(e->symbols[i].name, name) == 0)
			return &e->symbols[i];
	return NULL;
}

const struct elf_symbol *elf_symbol_at(const struct elf *e, uint64_t addr)
{
	for (size_t i = 0; i < e->nsymbols; i++) {
		const struct elf_symbol *y = &e->symbols[i];
		if ((y->type == STT_FUNC || y->type == STT_OBJECT) && y->size &&
		    addr >= y->value && addr - y->value < y->size)
			return y;
	}
	return NULL;
}

int elf_read(const struct elf *e, uint64_t addr, void *buf, size_t len)
{
	uint8_t *out = buf;

	while (len) {
		const struct elf_section *s = NULL;
		for (size_t i = 0; i < e->nsections && !s; i++) {
			const struct elf_section *c = &e->sections[i];
			if ((c->flags & SHF_ALLOC) && c->type != SHT_NOBITS &&
			    addr >= c->addr && addr - c->addr < c->size)
				s = c;
		}
		if (!s)
			return -1;
		uint64_t n = s->size - (addr - s->addr);
		if (n > len)
			n = len;
		memcpy(out, e->data + s->offset + (addr - s->addr), n);
		out += n;
		addr += n;
		len -= n;
	}
	return 0;
}

const char *elf_machine_name(uint16_t machine)
{
	switch (machine) {
	case EM_XTENSA: return "Xtensa";
	case EM_RISCV: return "RISC-V";
	case 3: return "x86";
	case 40: return "ARM";
	case 62: return "x86-64";
	case 183: return "AArch64";
	case 247: return "BPF";
	default: return "unknown";
	}
}
