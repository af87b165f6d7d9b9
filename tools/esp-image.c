/*
 * esp-image.c — the ESP8266 flash image tool: elf2image turns a firmware ELF
 * into the boot ROM's v1 image plus the raw IROM file, merge joins files into
 * one flash file, info prints and verifies an image (facts/esp8266.md §7).
 */
#include "elf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* facts §7; esptool docs firmware-image-format.rst */
#define IMAGE_MAGIC 0xE9
#define IMAGE_V2_MAGIC 0xEA
#define CHECKSUM_SEED 0xEF
#define MAX_SEGMENTS 16
#define IROM_MAP_START 0x40200000u

struct region {
	const char *name;
	uint32_t start, end; /* [start, end) */
	int loaded_by_rom;
};

/*
 * facts §1. DRAM stops at 3FFFC000 because the ROM's own data (exception and
 * IRQ tables, its stack) lies above and is in use while it loads the image.
 * IRAM stops at 40108000 because our boot maps the 32 KiB flash cache there
 * (Cache_Read_Enable(0,0,1), facts §7). IROM is the 1 MiB flash window, which
 * the ROM never loads: its bytes go to flash as a raw file.
 */
static const struct region regions[] = {
	{ "DRAM", 0x3FFE8000, 0x3FFFC000, 1 },
	{ "IRAM", 0x40100000, 0x40108000, 1 },
	{ "IROM", IROM_MAP_START, 0x40300000, 0 },
};
#define NREGIONS (sizeof regions / sizeof regions[0])

struct choice {
	const char *name;
	int code;
};

static const struct choice flash_modes[] = {
	{ "qio", 0 }, { "qout", 1 }, { "dio", 2 }, { "dout", 3 }, { NULL, 0 },
};

/* The header's high nibble (facts §7); -c1 are the SDK's alternative layouts. */
static const struct choice flash_sizes[] = {
	{ "512K", 0 }, { "256K", 1 }, { "1M", 2 }, { "2M", 3 }, { "4M", 4 },
	{ "2M-c1", 5 }, { "4M-c1", 6 }, { "8M", 8 }, { "16M", 9 }, { NULL, 0 },
};

static const struct choice flash_freqs[] = {
	{ "40m", 0x0 }, { "26m", 0x1 }, { "20m", 0x2 }, { "80m", 0xF }, { NULL, 0 },
};

static const char *progname = "esp-image";

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s elf2image [--flash-mode qio|qout|dio|dout] [--flash-size 512K|256K|1M|2M|4M|2M-c1|4M-c1|8M|16M]\n"
		"                 [--flash-freq 40m|26m|20m|80m] -o PREFIX firmware.elf\n"
		"       %s merge -o OUT OFFSET FILE [OFFSET FILE]...\n"
		"       %s info IMAGE\n", progname, progname, progname);
	exit(2);
}

/* The region holding all of [addr, addr+len), or NULL. */
static const struct region *region_of(uint64_t addr, uint64_t len)
{
	for (size_t i = 0; i < NREGIONS; i++)
		if (addr >= regions[i].start && addr < regions[i].end &&
		    len <= regions[i].end - addr)
			return &regions[i];
	return NULL;
}

/* The region addr starts in, for messages; NULL if none. */
static const struct region *region_at(uint64_t addr)
{
	return region_of(addr, 1);
}

static const char *region_list(void)
{
	static char buf[160];
	size_t n = 0;

	for (size_t i = 0; i < NREGIONS; i++)
		n += snprintf(buf + n, sizeof buf - n, "%s%s 0x%08x-0x%08x", i ? ", " : "",
			regions[i].name, regions[i].start, regions[i].end - 1);
	return buf;
}

static uint8_t *read_whole(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		die("%s: %s", path, strerror(errno));
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory");
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	*size = n;
	return buf;
}

static void write_whole(const char *path, const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die("%s: write error", path);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- elf2image ---- */

struct segment {
	const struct region *region;
	uint32_t addr;
	uint8_t *data;
	size_t len; /* a multiple of 4: esptool pads every section, and the ROM copies words */
	char names[128]; /* the ELF sections it holds, for messages */
};

/* The choice named arg (case-insensitive; a size may say "4MB" as esptool
 * does), or NULL. A size with a lower-case m ("8m") is refused before this:
 * esptool before 4.x read it as megabits. */
static const struct choice *choice_named(const struct choice *table, const char *arg)
{
	char name[16];
	size_t n = strcspn(arg, "-");

	if (strlen(arg) >= sizeof name)
		return NULL;
	strcpy(name, arg);
	if (table == flash_sizes && n > 1 && (name[n - 1] == 'B' || name[n - 1] == 'b'))
		memmove(name + n - 1, name + n, strlen(name + n) + 1);
	for (; table->name; table++)
		if (strcasecmp(name, table->name) == 0)
			return table;
	return NULL;
}

static const char *choice_name(const struct choice *table, int code)
{
	for (; table->name; table++)
		if (table->code == code)
			return table->name;
	return NULL;
}

/* The value after option argv[*i], which must be there and must not be
 * the next option. */
static const char *option_value(int argc, char **argv, int *i)
{
	const char *option = argv[*i];
	if (*i + 1 == argc || (argv[*i + 1][0] == '-' && argv[*i + 1][1]))
		die("%s needs a value%s%s", option, *i + 1 == argc ? "" : ", before ",
			*i + 1 == argc ? "" : argv[*i + 1]);
	return argv[++*i];
}

/* "8m": esptool before 4.x meant megabits (8m = 1MB), later ones megabytes. */
static void refuse_megabits(const char *arg)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);
	if (end == arg || end[0] != 'm')
		return;
	const char *layout = strchr(arg, '-') ? strchr(arg, '-') : ""; /* "-c1" */
	if (n % 8 == 0 && n >= 8)
		die("flash size '%s' is ambiguous: esptool before 4.x read it as %lu megabits (%luMB), later ones as %luMB; write %luMB%s or %luMB%s",
			arg, n, n / 8, n, n / 8, layout, n, layout);
	die("flash size '%s' is ambiguous: esptool before 4.x read it as %lu megabits (%luKB), later ones as %luMB; write %luKB%s or %luMB%s",
		arg, n, n * 128, n, n * 128, layout, n, layout);
}

/* Adds a section's bytes, joining it to the previous segment when it follows
 * it directly in the same region, as esptool v4 does. */
static void add_section(struct segment *segs, size_t *nsegs, const struct region *r,
	const struct elf_section *s, const uint8_t *bytes)
{
	size_t padded = (s->size + 3) & ~(size_t)3;
	struct segment *g = *nsegs ? &segs[*nsegs - 1] : NULL;

	if (!g || g->region != r || g->addr + g->len != s->addr) {
		if (*nsegs == MAX_SEGMENTS)
			die("more than %d segments: section %s would be segment %d (facts §7: esptool allows at most 16)",
				MAX_SEGMENTS, s->name, MAX_SEGMENTS + 1);
		g = &segs[(*nsegs)++];
		memset(g, 0, sizeof *g);
		g->region = r;
		g->addr = s->addr;
	}
	g->data = realloc(g->data, g->len + padded);
	if (!g->data)
		die("out of memory");
	memcpy(g->data + g->len, bytes, s->size);
	memset(g->data + g->len + s->size, 0, padded - s->size);
	g->len += padded;
	size_t n = strlen(g->names);
	snprintf(g->names + n, sizeof g->names - n, "%s%s", n ? " " : "", s->name);
}

static int cmd_elf2image(int argc, char **argv)
{
	int mode = 0, size = 2, freq = 0; /* esptool's defaults: QIO, 1MB, 40m (facts §7) */
	const char *prefix = NULL, *input = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct choice *table = NULL;
		const char *what = NULL;
		int *code = NULL;

		if (strcmp(a, "--flash-mode") == 0 || strcmp(a, "--flash_mode") == 0)
			table = flash_modes, what = "mode", code = &mode;
		else if (strcmp(a, "--flash-size") == 0 || strcmp(a, "--flash_size") == 0)
			table = flash_sizes, what = "size", code = &size;
		else if (strcmp(a, "--flash-freq") == 0 || strcmp(a, "--flash_freq") == 0)
			table = flash_freqs, what = "frequency", code = &freq;
		else if (strcmp(a, "-o") == 0) {
			prefix = option_value(argc, argv, &i);
			continue;
		} else if (a[0] == '-')
			usage();
		else if (input)
			usage();
		else {
			input = a;
			continue;
		}
		const char *value = option_value(argc, argv, &i);
		if (table == flash_sizes)
			refuse_megabits(value);
		const struct choice *c = choice_named(table, value);
		if (!c)
			die("unknown flash %s '%s'", what, value);
		*code = c->code;
	}
	if (!prefix || !input)
		usage();

	struct elf e;
	if (elf_load(&e, input) < 0)
		die("%s", e.error);
	if (e.bits != 32)
		die("%s: ELF%d file; an ESP8266 firmware is ELF32", input, e.bits);
	if (e.machine != EM_XTENSA)
		die("%s: machine %u (%s), expected %u (Xtensa): not an lx106 firmware",
			input, e.machine, elf_machine_name(e.machine), EM_XTENSA);

	struct segment segs[MAX_SEGMENTS];
	size_t nsegs = 0;
	for (size_t i = 0; i < e.nsections; i++) {
		const struct elf_section *s = &e.sections[i];
		if (!(s->flags & SHF_ALLOC) || s->size == 0)
			continue;
		const struct region *r = region_of(s->addr, s->size);
		if (!r)
			die("%s: section %s at 0x%08llx (0x%llx bytes) is outside the ESP8266's regions (%s)",
				input, s->name, (unsigned long long)s->addr, (unsigned long long)s->size, region_list());
		if (s->type == SHT_NOBITS) {
			/* DRAM's NOBITS (.bss, the boot stack) is zeroed or claimed at
			 * run time, and so is the eBPF JIT's code pool in IRAM (the
			 * JIT writes it before any of it runs); anywhere else nothing
			 * would ever write it. */
			if (strcmp(r->name, "DRAM") != 0 && strcmp(s->name, ".bpf_jit_pool") != 0)
				die("%s: section %s is NOBITS (no bytes in the file) but lies in %s: the ROM loads only bytes that are in the image",
					input, s->name, r->name);
			continue;
		}
		add_section(segs, &nsegs, r, s, elf_section_data(&e, s));
	}

	const struct segment *irom = NULL;
	size_t nram = 0;
	int entry_loaded = 0;
	for (size_t i = 0; i < nsegs; i++) {
		if (!segs[i].region->loaded_by_rom) {
			if (irom)
				die("%s: two separate pieces in IROM (%s at 0x%08x and %s at 0x%08x); the raw IROM file holds one",
					input, irom->names, irom->addr, segs[i].names, segs[i].addr);
			irom = &segs[i];
			continue;
		}
		nram++;
		if (e.entry >= segs[i].addr && e.entry < segs[i].addr + segs[i].len)
			entry_loaded = 1;
	}
	if (nram == 0)
		die("%s: no sections for the ROM to load into DRAM or IRAM", input);
	if (!entry_loaded)
		die("%s: entry point 0x%08llx is not in a section the ROM loads (%s)",
			input, (unsigned long long)e.entry,
			region_at(e.entry) ? region_at(e.entry)->name : "outside the chip's regions");

	/* header, then address + length + bytes per segment, zeros up to
	 * 15 mod 16, the checksum byte (facts §7) */
	size_t total = 8;
	for (size_t i = 0; i < nsegs; i++)
		if (&segs[i] != irom)
			total += 8 + segs[i].len;
	total = (total | 15) + 1;
	uint8_t *img = calloc(1, total);
	if (!img)
		die("out of memory");
	img[0] = IMAGE_MAGIC;
	img[1] = nram;
	img[2] = mode;
	img[3] = size << 4 | freq;
	put32(img + 4, e.entry);
	size_t pos = 8;
	uint8_t sum = CHECKSUM_SEED;
	for (size_t i = 0; i < nsegs; i++) {
		if (&segs[i] == irom)
			continue;
		put32(img + pos, segs[i].addr);
		put32(img + pos + 4, segs[i].len);
		memcpy(img + pos + 8, segs[i].data, segs[i].len);
		for (size_t k = 0; k < segs[i].len; k++)
			sum ^= segs[i].data[k];
		pos += 8 + segs[i].len;
	}
	img[total - 1] = sum;

	char path[4096];
	if (irom) {
		uint32_t offset = irom->addr - IROM_MAP_START;
		if (offset < total)
			die("%s: the image (%zu bytes at flash 0) would overlap IROM at flash 0x%x", input, total, offset);
		/* esptool's name: the flash offset, at least 5 hex digits */
		snprintf(path, sizeof path, "%s0x%05x.bin", prefix, offset);
		write_whole(path, irom->data, irom->len);
		printf("%s: IROM for flash 0x%05x, %zu bytes (%s)\n", path, offset, irom->len, irom->names);
	}
	snprintf(path, sizeof path, "%s0x00000.bin", prefix);
	write_whole(path, img, total);
	printf("%s: image for flash 0x00000, %zu bytes, %zu segments, entry 0x%08llx, checksum 0x%02x\n",
		path, total, nram, (unsigned long long)e.entry, sum);

	free(img);
	for (size_t i = 0; i < nsegs; i++)
		free(segs[i].data);
	elf_free(&e);
	return 0;
}

/* ---- merge ---- */

/* The largest flash an ESP8266 module carries (facts §7: size code 9, 16MB);
 * no offset or file end may pass it. */
#define FLASH_MAX (16u << 20)

struct part {
	uint32_t offset;
	const char *path;
	uint8_t *data;
	size_t len;
};

static int by_offset(const void *a, const void *b)
{
	const struct part *x = a, *y = b;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* A flash offset: decimal digits, or 0x and hex digits; no sign, no
 * spaces, no octal, at most FLASH_MAX. */
static uint32_t parse_offset(const char *arg)
{
	const char *digits = arg;
	int base = 10;
	uint64_t v = 0;

	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X'))
		digits = arg + 2, base = 16;
	else if (arg[0] == '0' && arg[1])
		die("'%s' is not a flash offset: a leading 0 (write hex as 0x...)", arg);
	if (!*digits)
		die("'%s' is not a flash offset", arg);
	for (const char *c = digits; *c; c++) {
		int d = *c >= '0' && *c <= '9' ? *c - '0'
			: base == 16 && *c >= 'a' && *c <= 'f' ? *c - 'a' + 10
			: base == 16 && *c >= 'A' && *c <= 'F' ? *c - 'A' + 10 : -1;
		if (d < 0)
			die("'%s' is not a flash offset (decimal, or hex as 0x...; no sign)", arg);
		v = v * base + d;
		if (v > FLASH_MAX)
			die("flash offset %s is past 16MB (0x%x), the largest ESP8266 flash", arg, FLASH_MAX);
	}
	return (uint32_t)v;
}

static int cmd_merge(int argc, char **argv)
{
	const char *out = NULL;
	struct part *parts = calloc(argc, sizeof *parts);
	size_t n = 0;

	if (!parts)
		die("out of memory");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0) {
			out = option_value(argc, argv, &i);
			continue;
		}
		parts[n].offset = parse_offset(argv[i]);
		if (i + 1 == argc)
			die("flash offset %s has no file after it", argv[i]);
		parts[n].path = argv[++i];
		n++;
	}
	if (!out || n == 0)
		usage();
	for (size_t i = 0; i < n; i++)
		parts[i].data = read_whole(parts[i].path, &parts[i].len);
	qsort(parts, n, sizeof *parts, by_offset);

	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (parts[i].offset < total)
			die("%s at 0x%x overlaps %s, which ends at 0x%zx",
				parts[i].path, parts[i].offset, parts[i - 1].path, total);
		if (parts[i].len > FLASH_MAX - parts[i].offset)
			die("%s at 0x%x (%zu bytes) ends past 16MB (0x%x), the largest ESP8266 flash",
				parts[i].path, parts[i].offset, parts[i].len, FLASH_MAX);
		total = parts[i].offset + parts[i].len;
	}
	/* 0xFF is erased flash: gaps cost no programming and read as erased */
	uint8_t *flash = malloc(total ? total : 1);
	if (!flash)
		die("out of memory");
	memset(flash, 0xFF, total);
	for (size_t i = 0; i < n; i++) {
		memcpy(flash + parts[i].offset, parts[i].data, parts[i].len);
		free(parts[i].data);
	}
	write_whole(out, flash, total);
	printf("%s: %zu bytes, %zu files\n", out, total, n);
	free(flash);
	free(parts);
	return 0;
}

/* ---- info ---- */

static int problems;

static void problem(const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", progname, path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	problems++;
}

static int cmd_info(int argc, char **argv)
{
	if (argc != 2)
		usage();
	const char *path = argv[1];
	size_t size;
	uint8_t *f = read_whole(path, &size);

	if (size < 8)
		die("%s: truncated: %zu bytes, shorter than the 8-byte image header", path, size);
	if (f[0] == IMAGE_V2_MAGIC)
		die("%s: bad magic 0x%02x: a v2 (OTA boot loader) image, not the ROM's v1 image", path, f[0]);
	if (f[0] != IMAGE_MAGIC)
		die("%s: bad magic 0x%02x, expected 0x%02x: not an ESP8266 boot image", path, f[0], IMAGE_MAGIC);

	unsigned nsegs = f[1], mode = f[2], size_code = f[3] >> 4, freq_code = f[3] & 15;
	uint32_t entry = get32(f + 4);
	const char *mode_name = choice_name(flash_modes, mode);
	const char *size_name = choice_name(flash_sizes, size_code);
	const char *freq_name = choice_name(flash_freqs, freq_code);

	printf("%s: ESP8266 v1 boot image, %zu bytes\n", path, size);
	printf("entry 0x%08x (%s)\n", entry, region_at(entry) ? region_at(entry)->name : "outside the chip's regions");
	printf("flash mode %s, size %s, freq %s (header bytes %02x %02x)\n",
		mode_name ? mode_name : "?", size_name ? size_name : "?",
		freq_name ? freq_name : "?", f[2], f[3]);
	if (!mode_name)
		problem(path, "unknown flash mode %u", mode);
	if (!size_name)
		problem(path, "unknown flash size code %u", size_code);
	if (!freq_name)
		problem(path, "unknown flash frequency code 0x%x", freq_code);
	if (nsegs == 0 || nsegs > MAX_SEGMENTS)
		problem(path, "%u segments; an image has 1 to %d", nsegs, MAX_SEGMENTS);

	printf("%u segments\n", nsegs);
	size_t pos = 8;
	uint8_t sum = CHECKSUM_SEED;
	int entry_loaded = 0;
	for (unsigned i = 0; i < nsegs; i++) {
		if (size - pos < 8)
			die("%s: truncated: segment %u's header at 0x%zx passes the end of the file (%zu bytes)", path, i, pos, size);
		uint32_t addr = get32(f + pos), len = get32(f + pos + 4);
		if (size - pos - 8 < len)
			die("%s: truncated: segment %u (0x%08x, 0x%x bytes at file offset 0x%zx) passes the end of the file (%zu bytes)",
				path, i, addr, len, pos + 8, size);
		const struct region *r = region_of(addr, len);
		/* the offset of the segment's header, as esptool's image_info prints it */
		printf("  %2u  0x%08x  len 0x%05x  file offset 0x%05zx  %s\n", i, addr, len, pos,
			r ? r->name : "outside the chip's regions");
		if (!r)
			problem(path, "segment %u (0x%08x, 0x%x bytes) is outside the ESP8266's regions (%s)", i, addr, len, region_list());
		else if (!r->loaded_by_rom)
			problem(path, "segment %u (0x%08x) is in %s, which the ROM cannot load: flash is mapped, not copied", i, addr, r->name);
		if (len % 4)
			problem(path, "segment %u length 0x%x is not a multiple of 4 (the ROM copies words)", i, len);
		if (entry >= addr && entry - addr < len)
			entry_loaded = 1;
		for (size_t k = 0; k < len; k++)
			sum ^= f[pos + 8 + k];
		pos += 8 + len;
	}
	if (!entry_loaded)
		problem(path, "entry point 0x%08x is not inside any segment", entry);

	size_t at = pos | 15; /* the checksum ends the image at a multiple of 16 (facts §7) */
	if (at >= size)
		die("%s: truncated: the checksum byte at 0x%zx is past the end of the file (%zu bytes)", path, at, size);
	if (f[at] == sum)
		printf("checksum 0x%02x (valid)\n", f[at]);
	else {
		printf("checksum 0x%02x (invalid, calculated 0x%02x)\n", f[at], sum);
		problem(path, "bad checksum: stored 0x%02x, calculated 0x%02x", f[at], sum);
	}
	if (size > at + 1)
		printf("%zu more bytes follow the image (as in a merged flash file)\n", size - at - 1);
	free(f);
	return problems ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "elf2image") == 0)
		return cmd_elf2image(argc - 1, argv + 1);
	if (strcmp(argv[1], "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	if (strcmp(argv[1], "info") == 0)
		return cmd_info(argc - 1, argv + 1);
	usage();
}
