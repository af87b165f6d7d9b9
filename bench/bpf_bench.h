/*
 * bpf_bench.h — what the host and target eBPF benchmarks share: the three
 * clang-compiled programs (from bpf_objects.h, generated at build time), the
 * contexts they run on, and loading them.
 */
#pragma once
#include <stdio.h>
#include <string.h>
#include "bpf.h"
#include "bpf_elf.h"
#include "bpf_map.h"
#include "bpf_objects.h"

#define BENCH_MAX_INSNS 256

/* The programs' context (tests/bpf/bpf_program.h), 8-aligned for bpf_run:
   a line, or for checksum a 1500-byte packet. */
union bench_line {
	struct {
		uint8_t bytes[60];
		uint32_t length;
	} line;
	uint8_t packet[1500];
	uint64_t align;
};

struct bench_program {
	const char *name;
	const unsigned char *object;
	size_t size;
	union bench_line ctx;
	struct bpf_insn insns[BENCH_MAX_INSNS];
	struct bpf_program prog;
};

/* filter: an IPv4/UDP frame to port 53 from 10.0.0.7, the accepting path.
   loop: digits, letters and spaces. update: sixty bytes, sixty updates.
   checksum: 1500 bytes (zeros: the loop's path does not depend on them). */
static struct bench_program bench_programs[] = {
	{"filter", bpf_object_filter, sizeof bpf_object_filter,
	 {.line = {.bytes = {[12] = 0x08, [13] = 0x00, [14] = 0x45, [23] = 17,
			     [26] = 10, [29] = 7, [37] = 53}, .length = 42}}, {{0}}, {0}},
	{"loop", bpf_object_loop, sizeof bpf_object_loop,
	 {.line = {.bytes = "a1 b22 c3 4567 xyz 89 q0", .length = 24}}, {{0}}, {0}},
	{"update", bpf_object_update, sizeof bpf_object_update,
	 {.line = {.bytes = "the quick brown fox jumps over the lazy dog 0123456789 ABCDE",
		   .length = 60}}, {{0}}, {0}},
	{"checksum", bpf_object_checksum, sizeof bpf_object_checksum, {.align = 0}, {{0}}, {0}},
};
#define BENCH_PROGRAMS (sizeof bench_programs / sizeof bench_programs[0])

/* Loads one program from its object; 0 or prints why not. */
static int bench_load(struct bench_program *b)
{
	char log[120];
	int err = bpf_elf_load(b->object, b->size, NULL, b->insns, BENCH_MAX_INSNS, &b->prog, log,
			       sizeof log);
	if (err)
		printf("bench: %s: %s\n", b->name, log);
	b->prog.ctx_size = strcmp(b->name, "checksum") ? sizeof b->ctx.line : sizeof b->ctx.packet;
	return err;
}

/* Verifies a loaded program (scratch: the verifier's working memory), then
   runs it once so that its maps reach the state every later run sees: each
   run then takes the same path. Returns 0 or prints why not. */
static int bench_verify(struct bench_program *b, void *scratch, size_t scratch_size)
{
	char log[120];
	uint64_t r0;
	int err = bpf_verify(&b->prog, scratch, scratch_size, log, sizeof log);
	if (!err && (err = bpf_run(&b->prog, &b->ctx, &r0)) != 0)
		snprintf(log, sizeof log, "run failed: %d", err);
	if (err)
		printf("bench: %s: %s\n", b->name, log);
	return err;
}
