/*
 * fuzz_bpf.c — random programs into the verifier; every accepted one runs on
 * random contexts in this AddressSanitizer/UBSan build, where the context
 * and each map's storage are heap blocks of their exact size, so any access
 * the verifier should have refused ends the run with a report; the verifier
 * gets exactly the scratch memory bpf_verifier_scratch_size asks for.
 *
 * With --btf, it flips random bytes of an object's .BTF section instead and
 * loads each copy from a block of the object's exact size, so the ELF and BTF
 * readers cannot read past the end unseen.
 *
 * With --elf, it mutates whole objects the way a hostile sender would:
 * section header fields (type, offset, size, link, info, name), the ELF
 * header's table fields, symbol fields (name, info, section index, value,
 * size), relocation fields (offset, type, symbol), truncation and stray
 * bytes, from interesting values (0, the file size, 0x40000000, near 2^64,
 * every section index and one past the last). Each copy sits in a block of
 * its exact size; loaded ones are verified and run. The VM's sources are
 * built with -fsanitize-coverage=trace-pc, and a copy "finds a new path"
 * when it reaches a basic block of the VM (loader, BTF reader, verifier,
 * interpreter) that no earlier copy reached, or is refused for a reason
 * (the log with its numbers removed) no earlier copy was refused for.
 *
 * usage: fuzz_bpf [PROGRAMS [SEED]] | fuzz_bpf --btf OBJECT [ROUNDS] |
 * fuzz_bpf --elf ROUNDS OBJECT...; prints ok/not ok lines.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpf.h"
#include "bpf_elf.h"
#include "bpf_map.h"
#include "clock.h"
#include "console.h"

#include "bpf_random.h"

/* The helpers' view of the kernel: a clock and a console. */
uint64_t nanotime(void)
{
	return seed;
}

void console_puts(const char *s)
{
	(void)s;
}

static void silent(const char *line)
{
	(void)line;
}

/* The .BTF section of an object: found by its header (magic 0xeb9f, version
   1, btf.rst §2.1), which also gives its length. */
static int find_btf(const uint8_t *elf, size_t size, size_t *offset, size_t *length)
{
	for (size_t at = 0; at + 24 <= size; at += 4) {
		uint32_t header[6];
		memcpy(header, elf + at, sizeof header);
		uint64_t total = (uint64_t)header[1] + header[4] + header[5];
		if (header[0] == (0xeb9f | 1u << 16) && header[1] == 24 && total <= size - at) {
			*offset = at, *length = total;
			return 0;
		}
	}
	return -1;
}

static int fuzz_btf(const char *path, long rounds)
{
	static uint8_t object[65536];
	static struct bpf_insn insns[BPF_MAX_INSNS];
	FILE *f = fopen(path, "rb");
	size_t size = f ? fread(object, 1, sizeof object, f) : 0, offset, length;
	if (f)
		fclose(f);
	if (!size || find_btf(object, size, &offset, &length)) {
		printf("not ok - fuzz btf: no .BTF in %s\n", path);
		return 1;
	}
	long loaded = 0, silent_failures = 0;
	void *scratch = malloc(1 << 20);
	for (long k = 0; k < rounds; k++) {
		uint8_t *copy = malloc(size);
		memcpy(copy, object, size);
		for (long flips = 1 + k % 4; flips > 0; flips--)
			copy[offset + below((uint32_t)length)] ^= (uint8_t)(1 + below(255));
		struct bpf_program prog;
		char log[160] = "";
		bpf_map_pool_reset();
		int err = bpf_elf_load(copy, size, NULL, insns, BPF_MAX_INSNS, &prog, log, sizeof log);
		if (!err) {
			loaded++;
			prog.ctx_size = CTX_SIZE;
			bpf_verify(&prog, scratch, 1 << 20, log, sizeof log);
		} else if (!log[0]) {
			silent_failures++;
		}
		free(copy);
	}
	free(scratch);
	printf("# %ld flipped copies of %s's .BTF (%zu bytes), %ld loaded, no sanitizer report\n", rounds, path,
	       length, loaded);
	printf("%s - fuzz btf: every refused copy says why\n", silent_failures ? "not ok" : "ok");
	return silent_failures ? 1 : 0;
}

/* Basic blocks of the instrumented VM reached so far, hashed by address. */
static uint8_t blocks_seen[1 << 16];
static long blocks_new, blocks_total;

void __sanitizer_cov_trace_pc(void)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	uint32_t h = (uint32_t)((pc * 0x9e3779b97f4a7c15ull) >> 48);
	if (!blocks_seen[h]) {
		blocks_seen[h] = 1;
		blocks_new++;
		blocks_total++;
	}
}

/* Rejection reasons seen, with their numbers removed ("section # lies ..."). */
static char reasons[4096][96];
static int reason_count;

static bool new_reason(const char *log)
{
	char shape[96];
	size_t n = 0;
	for (const char *c = log; *c && n + 1 < sizeof shape; c++)
		if (!isdigit((unsigned char)*c) || n == 0 || shape[n - 1] != '#')
			shape[n++] = isdigit((unsigned char)*c) ? '#' : *c;
	shape[n] = 0;
	for (int k = 0; k < reason_count; k++)
		if (!strcmp(reasons[k], shape))
			return false;
	if (reason_count < 4096)
		strcpy(reasons[reason_count++], shape);
	return true;
}

/* Where an object's tables are, read once from the unmutated original. */
struct layout {
	uint64_t shoff;
	uint16_t shnum;
	uint64_t symbols, symbol_count; /* the symbol table's offset and entries */
	uint64_t relocations[8], relocation_count[8];
	int rel_sections;
};

static uint64_t get(const uint8_t *p, size_t at, int width)
{
	uint64_t v = 0;
	memcpy(&v, p + at, (size_t)width);
	return v;
}

static void put(uint8_t *p, size_t at, int width, uint64_t v)
{
	memcpy(p + at, &v, (size_t)width);
}

static void read_layout(const uint8_t *elf, struct layout *l)
{
	memset(l, 0, sizeof *l);
	l->shoff = get(elf, 0x28, 8);
	l->shnum = (uint16_t)get(elf, 0x3c, 2);
	for (uint16_t i = 1; i < l->shnum; i++) {
		size_t h = l->shoff + i * 64u;
		uint32_t type = (uint32_t)get(elf, h + 4, 4);
		if (type == 2 /* SHT_SYMTAB */)
			l->symbols = get(elf, h + 0x18, 8), l->symbol_count = get(elf, h + 0x20, 8) / 24;
		if (type == 9 /* SHT_REL */ && l->rel_sections < 8) {
			l->relocations[l->rel_sections] = get(elf, h + 0x18, 8);
			l->relocation_count[l->rel_sections++] = get(elf, h + 0x20, 8) / 16;
		}
	}
}

/* A value a careless reader mishandles, for a field of the given width. */
static uint64_t interesting(size_t file_size, uint16_t shnum, int width)
{
	uint64_t v;
	switch (below(12)) {
	case 0: v = 0; break;
	case 1: v = file_size; break;
	case 2: v = file_size - 1 - below(16); break;
	case 3: v = 0x40000000; break;
	case 4: v = UINT64_MAX - below(64); break;
	case 5: v = below(shnum + 1u); break;
	case 6: v = shnum; break;
	case 7: v = 1ull << (8 * width - 1); break;
	case 8: v = below(64) * 8; break;
	case 9: v = (uint64_t)random32() << 32 | random32(); break;
	default: v = below(256); break;
	}
	return width == 8 ? v : v & ((1ull << (8 * width)) - 1);
}

static void mutate(uint8_t *elf, size_t *size, const struct layout *l)
{
	static const uint32_t types[] = {0, 1, 2, 3, 8, 9, 4, 0x6ffffff5};
	static const int section_fields[][2] = {{0, 4}, {4, 4}, {8, 8}, {0x18, 8}, {0x20, 8}, {0x28, 4}, {0x2c, 4}, {0x38, 8}};
	static const int header_fields[][2] = {{0x28, 8}, {0x3a, 2}, {0x3c, 2}, {0x3e, 2}, {0x10, 2}};
	static const int symbol_fields[][2] = {{0, 4}, {4, 1}, {6, 2}, {8, 8}, {16, 8}};
	switch (below(8)) {
	case 0: case 1: { /* a section header field */
		/* one to three fields of one section: a new type often comes
		   with a new offset or size, as in a hand-edited object */
		uint16_t i = (uint16_t)below(l->shnum);
		size_t at = l->shoff + i * 64u;
		for (uint32_t n = 1 + below(3); n > 0; n--) {
			if (below(3) == 0) {
				put(elf, at + 4, 4, types[below(sizeof types / sizeof types[0])]);
			} else {
				const int *f = section_fields[below(sizeof section_fields / sizeof section_fields[0])];
				put(elf, at + (size_t)f[0], f[1], interesting(*size, l->shnum, f[1]));
			}
		}
		break;
	}
	case 2: { /* an ELF header field */
		const int *f = header_fields[below(sizeof header_fields / sizeof header_fields[0])];
		put(elf, (size_t)f[0], f[1], interesting(*size, l->shnum, f[1]));
		break;
	}
	case 3: case 4: /* a symbol field */
		if (l->symbol_count) {
			const int *f = symbol_fields[below(sizeof symbol_fields / sizeof symbol_fields[0])];
			size_t at = l->symbols + below((uint32_t)l->symbol_count) * 24u + (size_t)f[0];
			put(elf, at, f[1], interesting(*size, l->shnum, f[1]));
		}
		break;
	case 5: /* a relocation field: offset, type or symbol */
		if (l->rel_sections) {
			int r = (int)below((uint32_t)l->rel_sections);
			if (l->relocation_count[r]) {
				size_t at = l->relocations[r] + below((uint32_t)l->relocation_count[r]) * 16u;
				uint32_t which = below(3);
				if (which == 0)
					put(elf, at, 8, interesting(*size, l->shnum, 8));
				else if (which == 1)
					put(elf, at + 8, 4, below(2) ? below(12) : random32());
				else
					put(elf, at + 12, 4, interesting(*size, l->shnum, 4));
			}
		}
		break;
	case 6: /* truncated */
		*size -= below((uint32_t)*size / 4 + 1);
		break;
	default: /* a stray byte anywhere */
		elf[below((uint32_t)*size)] ^= (uint8_t)(1 + below(255));
		break;
	}
}

static int fuzz_elf(long rounds, char **paths, int count)
{
	static uint8_t objects[16][8192];
	static size_t sizes[16];
	static struct layout layouts[16];
	static struct bpf_insn insns[BPF_MAX_INSNS];
	if (count > 16)
		count = 16;
	for (int k = 0; k < count; k++) {
		FILE *f = fopen(paths[k], "rb");
		sizes[k] = f ? fread(objects[k], 1, sizeof objects[k], f) : 0;
		if (f)
			fclose(f);
		if (sizes[k] < 64) {
			printf("not ok - fuzz elf: cannot read %s\n", paths[k]);
			return 1;
		}
		read_layout(objects[k], &layouts[k]);
	}
	long loaded = 0, ran = 0, new_paths = 0, silent_failures = 0;
	void *scratch = malloc(1 << 20);
	bpf_set_printk_sink(silent);
	for (long k = 0; k < rounds; k++) {
		int which = (int)below((uint32_t)count);
		size_t size = sizes[which];
		uint8_t *work = malloc(size);
		memcpy(work, objects[which], size);
		for (long m = 1 + below(4); m > 0; m--)
			mutate(work, &size, &layouts[which]);
		uint8_t *copy = malloc(size); /* exactly its size, so ASan sees any read past the end */
		memcpy(copy, work, size);
		free(work);
		struct bpf_program prog;
		char log[160] = "";
		blocks_new = 0;
		bpf_map_pool_reset();
		int err = bpf_elf_load(copy, size, NULL, insns, BPF_MAX_INSNS, &prog, log, sizeof log);
		bool fresh_reason = false;
		if (!err) {
			loaded++;
			prog.ctx_size = CTX_SIZE;
			prog.budget = 2000;
			if (bpf_verify(&prog, scratch, 1 << 20, log, sizeof log) == 0) {
				uint8_t *ctx = calloc(1, CTX_SIZE);
				uint64_t r0;
				bpf_run(&prog, ctx, &r0);
				free(ctx);
				ran++;
			}
		} else if (!log[0]) {
			silent_failures++;
		} else {
			fresh_reason = new_reason(log);
		}
		new_paths += blocks_new > 0 || fresh_reason;
		free(copy);
	}
	free(scratch);
	printf("# %ld mutated objects from %d clang objects, %ld loaded, %ld verified and ran, %ld found new paths "
	       "(%ld VM basic blocks reached in all, %d distinct rejection reasons), no sanitizer report\n",
	       rounds, count, loaded, ran, new_paths, blocks_total, reason_count);
	bool passed = !silent_failures && new_paths > 0 && ran > 0;
	printf("%s - fuzz elf: every refused object says why, some still load and run (%ld refused silently)\n",
	       passed ? "ok" : "not ok", silent_failures);
	return passed ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 3 && !strcmp(argv[1], "--elf"))
		return fuzz_elf(atol(argv[2]), argv + 3, argc - 3);
	if (argc > 2 && !strcmp(argv[1], "--btf"))
		return fuzz_btf(argv[2], argc > 3 ? atol(argv[3]) : 10000);
	long programs = argc > 1 ? atol(argv[1]) : 200000;
	seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 8266;
	near_zero = true;
	struct bpf_insn insns[64];
	long accepted = 0, runs = 0, loops_stopped = 0, short_of_scratch = 0, unaligned = 0, xdp_accepted = 0;
	char log[160];

	bpf_set_printk_sink(silent);
	for (long k = 0; k < programs; k++) {
		struct bpf_map maps[3];
		void *storage[3];
		static const struct { enum bpf_map_type type; uint32_t key, value, entries; } shapes[3] = {
			{BPF_MAP_TYPE_ARRAY, 4, 24, 3}, {BPF_MAP_TYPE_HASH, 8, 40, 4}, {BPF_MAP_TYPE_RINGBUF, 0, 0, 64}};
		bool xdp = below(4) == 0;
		struct bpf_program prog = {.insns = insns, .count = generate(insns, 64, xdp), .ctx_size = CTX_SIZE,
					   .ctx_writable = below(2), .budget = 2000, .map_count = 3,
					   .kind = xdp ? BPF_KIND_XDP : BPF_KIND_CONTEXT};
		for (int m = 0; m < 3; m++) {
			uint32_t size = bpf_map_storage_size(shapes[m].type, shapes[m].key, shapes[m].value, shapes[m].entries);
			storage[m] = malloc(size);
			bpf_map_init(&maps[m], shapes[m].type, shapes[m].key, shapes[m].value, shapes[m].entries, storage[m]);
			prog.maps[m] = &maps[m];
		}
		/* Exactly what bpf_verifier_scratch_size promises, so that ASan
		   sees the verifier stay inside it. */
		size_t scratch_size = bpf_verifier_scratch_size(&prog);
		void *scratch = malloc(scratch_size);
		int err = bpf_verify(&prog, scratch, scratch_size, log, sizeof log);
		free(scratch);
		if (err == -ENOMEM)
			short_of_scratch++;
		if (err == 0) {
			accepted++;
			xdp_accepted += xdp;
			for (uint32_t i = 0; i < prog.count; i++) {
				uint8_t mode = BPF_MODE(insns[i].code), class = BPF_CLASS(insns[i].code);
				if ((class == BPF_LDX || class == BPF_ST || class == BPF_STX) &&
				    (mode == BPF_MEM_UNALIGNED || mode == BPF_MEMSX_UNALIGNED)) {
					unaligned++;
					break;
				}
			}
			for (int r = 0; r < 4; r++) {
				/* the packet of an XDP run is a block of its exact
				   length, like the context: often just the length
				   the compare checks, or a byte off */
				uint32_t size = !xdp ? CTX_SIZE : below(2) ? below(80) : xdp_checked + below(3) - (xdp_checked > 0);
				/* an option program: often an option whose end is
				   the packet's, or a byte either side */
				uint32_t at = xdp_checked - (xdp_checked > 0), option = at + 2 + below(8);
				uint32_t length = option_guard + below(3) - 1;
				bool option_run = xdp && xdp_option && below(2);
				if (option_run)
					size = option + length + below(3) - 1;
				uint8_t *ctx = malloc(size + BPF_XDP_DATA_ALIGN + !size);
				for (uint32_t b = 0; b < size + BPF_XDP_DATA_ALIGN; b++)
					ctx[b] = (uint8_t)random32();
				/* an XDP packet starts where the hook puts it, and ends the block */
				uint8_t *packet = ctx + BPF_XDP_DATA_ALIGN;
				for (uint32_t b = at; option_run && b < at + 2 && b < size; b++)
					packet[b] = (uint8_t)option;
				for (uint32_t b = option; option_run && b < option + 2 && b < size; b++)
					packet[b] = (uint8_t)length;
				struct bpf_xdp_buff buff = {.data = packet, .data_end = packet + size};
				uint64_t r0;
				if (bpf_run(&prog, xdp ? (void *)&buff : ctx, &r0) == -ETIMEDOUT)
					loops_stopped++;
				runs++;
				free(ctx);
			}
		}
		for (int m = 0; m < 3; m++)
			free(storage[m]);
	}
	printf("# %ld programs, %ld accepted (%ld with accesses of unproven alignment, %ld XDP), %ld runs "
	       "(%ld stopped by the budget), no sanitizer report\n",
	       programs, accepted, unaligned, xdp_accepted, runs, loops_stopped);
	/* A generator whose programs are all rejected, or never take the
	   byte path, would test nothing. */
	bool passed = accepted * 50 >= programs && unaligned * 20 >= accepted && xdp_accepted * 20 >= accepted &&
		      !short_of_scratch;
	printf("%s - fuzz: at least 2%% of random programs verified and ran, 5%% of those with unaligned accesses and 5%% XDP, none short of scratch (%ld)\n",
	       passed ? "ok" : "not ok", short_of_scratch);
	return passed ? 0 : 1;
}
