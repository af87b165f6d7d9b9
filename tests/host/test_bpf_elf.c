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

static void btf_defined_array_and_struct_keyed_hash(void **state)
{
	(void)state;
	struct bpf_program prog;
	if (load("btf_loop", &prog))
		fail_msg("btf_loop: %s", log_);
	assert_int_equal(prog.map_count, 2);
	assert_map_shape(prog.maps[0], BPF_MAP_TYPE_ARRAY, 4, 8, 4);
	assert_map_shape(prog.maps[1], BPF_MAP_TYPE_HASH, 4, 4, 10); /* const typedef'd struct key */
	set_line("a1 b22 c3!", 10);
	assert_int_equal(run(&prog), 1 + 2 + 2 + 3);
	static const uint64_t want[4] = {4, 3, 2, 1};
	for (uint32_t k = 0; k < 4; k++)
		assert_int_equal(*(uint64_t *)bpf_map_lookup(prog.maps[0], &k), want[k]);
	static const struct { char digit; uint32_t seen; } digits[] = {{'1', 1}, {'2', 2}, {'3', 1}};
	for (uint32_t k = 0; k < 3; k++) {
		uint8_t key[4] = {(uint8_t)digits[k].digit};
		uint32_t *seen = bpf_map_lookup(prog.maps[1], key);
		assert_non_null(seen);
		assert_int_equal(*seen, digits[k].seen);
	}
	uint8_t absent[4] = {'4'};
	assert_null(bpf_map_lookup(prog.maps[1], absent));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(packet_filter_counts_per_source),
		cmocka_unit_test(btf_defined_hash_map),
		cmocka_unit_test(btf_defined_array_and_struct_keyed_hash),
		cmocka_unit_test(loop_with_local_function_and_array),
		cmocka_unit_test(helpers_print_stream_and_time),
		cmocka_unit_test(unchecked_index_is_rejected),
		cmocka_unit_test(global_data_is_refused),
		cmocka_unit_test(broken_objects_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
