/*
 * size-report.c — how much of the ESP8266's IRAM, DRAM and IROM a firmware
 * uses, per section, per module (from the linker map) and per symbol; with
 * --warn, only a warning when a region is more than 90% full (run after links).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "elf.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Where each region lies on the chip (facts/esp8266.md §1), and how much of
 * it our link may fill: the LENGTHs of board/esp8266/layout.ld (facts §8).
 */
enum { IRAM, DRAM, IROM, NREGIONS };
static const struct {
	const char *name;
	uint32_t start, end;
	uint32_t capacity;
} regions[NREGIONS] = {
	[IRAM] = { "IRAM", 0x40100000, 0x40108000, 0x8000 },
	[DRAM] = { "DRAM", 0x3FFE8000, 0x40000000, 0x14000 },
	[IROM] = { "IROM", 0x40200000, 0x40300000, 0x5C000 },
};

/* A module's bytes are counted in these columns. */
enum { C_IRAM, C_DATA, C_RODATA, C_BSS, C_IROM, NCOLS };
static const char *const col_names[NCOLS] = { "IRAM", "data", "rodata", "bss", "IROM" };

#define WARN_PERCENT 90

struct module {
	char *name;
	uint64_t bytes[NCOLS];
};

/* A piece of an output section that the map attributes to a module. */
struct piece {
	uint64_t addr, size;
	size_t module;
};

static struct module *modules;
static size_t nmodules;
static struct piece *pieces;
static size_t npieces, cap_pieces;

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("size-report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int region_of(uint64_t addr)
{
	for (int r = 0; r < NREGIONS; r++)
		if (addr >= regions[r].start && addr < regions[r].end)
			return r;
	return -1;
}

/* The column a section's bytes count in, or -1 for bytes on no chip region. */
static int column_of(const struct elf_section *s)
{
	if (!(s->flags & SHF_ALLOC) || s->size == 0)
		return -1;
	switch (region_of(s->addr)) {
	case IRAM: return C_IRAM;
	case IROM: return C_IROM;
	case DRAM:
		if (s->type == SHT_NOBITS)
			return C_BSS;
		return (s->flags & SHF_WRITE) ? C_DATA : C_RODATA;
	default: return -1;
	}
}

static int region_of_column(int c)
{
	return c == C_IRAM ? IRAM : c == C_IROM ? IROM : DRAM;
}

static void usage(void)
{
	fprintf(stderr, "usage: size-report [--map FILE] [--top N] firmware.elf\n"
		"       size-report --warn firmware.elf\n");
	exit(2);
}

static void region_totals(const struct elf *e, uint64_t used[NREGIONS], uint64_t cols[NCOLS])
{
	memset(used, 0, NREGIONS * sizeof *used);
	memset(cols, 0, NCOLS * sizeof *cols);
	for (size_t i = 0; i < e->nsections; i++) {
		int c = column_of(&e->sections[i]);
		if (c < 0)
			continue;
		cols[c] += e->sections[i].size;
		used[region_of_column(c)] += e->sections[i].size;
	}
}

static double percent(uint64_t used, uint64_t capacity)
{
	return 100.0 * used / capacity;
}

/* --warn: silent unless a region passes WARN_PERCENT; never fails the build. */
static int warn(const struct elf *e)
{
	uint64_t used[NREGIONS], cols[NCOLS];

	region_totals(e, used, cols);
	for (int r = 0; r < NREGIONS; r++)
		if (used[r] * 100 > (uint64_t)regions[r].capacity * WARN_PERCENT)
			fprintf(stderr, "warning: %s: %s is %.1f%% full (%llu of %u bytes, more than %d%%)\n",
				e->path, regions[r].name, percent(used[r], regions[r].capacity),
				(unsigned long long)used[r], regions[r].capacity, WARN_PERCENT);
	return 0;
}

/* The objects under one build's obj/ directory, to name archive members. */
static char **objects;
static size_t nobjects, cap_objects;
static char objects_root[4096];
static size_t objects_root_len;

static int collect_object(const char *path, const struct stat *st, int kind, struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (kind != FTW_F || n < 2 || strcmp(path + n - 2, ".o") != 0)
		return 0;
	/* programs' own objects are linked directly, never from the archive */
	const char *rel = path + objects_root_len + 1;
	if (!strncmp(rel, "examples/", 9) || !strncmp(rel, "tests/", 6) || !strncmp(rel, "bench/", 6))
		return 0;
	if (nobjects == cap_objects) {
		cap_objects = cap_objects ? 2 * cap_objects : 64;
		objects = realloc(objects, cap_objects * sizeof *objects);
		if (!objects)
			die("out of memory");
	}
	objects[nobjects++] = strdup(rel);
	return 0;
}

/* The source path (kernel/ring.c) of an archive member (ring.c.o) when the
 * archive sits beside the obj/ directory it was made from and exactly one
 * object there has that name; NULL otherwise. */
static char *member_source(const char *archive, size_t archive_len, const char *member, size_t member_len)
{
	char root[4096];
	size_t dir = archive_len;

	while (dir && archive[dir - 1] != '/')
		dir--;
	snprintf(root, sizeof root, "%.*sobj", (int)dir, archive);
	if (strcmp(root, objects_root) != 0) {
		for (size_t i = 0; i < nobjects; i++)
			free(objects[i]);
		nobjects = 0;
		snprintf(objects_root, sizeof objects_root, "%s", root);
		objects_root_len = strlen(root);
		nftw(root, collect_object, 16, FTW_PHYS);
	}
	const char *found = NULL;
	for (size_t i = 0; i < nobjects; i++) {
		const char *base = strrchr(objects[i], '/');
		base = base ? base + 1 : objects[i];
		if (strlen(base) == member_len && strncmp(base, member, member_len) == 0) {
			if (found)
				return NULL;
			found = objects[i];
		}
	}
	return found ? strndup(found, strlen(found) - 2) : NULL;
}

/*
 * The module a map's input file belongs to: build/<t>/obj/kernel/ring.c.o
 * and build/<t>/lib8266go.a(ring.c.o) are kernel/ring.c; a member of a
 * library from elsewhere is its library (.../libc.a(x.o) is libc).
 */
static char *module_name(const char *file)
{
	const char *paren = strchr(file, '(');
	char *name;

	if (paren) {
		const char *member = paren + 1;
		size_t member_len = strcspn(member, ")");
		name = member_source(file, paren - file, member, member_len);
		if (name)
			return name;
		const char *base = file;
		for (const char *p = file; p < paren; p++)
			if (*p == '/')
				base = p + 1;
		name = strndup(base, paren - base);
		size_t n = strlen(name);
		if (n > 2 && strcmp(name + n - 2, ".a") == 0)
			name[n - 2] = 0;
		return name;
	}
	const char *obj = strstr(file, "/obj/");
	name = strdup(obj ? obj + 5 : file);
	size_t n = strlen(name);
	if (n > 2 && strcmp(name + n - 2, ".o") == 0)
		name[n - 2] = 0;
	return name;
}

static size_t module_index(const char *name)
{
	for (size_t i = 0; i < nmodules; i++)
		if (strcmp(modules[i].name, name) == 0)
			return i;
	modules = realloc(modules, (nmodules + 1) * sizeof *modules);
	if (!modules)
		die("out of memory");
	memset(&modules[nmodules], 0, sizeof *modules);
	modules[nmodules].name = strdup(name);
	return nmodules++;
}

static void add_piece(uint64_t addr, uint64_t size, size_t module)
{
	if (npieces == cap_pieces) {
		cap_pieces = cap_pieces ? 2 * cap_pieces : 256;
		pieces = realloc(pieces, cap_pieces * sizeof *pieces);
		if (!pieces)
			die("out of memory");
	}
	pieces[npieces++] = (struct piece){ addr, size, module };
}

static int is_hex(const char *s)
{
	return s && s[0] == '0' && s[1] == 'x' && s[2];
}

/* Bytes of the output section that no input file accounts for: alignment
 * fill, or space the linker script reserves itself (the boot stack). */
static void close_section(const struct elf_section *out, int col, uint64_t from_files)
{
	char name[96];

	if (!out || from_files >= out->size)
		return;
	if (from_files)
		snprintf(name, sizeof name, "(fill)");
	else
		snprintf(name, sizeof name, "(%s)", out->name);
	size_t m = module_index(name); /* may move modules[] */
	modules[m].bytes[col] += out->size - from_files;
}

/*
 * GNU ld's map, after "Linker script and memory map": an output section
 * starts in column 0; its input sections are indented one space, as
 * " name 0xADDR 0xSIZE file", or with the name alone on its line when long
 * and the numbers on the next. Other indented lines (symbols, assignments,
 * patterns, "size before relaxing") have no second hex number.
 */
static void read_map(const struct elf *e, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int started = 0, pending = 0, col = -1;
	const struct elf_section *out = NULL;
	uint64_t from_files = 0;

	if (!f)
		die("%s: cannot open the linker map (give one with --map)", path);
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		if (!started) {
			started = strncmp(line, "Linker script and memory map", 28) == 0;
			continue;
		}
		if (line[0] && line[0] != ' ') {
			close_section(out, col, from_files);
			char name[256] = "";
			sscanf(line, "%255s", name);
			out = elf_section_named(e, name);
			col = out ? column_of(out) : -1;
			if (col < 0)
				out = NULL;
			from_files = 0;
			pending = 0;
			continue;
		}
		if (!out)
			continue;

		char *tok[4] = { 0 };
		int n = 0;
		int first_indented_once = line[0] == ' ' && line[1] != ' ';
		for (char *t = strtok(line, " \t"); t && n < 4; t = strtok(NULL, " \t"))
			tok[n++] = t;
		char **num;
		if (first_indented_once && n == 1 && tok[0][0] != '*') {
			pending = 1; /* a long input section name; numbers follow */
			continue;
		}
		if (first_indented_once)
			num = tok + 1;
		else if (pending)
			num = tok;
		else
			continue;
		pending = 0;
		if (!is_hex(num[0]) || !is_hex(num[1]) || !num[2])
			continue; /* fill, symbols, patterns: not a file's bytes */
		uint64_t addr = strtoull(num[0], NULL, 16), size = strtoull(num[1], NULL, 16);
		if (size == 0)
			continue;
		char *mname = module_name(num[2]);
		size_t m = module_index(mname);
		free(mname);
		modules[m].bytes[col] += size;
		from_files += size;
		add_piece(addr, size, m);
	}
	close_section(out, col, from_files);
	fclose(f);
	if (!started)
		die("%s: not a GNU ld map (no \"Linker script and memory map\")", path);
}

static const char *module_at(uint64_t addr)
{
	for (size_t i = 0; i < npieces; i++)
		if (addr >= pieces[i].addr && addr - pieces[i].addr < pieces[i].size)
			return modules[pieces[i].module].name;
	return "?";
}

static uint64_t module_total(const struct module *m)
{
	uint64_t t = 0;

	for (int c = 0; c < NCOLS; c++)
		t += m->bytes[c];
	return t;
}

static int by_total(const void *a, const void *b)
{
	uint64_t x = module_total(*(const struct module *const *)a);
	uint64_t y = module_total(*(const struct module *const *)b);
	return x > y ? -1 : x < y;
}

static int by_size(const void *a, const void *b)
{
	const struct elf_symbol *x = *(const struct elf_symbol *const *)a;
	const struct elf_symbol *y = *(const struct elf_symbol *const *)b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void report(const struct elf *e, const char *map, int top)
{
	uint64_t used[NREGIONS], cols[NCOLS];

	region_totals(e, used, cols);
	printf("%s: ESP8266 memory use (capacity: board/esp8266/layout.ld)\n\n", e->path);
	printf("%-10s %10s %10s %7s\n", "region", "used", "capacity", "use");
	for (int r = 0; r < NREGIONS; r++) {
		printf("%-10s %10llu %10u %6.1f%%\n", regions[r].name, (unsigned long long)used[r],
			regions[r].capacity, percent(used[r], regions[r].capacity));
		if (r == DRAM)
			for (int c = C_DATA; c <= C_BSS; c++)
				printf("  %-8s %10llu\n", col_names[c], (unsigned long long)cols[c]);
	}

	printf("\n%-20s %-6s %-8s %10s %10s\n", "section", "region", "kind", "address", "size");
	for (size_t i = 0; i < e->nsections; i++) {
		const struct elf_section *s = &e->sections[i];
		if (!(s->flags & SHF_ALLOC) || s->size == 0)
			continue;
		int c = column_of(s);
		printf("%-20s %-6s %-8s 0x%08llx %10llu\n", s->name,
			c < 0 ? "-" : regions[region_of_column(c)].name,
			c < 0 ? "off-chip" : col_names[c],
			(unsigned long long)s->addr, (unsigned long long)s->size);
	}

	if (map) {
		read_map(e, map);
		/* sort pointers: pieces[] index modules[] for the symbol table below */
		const struct module **order = calloc(nmodules + 1, sizeof *order);
		if (!order)
			die("out of memory");
		for (size_t i = 0; i < nmodules; i++)
			order[i] = &modules[i];
		qsort(order, nmodules, sizeof *order, by_total);
		printf("\n%-28s", "module");
		for (int c = 0; c < NCOLS; c++)
			printf(" %8s", col_names[c]);
		printf(" %8s\n", "total");
		uint64_t sum[NCOLS] = { 0 };
		for (size_t i = 0; i < nmodules; i++) {
			printf("%-28s", order[i]->name);
			for (int c = 0; c < NCOLS; c++) {
				printf(" %8llu", (unsigned long long)order[i]->bytes[c]);
				sum[c] += order[i]->bytes[c];
			}
			printf(" %8llu\n", (unsigned long long)module_total(order[i]));
		}
		free(order);
		printf("%-28s", "total");
		uint64_t all = 0;
		for (int c = 0; c < NCOLS; c++) {
			printf(" %8llu", (unsigned long long)sum[c]);
			all += sum[c];
		}
		printf(" %8llu\n", (unsigned long long)all);
	} else
		printf("\n(no linker map: no per-module table)\n");

	const struct elf_symbol **syms = calloc(e->nsymbols + 1, sizeof *syms);
	size_t n = 0;
	if (!syms)
		die("out of memory");
	for (size_t i = 0; i < e->nsymbols; i++) {
		const struct elf_symbol *y = &e->symbols[i];
		if ((y->type == STT_FUNC || y->type == STT_OBJECT) && y->size && region_of(y->value) >= 0)
			syms[n++] = y;
	}
	qsort(syms, n, sizeof *syms, by_size);
	printf("\n%8s %-6s %-32s %s\n", "size", "region", "largest symbols", "module");
	for (size_t i = 0; i < n && (int)i < top; i++)
		printf("%8llu %-6s %-32s %s\n", (unsigned long long)syms[i]->size,
			regions[region_of(syms[i]->value)].name, syms[i]->name,
			map ? module_at(syms[i]->value) : "");
	free(syms);
}

int main(int argc, char **argv)
{
	const char *input = NULL, *map = NULL;
	int warn_only = 0, top = 15;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--warn") == 0)
			warn_only = 1;
		else if (strcmp(argv[i], "--map") == 0 && i + 1 < argc)
			map = argv[++i];
		else if (strcmp(argv[i], "--top") == 0 && i + 1 < argc)
			top = atoi(argv[++i]);
		else if (argv[i][0] == '-' || input)
			usage();
		else
			input = argv[i];
	}
	if (!input)
		usage();

	struct elf e;
	if (elf_load(&e, input) < 0)
		die("%s", e.error);
	if (e.bits != 32 || e.machine != EM_XTENSA)
		die("%s: ELF%d for %s (machine %u); the report knows the ESP8266's regions only",
			input, e.bits, elf_machine_name(e.machine), e.machine);
	if (warn_only)
		return warn(&e);

	/* build/esp8266/demo.elf was linked with -Map build/esp8266/demo.map */
	char guess[4096];
	size_t len = strlen(input);
	if (!map && len > 4 && len < sizeof guess && strcmp(input + len - 4, ".elf") == 0) {
		snprintf(guess, sizeof guess, "%.*s.map", (int)(len - 4), input);
		FILE *f = fopen(guess, "r");
		if (f) {
			fclose(f);
			map = guess;
		}
	}
	report(&e, map, top);
	elf_free(&e);
	return 0;
}
