/*
 * elf.c — the ELF loader for clang-compiled programs: checks every header,
 * offset and index it follows (the object may come from a UART), copies the
 * code, creates the maps (legacy SEC("maps") definitions, or BTF-defined ones
 * in SEC(".maps") read through bpf_btf.h) and applies the relocations (ELF-64
 * object format; BPF relocation types as in llvm's ELFRelocs/BPF.def).
 *
 * Invariant once check_headers has passed: every section the loader reads
 * bytes from (program, .text, maps, .BTF, symbol and string tables,
 * relocations) is a numbered section other than 0, not SHT_NOBITS, and lies
 * inside the file; every string table ends in a NUL inside it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "bpf_btf.h"
#include "bpf_elf.h"
#include "bpf_map.h"
#include "elf64.h"

struct section_header {
	uint32_t name, type;
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t addralign, entsize;
};

struct symbol {
	uint32_t name;
	uint8_t info, other;
	uint16_t shndx;
	uint64_t value, size;
};

struct relocation {
	uint64_t offset, info;
};

enum {
	ELFCLASS64 = 2, ELFDATA2LSB = 1, ET_REL = 1, EM_BPF = 247,
	SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8, SHT_REL = 9, SHF_EXECINSTR = 4,
	R_BPF_NONE = 0, R_BPF_64_64 = 1, R_BPF_64_32 = 10,
};

struct loader {
	const uint8_t *elf;
	size_t size;
	struct elf_header header;
	uint32_t symtab, strtab, maps, text, program, btf; /* section indices; 0 = none */
	bool btf_maps;    /* maps is .maps, described by .BTF, not SEC("maps") */
	struct bpf_btf types;
	char *log;
	size_t log_size;
};

static int fail(struct loader *l, const char *format, ...)
{
	if (l->log && l->log_size) {
		va_list ap;
		va_start(ap, format);
		vsnprintf(l->log, l->log_size, format, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool in_file(const struct loader *l, uint64_t offset, uint64_t length)
{
	return offset <= l->size && length <= l->size - offset;
}

static struct section_header section(const struct loader *l, uint32_t index)
{
	struct section_header s;
	memcpy(&s, l->elf + l->header.shoff + (uint64_t)index * sizeof s, sizeof s);
	return s;
}

/* A NUL-terminated string inside string table `table`, or NULL. */
static const char *string_at(const struct loader *l, uint32_t table, uint32_t offset)
{
	struct section_header t = section(l, table);
	if (offset >= t.size)
		return NULL;
	const char *s = (const char *)l->elf + t.offset + offset;
	return memchr(s, 0, t.size - offset) ? s : NULL;
}

static const char *section_name(const struct loader *l, uint32_t index)
{
	const char *name = string_at(l, l->header.shstrndx, section(l, index).name);
	return name ? name : "?";
}

/* A section whose bytes the loader will read: never section 0 (the null
   entry), never SHT_NOBITS (its offset names no bytes of the file). */
static int need_contents(struct loader *l, uint32_t index, const char *what)
{
	if (index == 0 || index >= l->header.shnum)
		return fail(l, "%s is section %u, which has no contents", what, (unsigned)index);
	if (section(l, index).type == SHT_NOBITS)
		return fail(l, "%s (section %u) is SHT_NOBITS: it has no bytes in the file", what, (unsigned)index);
	return 0;
}

/* A string table: a SHT_STRTAB section whose last byte is the NUL that ends
   its last string, so every string in it ends inside the file. */
static int need_string_table(struct loader *l, uint32_t index, const char *what)
{
	int err = need_contents(l, index, what);
	if (err)
		return err;
	struct section_header t = section(l, index);
	if (t.type != SHT_STRTAB)
		return fail(l, "%s (section %u) is of type %u, not a string table", what, (unsigned)index,
			    (unsigned)t.type);
	if (t.size == 0 || l->elf[t.offset + t.size - 1] != 0)
		return fail(l, "%s (section %u) does not end in a NUL", what, (unsigned)index);
	return 0;
}

static int check_headers(struct loader *l)
{
	static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};
	if (l->size < sizeof l->header)
		return fail(l, "not an ELF file: %u bytes", (unsigned)l->size);
	memcpy(&l->header, l->elf, sizeof l->header);
	const struct elf_header *h = &l->header;
	if (memcmp(h->ident, magic, 4))
		return fail(l, "not an ELF file: bad magic");
	if (h->ident[4] != ELFCLASS64 || h->ident[5] != ELFDATA2LSB)
		return fail(l, "not a 64-bit little-endian ELF object");
	if (h->machine != EM_BPF)
		return fail(l, "ELF machine is %u, not BPF (247)", h->machine);
	if (h->type != ET_REL)
		return fail(l, "ELF type %u is not a relocatable object (clang -c)", h->type);
	if (h->shentsize != sizeof(struct section_header) || h->shnum == 0 ||
	    !in_file(l, h->shoff, (uint64_t)h->shnum * h->shentsize))
		return fail(l, "section header table is outside the file");
	if (h->shstrndx >= h->shnum)
		return fail(l, "section name table index %u out of range", h->shstrndx);
	for (uint32_t i = 1; i < h->shnum; i++) {
		struct section_header s = section(l, i);
		if (s.type != SHT_NOBITS && !in_file(l, s.offset, s.size))
			return fail(l, "section %u lies outside the file", (unsigned)i);
		if ((s.type == SHT_SYMTAB || s.type == SHT_REL) && s.link >= h->shnum)
			return fail(l, "section %u links to section %u, out of range", (unsigned)i, (unsigned)s.link);
	}
	int err = need_string_table(l, h->shstrndx, "section name table");
	for (uint32_t i = 1; i < h->shnum && !err; i++) {
		struct section_header s = section(l, i);
		if (s.type == SHT_SYMTAB)
			err = need_string_table(l, s.link, "symbol name table");
		else if (s.type == SHT_STRTAB)
			err = need_string_table(l, i, "string table");
	}
	return err;
}

static struct symbol symbol_at(const struct loader *l, uint64_t index)
{
	struct symbol sym;
	memcpy(&sym, l->elf + section(l, l->symtab).offset + index * sizeof sym, sizeof sym);
	return sym;
}

static uint64_t symbol_count(const struct loader *l)
{
	return l->symtab ? section(l, l->symtab).size / sizeof(struct symbol) : 0;
}

/* Maps: each symbol in the maps section names one definition; map numbers
   follow the definitions' order in the section. Returns the map count. */
static int create_maps(struct loader *l, struct bpf_program *prog)
{
	struct section_header maps = section(l, l->maps);
	uint64_t previous = 0;
	bool first = true;
	prog->map_count = 0;
	for (;;) { /* take the symbols in address order */
		uint64_t best = UINT64_MAX;
		struct symbol best_symbol = {0};
		for (uint64_t k = 0; k < symbol_count(l); k++) {
			struct symbol sym = symbol_at(l, k);
			if (sym.shndx == l->maps && (sym.info & 0xf) != 3 /* STT_SECTION */ &&
			    (first || sym.value > previous) && sym.value < best) {
				best = sym.value;
				best_symbol = sym;
			}
		}
		if (best == UINT64_MAX)
			return 0;
		if (prog->map_count == BPF_MAX_PROGRAM_MAPS)
			return fail(l, "more than %d maps", BPF_MAX_PROGRAM_MAPS);
		struct bpf_map_def def;
		int err;
		if (l->btf_maps) {
			const char *name = string_at(l, l->strtab, best_symbol.name);
			if (!name)
				return fail(l, "map at offset %u of .maps has no name", (unsigned)best);
			if ((err = bpf_btf_map_def(&l->types, name, &def, l->log, l->log_size)))
				return err;
		} else {
			if (best > maps.size || maps.size - best < sizeof(struct bpf_map_def))
				return fail(l, "map definition at offset %u runs past the maps section", (unsigned)best);
			memcpy(&def, l->elf + maps.offset + best, sizeof def);
		}
		struct bpf_map *map = bpf_map_create((enum bpf_map_type)def.type, def.key_size,
						     def.value_size, def.max_entries, &err);
		if (!map)
			return err == -ENOMEM
				       ? fail(l, "map %u: the map pool is out of memory", (unsigned)prog->map_count)
				       : fail(l, "map %u: unsupported type %u or shape (key %u, value %u, entries %u)",
					      (unsigned)prog->map_count, def.type, def.key_size, def.value_size,
					      def.max_entries);
		prog->maps[prog->map_count++] = map;
		previous = best;
		first = false;
	}
}

static int map_index(struct loader *l, const struct bpf_program *prog, uint64_t value)
{
	/* map numbers follow definition order: count the definitions before value */
	int index = 0;
	for (uint64_t k = 0; k < symbol_count(l); k++) {
		struct symbol sym = symbol_at(l, k);
		if (sym.shndx == l->maps && (sym.info & 0xf) != 3 && sym.value < value)
			index++;
	}
	return (uint32_t)index < prog->map_count ? index : -1;
}

/* Applies the relocations of the code section `target`, copied at `base`. */
static int relocate(struct loader *l, uint32_t target, uint32_t base, struct bpf_insn *insns,
		    uint32_t text_base, const struct bpf_program *prog)
{
	for (uint32_t r = 1; r < l->header.shnum; r++) {
		struct section_header rel = section(l, r);
		if (rel.type != SHT_REL || rel.info != target)
			continue;
		if (rel.link != l->symtab)
			return fail(l, "relocation section %s uses another symbol table", section_name(l, r));
		for (uint64_t k = 0; k < rel.size / sizeof(struct relocation); k++) {
			struct relocation entry;
			memcpy(&entry, l->elf + rel.offset + k * sizeof entry, sizeof entry);
			uint32_t type = (uint32_t)entry.info;
			uint64_t symbol_index = entry.info >> 32;
			struct section_header code = section(l, target);
			if (type == R_BPF_NONE)
				continue;
			if (entry.offset % 8 || entry.offset >= code.size)
				return fail(l, "relocation at offset %u outside %s", (unsigned)entry.offset,
					    section_name(l, target));
			if (symbol_index >= symbol_count(l))
				return fail(l, "relocation names symbol %u, out of range", (unsigned)symbol_index);
			struct symbol sym = symbol_at(l, symbol_index);
			const char *name = string_at(l, l->strtab, sym.name);
			uint32_t at = base + (uint32_t)(entry.offset / 8);
			struct bpf_insn *in = &insns[at];
			if (!name || !*name)
				name = sym.shndx < l->header.shnum ? section_name(l, sym.shndx) : "?";
			if (type == R_BPF_64_64) {
				if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
					return fail(l, "insn %u: map relocation for %s on a non-lddw instruction",
						    (unsigned)at, name);
				if (!l->maps || sym.shndx != l->maps)
					return fail(l, "insn %u: %s is global data (section %s), which is not supported; only maps in SEC(\"maps\") or SEC(\".maps\")",
						    (unsigned)at, name, sym.shndx < l->header.shnum ? section_name(l, sym.shndx) : "?");
				int index = map_index(l, prog, sym.value);
				if (index < 0)
					return fail(l, "insn %u: %s is not a map definition", (unsigned)at, name);
				in->src = BPF_PSEUDO_MAP_FD;
				in->imm = index;
			} else if (type == R_BPF_64_32) {
				if (in->code != (BPF_JMP | BPF_CALL) || in->src != BPF_PSEUDO_CALL)
					return fail(l, "insn %u: call relocation for %s on a non-call instruction",
						    (unsigned)at, name);
				uint32_t callee_base;
				if (sym.shndx == l->program)
					callee_base = 0;
				else if (l->text && sym.shndx == l->text)
					callee_base = text_base;
				else
					return fail(l, "insn %u: call to %s, which is not in the program or .text",
						    (unsigned)at, name);
				int64_t callee = (int64_t)callee_base + (int64_t)(sym.value / 8) + in->imm + 1;
				in->imm = (int32_t)(callee - (int64_t)at - 1);
			} else {
				return fail(l, "insn %u: unsupported relocation type %u for %s", (unsigned)at,
					    (unsigned)type, name);
			}
		}
	}
	return 0;
}

int bpf_elf_load(const void *elf, size_t size, const char *wanted, struct bpf_insn *insns,
		 uint32_t capacity, struct bpf_program *prog, char *log, size_t log_size)
{
	struct loader l = {.elf = elf, .size = size, .log = log, .log_size = log_size};
	int err;

	if ((err = check_headers(&l)))
		return err;
	for (uint32_t i = 1; i < l.header.shnum; i++) {
		struct section_header s = section(&l, i);
		const char *name = section_name(&l, i);
		if (s.type == SHT_SYMTAB) {
			l.symtab = i;
			l.strtab = s.link;
		} else if (!strcmp(name, "maps") || !strcmp(name, ".maps")) {
			if (l.maps)
				return fail(&l, "two map sections (maps and .maps): define maps one way");
			l.maps = i;
			l.btf_maps = name[0] == '.';
		} else if (!strcmp(name, ".BTF")) {
			l.btf = i;
		} else if (!strcmp(name, ".text") && s.size) {
			l.text = i;
		} else if (s.type == SHT_PROGBITS && (s.flags & SHF_EXECINSTR) && s.size && !l.program &&
			   (!wanted || !strcmp(name, wanted))) {
			l.program = i;
		}
	}
	if (!l.program && l.text && (!wanted || !strcmp(wanted, ".text"))) {
		l.program = l.text;
		l.text = 0;
	}
	if (!l.program)
		return wanted ? fail(&l, "no program section named %s", wanted)
			      : fail(&l, "no program section (no executable code)");
	if ((err = need_contents(&l, l.program, "program section")) ||
	    (l.text && (err = need_contents(&l, l.text, ".text"))) ||
	    (l.maps && (err = need_contents(&l, l.maps, "map section"))))
		return err;
	if (!l.symtab && l.maps)
		return fail(&l, "maps section but no symbol table");
	if (l.btf_maps) {
		if (!l.btf)
			return fail(&l, "maps in .maps but no .BTF section to describe them (compile with clang -g)");
		if ((err = need_contents(&l, l.btf, ".BTF")))
			return err;
		struct section_header btf = section(&l, l.btf);
		if ((err = bpf_btf_open(&l.types, l.elf + btf.offset, btf.size, log, log_size)))
			return err;
	}

	struct section_header code = section(&l, l.program);
	uint64_t text_size = l.text ? section(&l, l.text).size : 0;
	if (code.size % 8 || text_size % 8)
		return fail(&l, "code size is not a multiple of 8 bytes");
	uint64_t count = (code.size + text_size) / 8;
	if (count > capacity)
		return fail(&l, "program has %u instructions, room for %u", (unsigned)count, (unsigned)capacity);
	memcpy(insns, l.elf + code.offset, code.size);
	if (text_size)
		memcpy(insns + code.size / 8, l.elf + section(&l, l.text).offset, text_size);

	memset(prog, 0, sizeof *prog);
	prog->insns = insns;
	prog->count = (uint32_t)count;
	/* libbpf's convention: a program in SEC("xdp") (or "xdp/...") is an XDP program */
	const char *name = section_name(&l, l.program);
	if (!strncmp(name, "xdp", 3) && (name[3] == 0 || name[3] == '/'))
		prog->kind = BPF_KIND_XDP;
	if (l.maps && (err = create_maps(&l, prog)))
		return err;
	uint32_t text_base = (uint32_t)(code.size / 8);
	if ((err = relocate(&l, l.program, 0, insns, text_base, prog)))
		return err;
	if (l.text && (err = relocate(&l, l.text, text_base, insns, text_base, prog)))
		return err;
	return 0;
}
