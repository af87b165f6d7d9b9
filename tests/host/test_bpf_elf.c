/*
 * test_bpf_elf.c — programs compiled by clang -target bpf (tests/bpf/,
 * built into build/host/bpf/) loaded from their ELF objects, verified and
 * run with maps (legacy and BTF-defined) and helpers; and broken objects and
 * BTF refused with a reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "bpf_elf.h"
#include "test_bpf.h"

struct line {
	uint8_t bytes[60];
	uint32_t length;
};

static union {
	struct line line;
	uint64_t align;
} ctx;

static uint8_t object[16384];
static size_t object_size;
static struct bpf_insn insns[BPF_MAX_INSNS];
static char log_[200];

static void read_object(const char *name)
{
	char path[128];
	snprintf(path, sizeof path, "build/host/bpf/%s.o", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository root after make TARGET=host)", path);
	object_size = fread(object, 1, sizeof object, f);
	fclose(f);
}

/* Loads and verifies `name` with the line as its context. */
static int load(const char *name, struct bpf_program *prog)
{
	bpf_map_pool_reset();
	read_object(name);
	int err = bpf_elf_load(object, object_size, NULL, insns, BPF_MAX_INSNS, prog, log_, sizeof log_);
	if (err)
		return err;
	prog->ctx_size = sizeof(struct line);
	static uint8_t scratch[1 << 20];
	return bpf_verify(prog, scratch, sizeof scratch, log_, sizeof log_);
}

static void set_line(const void *bytes, uint32_t length)
{
	memset(&ctx, 0, sizeof ctx);
	memcpy(ctx.line.bytes, bytes, length);
	ctx.line.length = length;
}

static uint64_t run(const struct bpf_program *prog)
{
	uint64_t r0;
	assert_int_equal(bpf_run(prog, &ctx, &r0), 0);
	return r0;
}

/* Ethernet + IPv4 + UDP headers with the given source and destination port. */
static void set_frame(uint8_t last_source_byte, uint16_t port, uint8_t protocol)
{
	uint8_t f[42] = {0};
	f[12] = 0x08, f[13] = 0x00;      /* IPv4 */
	f[14] = 0x45;                    /* version 4, 20-byte header */
	f[23] = protocol;
	f[26] = 10, f[27] = 0, f[28] = 0, f[29] = last_source_byte;
	f[36] = (uint8_t)(port >> 8), f[37] = (uint8_t)port;
	set_line(f, sizeof f);
}

static void assert_map_shape(const struct bpf_map *map, enum bpf_map_type type, uint32_t key_size,
			     uint32_t value_size, uint32_t max_entries)
{
	assert_int_equal(map->type, type);
	assert_int_equal(map->key_size, key_size);
	assert_int_equal(map->value_size, value_size);
	assert_int_equal(map->max_entries, max_entries);
}

/* filter.c and btf_filter.c: the same program, its map defined either way. */
static void check_packet_filter(const char *name)
{
	struct bpf_program prog;
	if (load(name, &prog))
		fail_msg("%s: %s", name, log_);
	assert_int_equal(prog.map_count, 1);
	assert_map_shape(prog.maps[0], BPF_MAP_TYPE_HASH, 4, 8, 16);
	set_frame(7, 53, 17);
	assert_int_equal(run(&prog), 1);
	assert_int_equal(run(&prog), 1);
	set_frame(8, 53, 17);
	assert_int_equal(run(&prog), 1);
	set_frame(7, 80, 17);
	assert_int_equal(run(&prog), 0);
	set_frame(7, 53, 6); /* TCP */
	assert_int_equal(run(&prog), 0);
	uint32_t source = 10u << 24 | 7;
	uint64_t *count = bpf_map_lookup(prog.maps[0], &source);
	assert_non_null(count);
	assert_int_equal(*count, 2);
	source = 10u << 24 | 8;
	assert_int_equal(*(uint64_t *)bpf_map_lookup(prog.maps[0], &source), 1);
}

static void packet_filter_counts_per_source(void **state)
{
	(void)state;
	check_packet_filter("filter");
}

static void btf_defined_hash_map(void **state)
{
	(void)state;
	check_packet_filter("btf_filter");
}

static void btf_defined_array(void **state)
{
	(void)state;
	struct bpf_program prog;
	if (load("btf_loop", &prog))
		fail_msg("btf_loop: %s", log_);
	assert_int_equal(prog.map_count, 1);
	assert_map_shape(prog.maps[0], BPF_MAP_TYPE_ARRAY, 4, 8, 4);
	set_line("a1 b22 c3!", 10);
	assert_int_equal(run(&prog), 1 + 2 + 2 + 3);
	static const uint64_t want[4] = {4, 3, 2, 1};
	for (uint32_t k = 0; k < 4; k++)
		assert_int_equal(*(uint64_t *)bpf_map_lookup(prog.maps[0], &k), want[k]);
}

static void loop_with_local_function_and_array(void **state)
{
	(void)state;
	struct bpf_program prog;
	if (load("loop", &prog))
		fail_msg("loop: %s", log_);
	set_line("a1 b22 c3!", 10);
	assert_int_equal(run(&prog), 1 + 2 + 2 + 3);
	static const uint64_t want[4] = {4, 3, 2, 1}; /* digits, letters, spaces, others */
	for (uint32_t k = 0; k < 4; k++)
		assert_int_equal(*(uint64_t *)bpf_map_lookup(prog.maps[0], &k), want[k]);
	set_line("99999999999999999999999999999999999999999999999999999999999999", 60);
	ctx.line.length = 1000; /* the program clamps it to the buffer */
	assert_int_equal(run(&prog), 9 * 60);
}

static char printed[200];

static void capture(const char *line)
{
	snprintf(printed, sizeof printed, "%s", line);
}

static void helpers_print_stream_and_time(void **state)
{
	(void)state;
	struct bpf_program prog;
	if (load("report", &prog))
		fail_msg("report: %s", log_);
	bpf_set_printk_sink(capture);
	set_line("ABCDEFGHIJ", 10);
	uint64_t r0 = run(&prog);
	bpf_set_printk_sink(NULL);
	assert_string_equal(printed, "length 10\n");
	assert_int_equal(r0 & 6, 6); /* ktime and the cycle counter are running */
	char record[16];
	assert_int_equal(bpf_ringbuf_read(prog.maps[0], record, sizeof record), 8);
	assert_memory_equal(record, "ABCDEFGH", 8);
	assert_int_equal(bpf_ringbuf_read(prog.maps[0], record, sizeof record), 0);
}

/* The clang programs verify in a few KiB (bpfload gives the verifier 32 KiB
   on lx106), with exactly what bpf_verifier_scratch_size asks for. */
static void clang_programs_verify_in_14_kib(void **state)
{
	(void)state;
	static const char *const names[] = {"filter", "btf_filter", "loop", "btf_loop", "report"};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		struct bpf_program prog;
		bpf_map_pool_reset();
		read_object(names[k]);
		assert_int_equal(bpf_elf_load(object, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), 0);
		prog.ctx_size = sizeof(struct line);
		size_t size = bpf_verifier_scratch_size(&prog);
		if (size > 14336)
			fail_msg("%s asks for %zu bytes of scratch", names[k], size);
		void *scratch = malloc(size);
		int err = bpf_verify(&prog, scratch, size, log_, sizeof log_);
		free(scratch);
		if (err)
			fail_msg("%s: %s", names[k], log_);
	}
}

/* checksum.c: the 16-bit loop over 1500 bytes verifies as clang wrote it,
   its word loads proven aligned (the interpreter's direct path), and sums
   as RFC 1071 does. */
static void checksum_loop_proven_aligned(void **state)
{
	(void)state;
	static uint64_t packet[1504 / 8];
	static uint8_t scratch[1 << 16];
	struct bpf_program prog;
	bpf_map_pool_reset();
	read_object("checksum");
	assert_int_equal(bpf_elf_load(object, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), 0);
	prog.ctx_size = 1500;
	if (bpf_verify(&prog, scratch, sizeof scratch, log_, sizeof log_))
		fail_msg("checksum: %s", log_);
	int words = 0;
	for (uint32_t i = 0; i < prog.count; i++)
		if (BPF_CLASS(insns[i].code) == BPF_LDX && BPF_SIZE(insns[i].code) == BPF_H) {
			words++;
			assert_int_equal(BPF_MODE(insns[i].code), BPF_MEM);
		}
	assert_int_equal(words, 1);
	uint8_t *bytes = (uint8_t *)packet;
	uint32_t sum = 0;
	for (int i = 0; i < 1500; i++)
		bytes[i] = (uint8_t)(i * 7 + 3);
	for (int i = 0; i < 1500; i += 2)
		sum += (uint32_t)bytes[i] | (uint32_t)bytes[i + 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	uint64_t r0;
	assert_int_equal(bpf_run(&prog, packet, &r0), 0);
	assert_int_equal(r0, ~sum & 0xffff);
}

/* xdp_echo.c: SEC("xdp") makes an XDP program; its context reads become
   bpf_xdp_buff loads, and its 16- and 32-bit packet accesses (Ethernet
   type, IPv4 addresses, UDP ports behind a header of 4-byte words) are
   natural for a packet at BPF_XDP_DATA_ALIGN: plain BPF_MEM. */
static void xdp_section_is_an_xdp_program(void **state)
{
	(void)state;
	static uint8_t scratch[1 << 16];
	struct bpf_program prog;
	bpf_map_pool_reset();
	read_object("xdp_echo");
	assert_int_equal(bpf_elf_load(object, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), 0);
	assert_int_equal(prog.kind, BPF_KIND_XDP);
	if (bpf_verify(&prog, scratch, sizeof scratch, log_, sizeof log_))
		fail_msg("xdp_echo: %s", log_);
	/* clang reads data_end, then data, first (llvm-objdump -d) */
	uint8_t pointer_size = sizeof(void *) == 8 ? BPF_DW : BPF_W;
	assert_int_equal(insns[1].code, BPF_LDX | BPF_MEM | pointer_size);
	assert_int_equal(insns[1].off, offsetof(struct bpf_xdp_buff, data_end));
	assert_int_equal(insns[2].code, BPF_LDX | BPF_MEM | pointer_size);
	assert_int_equal(insns[2].off, offsetof(struct bpf_xdp_buff, data));
	int wide_packet_accesses = 0;
	for (uint32_t i = 3; i < prog.count; i++) {
		uint8_t class = BPF_CLASS(insns[i].code);
		if ((class == BPF_LDX || class == BPF_STX || class == BPF_ST) && BPF_SIZE(insns[i].code) != BPF_B) {
			wide_packet_accesses++;
			assert_int_equal(BPF_MODE(insns[i].code), BPF_MEM);
		}
	}
	assert_true(wide_packet_accesses > 0);
}

static void unchecked_index_is_rejected(void **state)
{
	(void)state;
	struct bpf_program prog;
	assert_int_equal(load("unchecked", &prog), -EINVAL);
	assert_non_null(strstr(log_, "context access"));
}

static void global_data_is_refused(void **state)
{
	(void)state;
	struct bpf_program prog;
	assert_int_equal(load("global", &prog), -EINVAL);
	assert_non_null(strstr(log_, "calls is global data"));
}

/* The object's section `name`: where its header and bytes are. */
static void find_section(const uint8_t *elf, const char *name, size_t *header, size_t *offset, size_t *size)
{
	uint64_t shoff, names, at;
	uint16_t shnum, shstrndx;
	memcpy(&shoff, elf + 0x28, 8);
	memcpy(&shnum, elf + 0x3c, 2);
	memcpy(&shstrndx, elf + 0x3e, 2);
	memcpy(&names, elf + shoff + shstrndx * 64u + 0x18, 8);
	for (uint16_t i = 1; i < shnum; i++) {
		uint32_t name_offset;
		memcpy(&name_offset, elf + shoff + i * 64u, 4);
		if (strcmp((const char *)elf + names + name_offset, name))
			continue;
		*header = shoff + i * 64u;
		memcpy(&at, elf + *header + 0x18, 8);
		*offset = at;
		memcpy(&at, elf + *header + 0x20, 8);
		*size = at;
		return;
	}
	fail_msg("no section %s", name);
}

/*
 * A .BTF section written by hand for btf_filter's map (the kernel's
 * Documentation/bpf/btf.rst §2), in place of clang's, with the words a case
 * corrupts named. Types: 1 int, 2 int[HASH] (type), 3 ptr 2, 4 int[16]
 * (max_entries), 5 ptr 4, 6 u32, 7 ptr 6 (key), 8 u64, 9 ptr 8 (value),
 * 10 the struct, 11 its variable, 12 the ".maps" DATASEC; spares: 13
 * u64[256], 14 a typedef of itself.
 */
struct handmade {
	uint32_t words[96]; /* the 6-word header, then the types */
	uint32_t count;
	int32_t type_len_change;
	char strings[128];
	uint32_t strings_size;
	/* words a case changes */
	uint32_t first_info, max_entries_nelems, key_pointer, value_pointer, members, var_name;
	/* spare strings and types */
	uint32_t tipe, map_flags, other_map, u64_array, u64_array_nelems, self_typedef;
};

static uint32_t add_string(struct handmade *h, const char *s)
{
	uint32_t at = h->strings_size;
	memcpy(h->strings + at, s, strlen(s) + 1);
	h->strings_size += (uint32_t)strlen(s) + 1;
	return at;
}

static uint32_t add_words(struct handmade *h, uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t at = h->count;
	h->words[h->count++] = a, h->words[h->count++] = b, h->words[h->count++] = c;
	return at;
}

/* A type's common part (name, kind and vlen, size or type); its first word. */
static uint32_t add_type(struct handmade *h, const char *name, uint32_t kind, uint32_t vlen, uint32_t size_or_type)
{
	return add_words(h, name ? add_string(h, name) : 0, kind << 24 | vlen, size_or_type);
}

enum { INT = 1, PTR, ARRAY, STRUCT, TYPEDEF = 8, VAR = 14, DATASEC = 15 };

static void make_btf(struct handmade *h)
{
	memset(h, 0, sizeof *h);
	h->words[0] = 0xeb9f | 1 << 16; /* magic, version 1 */
	h->words[1] = 24;               /* header length; types at 0 after it */
	h->count = 6;
	h->strings_size = 1;            /* offset 0 is the empty name */
	h->first_info = add_type(h, "int", INT, 0, 4) + 1;
	h->words[h->count++] = 32;                                  /* 1: 32 bits */
	add_type(h, NULL, ARRAY, 0, 0);
	add_words(h, 1, 1, BPF_MAP_TYPE_HASH);                      /* 2 */
	add_type(h, NULL, PTR, 0, 2);                               /* 3 */
	add_type(h, NULL, ARRAY, 0, 0);
	h->max_entries_nelems = add_words(h, 1, 1, 16) + 2;         /* 4 */
	add_type(h, NULL, PTR, 0, 4);                               /* 5 */
	add_type(h, "unsigned int", INT, 0, 4);
	h->words[h->count++] = 32;                                  /* 6 */
	h->key_pointer = add_type(h, NULL, PTR, 0, 6) + 2;          /* 7 */
	add_type(h, "unsigned long long", INT, 0, 8);
	h->words[h->count++] = 64;                                  /* 8 */
	h->value_pointer = add_type(h, NULL, PTR, 0, 8) + 2;        /* 9 */
	add_type(h, NULL, STRUCT, 4, 32);                           /* 10 */
	h->members = add_words(h, add_string(h, "type"), 3, 0);     /* name, type, bit offset */
	add_words(h, add_string(h, "key"), 7, 64);
	add_words(h, add_string(h, "value"), 9, 128);
	add_words(h, add_string(h, "max_entries"), 5, 192);
	h->var_name = add_type(h, "accepted_by_source", VAR, 0, 10); /* 11 */
	h->words[h->count++] = 1;                                   /* global */
	add_type(h, ".maps", DATASEC, 1, 32);
	add_words(h, 11, 0, 32);                                    /* 12 */
	add_type(h, NULL, ARRAY, 0, 0);
	h->u64_array_nelems = add_words(h, 8, 1, 256) + 2;
	h->u64_array = 13;
	add_type(h, "loop", TYPEDEF, 0, 14);
	h->self_typedef = 14;
	h->tipe = add_string(h, "tipe");
	h->map_flags = add_string(h, "map_flags");
	h->other_map = add_string(h, "other_map");
}

/* The section's bytes into buf: header, types, strings; their count. */
static size_t btf_bytes(struct handmade *h, uint8_t *buf)
{
	uint32_t types = (h->count - 6) * 4;
	h->words[3] = types + h->type_len_change;
	h->words[4] = types, h->words[5] = h->strings_size; /* strings after the types */
	memcpy(buf, h->words, h->count * 4);
	memcpy(buf + h->count * 4, h->strings, h->strings_size);
	return h->count * 4 + h->strings_size;
}

/* Loads btf_filter with its .BTF replaced by h's, the section cut to `keep`
   bytes unless 0. */
static int load_with_btf(struct handmade *h, uint64_t keep, struct bpf_program *prog)
{
	static uint8_t copy[sizeof object];
	size_t header = 0, offset = 0, size = 0;
	uint8_t buf[1024];
	read_object("btf_filter");
	memcpy(copy, object, object_size);
	find_section(copy, ".BTF", &header, &offset, &size);
	uint64_t made = btf_bytes(h, buf);
	assert_true(made <= size);
	memcpy(copy + offset, buf, made);
	memcpy(copy + header + 0x20, keep ? &keep : &made, 8);
	bpf_map_pool_reset();
	return bpf_elf_load(copy, object_size, NULL, insns, BPF_MAX_INSNS, prog, log_, sizeof log_);
}

static void handmade_btf_loads(void **state)
{
	(void)state;
	struct handmade h;
	struct bpf_program prog;
	make_btf(&h);
	if (load_with_btf(&h, 0, &prog))
		fail_msg("handmade BTF: %s", log_);
	assert_map_shape(prog.maps[0], BPF_MAP_TYPE_HASH, 4, 8, 16);
	h.words[h.key_pointer] = 8;   /* u64 */
	h.words[h.value_pointer] = 6; /* u32 */
	h.words[h.max_entries_nelems] = 1;
	if (load_with_btf(&h, 0, &prog))
		fail_msg("handmade BTF, u64 key and u32 value: %s", log_);
	assert_map_shape(prog.maps[0], BPF_MAP_TYPE_HASH, 8, 4, 1);
	h.words[h.key_pointer] = h.u64_array; /* a 2 KiB key: the maps take at most 256 bytes */
	assert_int_equal(load_with_btf(&h, 0, &prog), -EINVAL);
	assert_non_null(strstr(log_, "unsupported type 1 or shape (key 2048"));
}

static void bad_btf_is_refused(void **state)
{
	(void)state;
	static const char *const want[] = {
		"BTF header truncated",                 /* 0: 10 bytes */
		"BTF type section [0, +280) truncated", /* 1: section ends inside the types */
		"BTF type 14 truncated",                /* 2: type section ends inside a record */
		"unknown kind 25",                      /* 3 */
		"type id 99 out of range (14 types)",   /* 4 */
		"type id 0 out of range",               /* 5: void as the value */
		"has no max_entries",                   /* 6 */
		"has no type",                          /* 7 */
		"member tipe is not supported",         /* 8 */
		"member max_entries is not a number",   /* 9 */
		"member key is not a pointer",          /* 10 */
		"map pool is out of memory",            /* 11: 16 values of 2 KiB */
		"too long (a cycle?)",                  /* 12 */
		"no variable of that name",             /* 13 */
		"name offset 4096 outside",             /* 14 */
		"bad magic",                            /* 15 */
		"type 13 too large",                    /* 16: u64[2^31] */
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct handmade h;
		struct bpf_program prog;
		uint64_t keep = 0;
		make_btf(&h);
		uint32_t *type_member = &h.words[h.members], *key_member = type_member + 3,
			 *max_entries_member = type_member + 9;
		switch (i) {
		case 0: keep = 10; break;
		case 1: keep = 24 + (h.count - 6) * 4 - 1; break;
		case 2: h.type_len_change = -2; break;
		case 3: h.words[h.first_info] = 25u << 24; break;
		case 4: h.words[h.key_pointer] = 99; break;
		case 5: h.words[h.value_pointer] = 0; break;
		case 6: max_entries_member[0] = h.map_flags; break;
		case 7: type_member[0] = h.map_flags; break;
		case 8: type_member[0] = h.tipe; break;
		case 9: max_entries_member[1] = 7; break;
		case 10: key_member[1] = 6; break;
		case 11: h.words[h.value_pointer] = h.u64_array; break;
		case 12: h.words[h.key_pointer] = h.self_typedef; break;
		case 13: h.words[h.var_name] = h.other_map; break;
		case 14: h.words[h.var_name] = 4096; break;
		case 15: h.words[0] = 0; break;
		case 16: h.words[h.value_pointer] = h.u64_array, h.words[h.u64_array_nelems] = 1u << 31; break;
		}
		int err = load_with_btf(&h, keep, &prog);
		if (err != -EINVAL || !strstr(log_, want[i]))
			fail_msg("case %u: status %d, log \"%s\", want \"%s\"", (unsigned)i, err, log_, want[i]);
	}
}

/* Random bytes of btf_filter's .BTF flipped, 10,000 times: every load ends in
   a map set or a reason, never a crash (fuzz_bpf --btf repeats this under
   AddressSanitizer, with the object in a block of its exact size). */
static void flipped_btf_never_crashes(void **state)
{
	(void)state;
	static uint8_t copy[sizeof object];
	size_t header, offset = 0, size = 0;
	uint64_t seed = 8266;
	uint32_t loaded = 0;
	read_object("btf_filter");
	find_section(object, ".BTF", &header, &offset, &size);
	for (int round = 0; round < 10000; round++) {
		struct bpf_program prog;
		memcpy(copy, object, object_size);
		for (int flips = 1 + round % 4; flips > 0; flips--) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			copy[offset + (seed >> 33) % size] ^= (uint8_t)(1 + (seed >> 20) % 255);
		}
		bpf_map_pool_reset();
		log_[0] = 0;
		int err = bpf_elf_load(copy, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_);
		if (err && (err != -EINVAL || !log_[0]))
			fail_msg("round %d: status %d without a reason", round, err);
		loaded += !err;
	}
	print_message("# %u of 10000 flipped objects loaded\n", (unsigned)loaded);
}

static void broken_objects_are_refused(void **state)
{
	(void)state;
	struct bpf_program prog;
	read_object("filter");
	static uint8_t copy[sizeof object];
	struct {
		const char *what, *message;
		size_t offset, size;
		uint8_t value;
	} cases[] = {
		{"truncated header", "not an ELF file", 0, 20, 0},
		{"bad magic", "bad magic", 1, 0, 'X'},
		{"32-bit class", "not a 64-bit little-endian", 4, 0, 1},
		{"wrong machine", "not BPF", 18, 0, 62},
		{"section table beyond the file", "section header table is outside", 0x28 + 3, 0, 0x7f},
		{"truncated sections", "outside the file", 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t size = cases[i].size ? cases[i].size : object_size;
		memcpy(copy, object, object_size);
		if (cases[i].offset || cases[i].value)
			copy[cases[i].offset] = cases[i].value;
		if (i == 5)
			size = object_size - 200; /* the section table sits at the end */
		int err = bpf_elf_load(copy, size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_);
		if (err != -EINVAL || !strstr(log_, cases[i].message))
			fail_msg("%s: status %d, log \"%s\", want \"%s\"", cases[i].what, err, log_, cases[i].message);
	}
	assert_int_equal(bpf_elf_load(object, object_size, "nosuch", insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), -EINVAL);
	assert_non_null(strstr(log_, "no program section named nosuch"));
	assert_int_equal(bpf_elf_load(object, object_size, NULL, insns, 3, &prog, log_, sizeof log_), -EINVAL);
	assert_non_null(strstr(log_, "room for 3"));
}

/* A section header's field at `field` (0x04 type, 0x18 offset, 0x20 size,
   0x28 link) set to `value` (width bytes). */
static void set_field(uint8_t *elf, size_t header, size_t field, uint64_t value, size_t width)
{
	memcpy(elf + header + field, &value, width);
}

/*
 * Sections whose type says they have no bytes (SHT_NOBITS), or section 0,
 * given an offset far outside the file: the loader used to read them as file
 * offsets (a crash on the device, which takes objects over its UART). Each
 * is refused now with the reason, and the untouched object still loads.
 */
static void sections_without_contents_are_refused(void **state)
{
	(void)state;
	static uint8_t copy[sizeof object];
	struct {
		const char *object, *section, *message;
	} nobits[] = {
		{"loop", ".strtab", "section name table (section 1) is SHT_NOBITS"},
		{"loop", "maps", "map section (section 5) is SHT_NOBITS"},
		{"loop", ".text", ".text (section 2) is SHT_NOBITS"},
		{"filter", "maps", "map section (section 5) is SHT_NOBITS"},
		{"btf_loop", ".BTF", ".BTF (section 7) is SHT_NOBITS"},
		{"btf_loop", ".maps", "map section (section 5) is SHT_NOBITS"},
	};
	for (size_t i = 0; i < sizeof nobits / sizeof nobits[0]; i++) {
		struct bpf_program prog;
		size_t header, offset, size;
		read_object(nobits[i].object);
		memcpy(copy, object, object_size);
		find_section(copy, nobits[i].section, &header, &offset, &size);
		set_field(copy, header, 0x04, 8 /* SHT_NOBITS */, 4);
		set_field(copy, header, 0x18, 0x40000000, 8);
		bpf_map_pool_reset();
		log_[0] = 0;
		int err = bpf_elf_load(copy, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_);
		if (err != -EINVAL || !strstr(log_, nobits[i].message))
			fail_msg("%s with NOBITS %s: status %d, log \"%s\", want \"%s\"", nobits[i].object,
				 nobits[i].section, err, log_, nobits[i].message);
	}

	/* e_shstrndx = 0, section 0 given a big offset and size */
	struct bpf_program prog;
	uint64_t shoff;
	read_object("loop");
	memcpy(copy, object, object_size);
	memcpy(&shoff, copy + 0x28, 8);
	copy[0x3e] = 0, copy[0x3f] = 0;
	set_field(copy, shoff, 0x18, 0x40000000, 8);
	set_field(copy, shoff, 0x20, 0x1000, 8);
	assert_int_equal(bpf_elf_load(copy, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), -EINVAL);
	assert_non_null(strstr(log_, "section name table is section 0, which has no contents"));

	/* the symbol table's names in section 0 */
	size_t header, offset, size;
	memcpy(copy, object, object_size);
	find_section(copy, ".symtab", &header, &offset, &size);
	set_field(copy, header, 0x28, 0, 4);
	assert_int_equal(bpf_elf_load(copy, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), -EINVAL);
	assert_non_null(strstr(log_, "symbol name table is section 0"));

	/* a string table whose last string runs to its end without a NUL */
	memcpy(copy, object, object_size);
	find_section(copy, ".strtab", &header, &offset, &size);
	set_field(copy, header, 0x20, size - 1, 8);
	assert_int_equal(bpf_elf_load(copy, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), -EINVAL);
	assert_non_null(strstr(log_, "does not end in a NUL"));

	/* the symbol table's names in a section that is not a string table */
	memcpy(copy, object, object_size);
	find_section(copy, ".symtab", &header, &offset, &size);
	set_field(copy, header, 0x28, 3 /* hook */, 4);
	assert_int_equal(bpf_elf_load(copy, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), -EINVAL);
	assert_non_null(strstr(log_, "symbol name table (section 3) is of type 1, not a string table"));

	bpf_map_pool_reset();
	assert_int_equal(bpf_elf_load(object, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), 0);
}

/* A legacy map symbol whose value is near 2^64: value + the definition's
   size wrapped, and the definition was read from before the object. */
static void map_symbol_offset_cannot_wrap(void **state)
{
	(void)state;
	static uint8_t copy[sizeof object];
	struct bpf_program prog;
	size_t header, offset, size;
	read_object("filter");
	memcpy(copy, object, object_size);
	uint64_t shoff;
	memcpy(&shoff, copy + 0x28, 8);
	find_section(copy, "maps", &header, &offset, &size);
	uint32_t maps_index = (uint32_t)((header - shoff) / 64);
	find_section(copy, ".symtab", &header, &offset, &size);
	bool changed = false;
	for (size_t at = offset; at + 24 <= offset + size; at += 24) {
		uint16_t shndx;
		memcpy(&shndx, copy + at + 6, 2);
		if (shndx == maps_index && (copy[at + 4] & 0xf) != 3 /* STT_SECTION */) {
			memcpy(copy + at + 8, &(uint64_t){UINT64_MAX - 8}, 8);
			changed = true;
		}
	}
	assert_true(changed);
	bpf_map_pool_reset();
	assert_int_equal(bpf_elf_load(copy, object_size, NULL, insns, BPF_MAX_INSNS, &prog, log_, sizeof log_), -EINVAL);
	assert_non_null(strstr(log_, "runs past the maps section"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(packet_filter_counts_per_source),
		cmocka_unit_test(btf_defined_hash_map),
		cmocka_unit_test(btf_defined_array),
		cmocka_unit_test(loop_with_local_function_and_array),
		cmocka_unit_test(helpers_print_stream_and_time),
		cmocka_unit_test(clang_programs_verify_in_14_kib),
		cmocka_unit_test(checksum_loop_proven_aligned),
		cmocka_unit_test(xdp_section_is_an_xdp_program),
		cmocka_unit_test(unchecked_index_is_rejected),
		cmocka_unit_test(global_data_is_refused),
		cmocka_unit_test(broken_objects_are_refused),
		cmocka_unit_test(sections_without_contents_are_refused),
		cmocka_unit_test(map_symbol_offset_cannot_wrap),
		cmocka_unit_test(handmade_btf_loads),
		cmocka_unit_test(bad_btf_is_refused),
		cmocka_unit_test(flipped_btf_never_crashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
